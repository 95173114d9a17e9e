// Values as a user types them on the CLI and in a --seed file: a relationship status in any case
// (`PAUSED`, the resource's own word, is Macie's `Paused`), and for a word the CLI does not know, the
// closest one it does — as the package names the closest argument of a misspelt declaration.
import { closest } from "fastest-levenshtein";
import { RELATIONSHIP_STATUSES } from "../model/api-model";

/** Lower case without `_`, `-` or spaces: `EMAIL_VERIFICATION_FAILED` and `EmailVerificationFailed` meet. */
function squashed(word: string): string {
  return word.toLowerCase().replace(/[-_\s]/g, "");
}

/** ` (did you mean "Paused"?)`: the known word closest to `raw`, case aside. */
export function didYouMean(raw: string, known: readonly string[], show = JSON.stringify): string {
  const near = closest(squashed(raw), known.map(squashed));
  const match = known.find((word) => squashed(word) === near);
  return match === undefined ? "" : ` (did you mean ${show(match)}?)`;
}

/**
 * Macie's relationship status that `raw` names, in any case and with `_`/`-` ignored: `ENABLED` →
 * `Enabled`, `paused` → `Paused`, `EMAIL_VERIFICATION_FAILED` → `EmailVerificationFailed`. Throws,
 * naming `where`, every status and the closest one, for anything else.
 */
export function relationshipStatusFrom(raw: unknown, where: string): string {
  const found =
    typeof raw === "string" ? RELATIONSHIP_STATUSES.find((s) => squashed(s) === squashed(raw)) : undefined;
  if (found !== undefined) return found;
  throw new Error(
    `${where} must be one of ${RELATIONSHIP_STATUSES.join(", ")} (any case: ENABLED and PAUSED work too); ` +
      `got ${JSON.stringify(raw)}${typeof raw === "string" ? didYouMean(raw, RELATIONSHIP_STATUSES) : ""}`,
  );
}

/** `raw` when it is one of `known`; otherwise throws, naming `where`, every value and the closest one. */
export function oneOf<T extends string>(raw: string, known: readonly T[], where: string): T {
  const found = known.find((word) => word === raw);
  if (found !== undefined) return found;
  throw new Error(
    `${where} must be one of ${known.join(", ")}; got ${JSON.stringify(raw)}${didYouMean(raw, known)}`,
  );
}
