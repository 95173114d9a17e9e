// "a, b, c, and 7 more": how every message of this package names a long list — a region of 10,000
// members may fail 10,000 times, and a message that names them all is read by no one.

/**
 * The first `shown` of `items` joined by `separator`, then "<separator>and N more" when some are
 * left out (", and 3 more"; "; and 3 more").
 */
export function firstOf(items: readonly string[], shown: number, separator = ", "): string {
  const head = items.slice(0, shown).join(separator);
  const rest = items.length - shown;
  return rest > 0 ? `${head}${separator.trimEnd()} and ${rest} more` : head;
}

/** `text` cut to `length` characters, "…" marking the cut: a name or value quoted in a message. */
export function cut(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length)}…` : text;
}
