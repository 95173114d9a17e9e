// What the serialized shim loads, by package name, inside Pulumi's dynamic-provider host:
// `require("pulumi-macie-member-status/dynamic-provider").load(settings)`. Keep `load`'s signature
// stable: states written by every earlier version call it.
import { macieClient } from "./client";
import { systemClock } from "./clock";
import { MemberStatusProvider } from "./provider";
import { resolveSettings, type ProgramSettings } from "./settings";

const providers = new Map<string, MemberStatusProvider>();

export function load(program: ProgramSettings = {}): MemberStatusProvider {
  const key = JSON.stringify(program);
  let provider = providers.get(key);
  if (!provider) {
    provider = new MemberStatusProvider({
      clientFor: macieClient,
      clock: systemClock,
      settings: resolveSettings(program, process.env),
      env: process.env,
    });
    providers.set(key, provider);
  }
  return provider;
}
