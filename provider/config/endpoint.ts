// Plain-http endpoints: every request, and the AWS session token that signs it, goes in clear. To
// this machine that is the emulator and harmless; to any other host it needs the user's word.
import type { ConfigGetter, Environment } from "./sources";

/** The Pulumi config key and environment variable that allow plain http to another host. */
export const ALLOW_INSECURE_ENDPOINT = {
  config: "macie:allowInsecureEndpoint",
  env: "MACIE_MEMBER_STATUS_ALLOW_INSECURE_ENDPOINT",
} as const;

/** 127.0.0.0/8, localhost, ::1: hosts that never leave this machine. */
function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127(\.[0-9]{1,3}){3}$/.test(hostname);
}

/** Whether plain http to another host is allowed: config (true/false) over the environment; default no. */
export function insecureEndpointAllowed(get: ConfigGetter, env: Environment): boolean {
  const raw = get(ALLOW_INSECURE_ENDPOINT.config.split(":")[1]);
  const source =
    raw !== undefined
      ? { value: raw, name: `Pulumi config ${ALLOW_INSECURE_ENDPOINT.config}` }
      : {
          value: env[ALLOW_INSECURE_ENDPOINT.env],
          name: `environment variable ${ALLOW_INSECURE_ENDPOINT.env}`,
        };
  if (source.value === undefined || source.value === "") return false;
  if (source.value === "true" || source.value === "false") return source.value === "true";
  throw new Error(`${source.name} must be true or false; got ${JSON.stringify(source.value.slice(0, 40))}`);
}

/** Throws for an http endpoint to a host other than this machine, naming where it was set. */
export function refuseInsecureEndpoint(variable: string, url: string | undefined, allowed: boolean): void {
  if (url === undefined || allowed) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return; // not a URL: the SDK names it better
  }
  if (parsed.protocol !== "http:" || isLoopback(parsed.hostname)) return;
  throw new Error(
    `${variable} is ${JSON.stringify(url)}: plain http to a host other than this machine sends every request, ` +
      `and the AWS session token, in clear. Use https, or allow it with the Pulumi config ` +
      `${ALLOW_INSECURE_ENDPOINT.config} true (or ${ALLOW_INSECURE_ENDPOINT.env}=true)`,
  );
}
