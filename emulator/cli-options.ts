// The CLI's options and its --help, apart from cli.ts (which starts a server when loaded) so tests
// can check that --help and emulator/README.md name every option and every control call.
import { parseArgs } from "node:util";
import { didYouMean } from "./cli-values";
import { CONTROL_CALLS } from "./control";
import { NON_MEMBER_ANSWERS } from "./non-member";
import { RELATIONSHIP_STATUSES } from "../model/api-model";

export interface CliOption {
  name: string;
  /** The value it takes, as shown in --help; none for a flag. */
  arg?: string;
  help: string;
}

export const CLI_OPTIONS: readonly CliOption[] = [
  { name: "port", arg: "N", help: "port on 127.0.0.1 (default 0: any free port; the URL is printed)" },
  {
    name: "region",
    arg: "R",
    help: "region of --members and of control calls that name none (default us-east-1)",
  },
  {
    name: "members",
    arg: "N",
    help: "seeds N members 100000000000, 100000000001, ... in --region (default 0)",
  },
  {
    name: "status",
    arg: "S",
    help: `relationship status of --members (default Enabled; one of ${RELATIONSHIP_STATUSES.join(", ")}, in any case: PAUSED is Paused)`,
  },
  {
    name: "seed",
    arg: "FILE",
    help: 'seeds members from a JSON file: {"us-east-1": {"111111111111": "Enabled", ...}, ...}',
  },
  { name: "admin", arg: "ACCOUNT", help: "the delegated administrator's account id (default 999999999999)" },
  {
    name: "rate",
    arg: "R",
    help: "rate limit: calls per second over all Macie calls, 429 past it (default: none)",
  },
  { name: "burst", arg: "N", help: "calls the rate limit lets through at once (default: --rate)" },
  {
    name: "busy-ms",
    arg: "MS",
    help: "after a status change, writes to that member answer 409 for MS (default 0)",
  },
  { name: "latency-ms", arg: "MS", help: "added before every Macie answer (default 0)" },
  {
    name: "read-lag-ms",
    arg: "MS",
    help: "eventual consistency: reads show the status from before a change for MS (default 0)",
  },
  {
    name: "non-member",
    arg: "ANSWER",
    help: `answer for unknown members: ${NON_MEMBER_ANSWERS.join(", ")} (default: 404 to reads, not-associated to writes)`,
  },
  { name: "help", help: "prints this help" },
];

/**
 * The options in `args` that the CLI does not have, each named with the closest one it has, e.g.
 * `--stauts (did you mean --status?)`; none when every option is known.
 */
export function unknownOptions(args: readonly string[]): string[] {
  const names = CLI_OPTIONS.map((o) => o.name);
  const { tokens } = parseArgs({ args: [...args], strict: false, tokens: true });
  return tokens.flatMap((token) =>
    token.kind === "option" && !names.includes(token.name)
      ? [`${token.rawName}${didYouMean(token.name, names, (name) => `--${name}`)}`]
      : [],
  );
}

const FAULT_KINDS_HELP = [
  '"403" "409" "429" "500" "503"   that HTTP error; nothing applied',
  "not-found not-associated not-enabled associated-conflict   Macie's non-member answers",
  "latency (latencyMs)   waits, then answers",
  "drop-before drop-after   destroys the connection before / after applying the call",
  "hold-before hold-after   never answers (ended by release, reset or stop)",
  "stall   applies the call, sends headers and half the body, never the rest",
  "malformed (body: empty-object | empty | truncated | html | missing-fields)   a bad 200",
  "cut-short repeat-token   ListMembers only: a page without its nextToken / with the token it came with",
  "omit-member duplicate-member   ListMembers only: a page lacking its last member / naming its first twice",
];

export function help(): string {
  const options = CLI_OPTIONS.map((o) => `  --${o.name}${o.arg ? ` ${o.arg}` : ""}`.padEnd(24) + o.help);
  const control = CONTROL_CALLS.flatMap((c) => [`  ${c.method} ${c.path}  ${c.takes}`, `      ${c.effect}`]);
  return [
    "macie-emulator: a local Amazon Macie2 members API (GetMember, UpdateMemberSession, ListMembers)",
    "and STS (AssumeRole, GetCallerIdentity), for Pulumi programs and tests without AWS.",
    "",
    "usage: macie-emulator [options]",
    "",
    "options:",
    ...options,
    "",
    "point the AWS SDK at it (any dummy keys; requests must be SigV4-signed):",
    "  export AWS_ENDPOINT_URL_MACIE2=<url> AWS_ENDPOINT_URL_STS=<url>",
    "  export AWS_ACCESS_KEY_ID=AKIAEXAMPLE AWS_SECRET_ACCESS_KEY=dummy AWS_REGION=us-east-1",
    "",
    'control API, JSON over HTTP at <url>/__control/... (answers {"ok": true} unless said; 400 on a bad call;',
    "  POST and DELETE need content-type: application/json, every call a loopback Host):",
    ...control,
    "",
    'fault kinds (POST /__control/faults; times: N or "always", after: N calls let through first):',
    ...FAULT_KINDS_HELP.map((k) => `  ${k}`),
    "",
    "stops on SIGINT (Ctrl-C), SIGTERM or SIGHUP, and when the process that started it (e.g. npx) exits.",
    "more: emulator/README.md in the pulumi-macie-member-status package",
  ].join("\n");
}
