// What the serialized shim loads, by package name, inside Pulumi's dynamic-provider host:
// `require("pulumi-macie-member-status/dynamic-provider").load(settings)`. Keep `load`'s signature
// stable: states written by every earlier version call it.
import { macieClient } from "./client";
import { systemClock } from "./clock";
import { MemberStatusProvider } from "./provider";
import { rateCapOf, resolveSettings, type ProgramSettings } from "./settings";

const providers = new Map<string, MemberStatusProvider>();

export function load(program: ProgramSettings = {}): MemberStatusProvider {
  const key = JSON.stringify(program);
  let provider = providers.get(key);
  if (!provider) {
    const settings = resolveSettings(program, process.env);
    provider = new MemberStatusProvider({
      clientFor: (region) => macieClient(region, rateCapOf(settings)),
      clock: systemClock,
      settings,
      env: process.env,
    });
    providers.set(key, provider);
  }
  return provider;
}
