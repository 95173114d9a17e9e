// Pulumi workaround: telling the provider that the account id is a secret. Verified with
// @pulumi/pulumi 3.248.0 and the Pulumi CLI 3.248.0.
//
// Why: the dynamic-provider host hands a provider plain values (sdk/nodejs/cmd/dynamic-provider:
// inputs are unwrapped before check/create/…), so the provider cannot see that `accountId` was a
// secret, and its messages — which name the account — would print it. Dynamic providers have no
// way to learn or return secretness (pulumi/pulumi#3012, open; #8265 only made `__provider`
// itself secret). So the resource class, which can see it (`pulumi.isSecret`), sends this flag
// beside the id, the provider masks the id in every message when it is there, and the flag is
// carried into every output so refresh, update and delete keep masking.

/**
 * Set (to true) by the resource when its accountId is a secret: the provider then shows the account
 * id masked in every message. Present with any value at all means masked: the resource never sends
 * it otherwise, so a `false` can only come from a transformation, and must not unmask.
 */
export const SECRET_ACCOUNT_FLAG = "__accountIdSecret";

/** Whether messages about `props`'s account must mask it: the flag is there, whatever its value. */
export function accountIdIsSecret(props: Record<string, unknown>): boolean {
  return props[SECRET_ACCOUNT_FLAG] !== undefined;
}

/** "…8901" for every mention of the account id of `props`, when that id is a secret. */
export function maskSecretAccount(message: string, props: Record<string, unknown>): string {
  const accountId = props.accountId;
  if (!accountIdIsSecret(props) || typeof accountId !== "string" || accountId.length < 4) return message;
  return message.split(accountId).join(`…${accountId.slice(-4)}`);
}

/**
 * A lifecycle call's error as it leaves for the engine: its message only — a provider host prints
 * `error.stack`, whose frames name this machine's absolute paths, and CI logs keep what the CLI
 * prints — with every secret account id of `bags` masked, in the message and in a partial failure's
 * `reasons` (what the engine shows for ErrorResourceInitFailed).
 */
export function cleanError(error: unknown, ...bags: Record<string, unknown>[]): unknown {
  if (!(error instanceof Error)) return error;
  const failed = error as Error & { reasons?: unknown };
  for (const bag of bags) {
    error.message = maskSecretAccount(error.message, bag);
    if (Array.isArray(failed.reasons))
      failed.reasons = failed.reasons.map((r) => maskSecretAccount(String(r), bag));
  }
  error.stack = `${error.name}: ${error.message}`;
  return error;
}
