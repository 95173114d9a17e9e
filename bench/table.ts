// The markdown tables and number formats of BENCHMARKS.md's sections (report.ts and the sections it
// takes from the real-CLI runs).

/** A markdown table; prettier aligns it when the document is written. */
export function table(header: string[], rows: (string | number)[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

/** a ÷ b to two decimals; "=" when both are 0, "∞" when only b is. */
export const ratio = (a: number, b: number): string => (b ? (a / b).toFixed(2) : a === 0 ? "=" : "∞");

/** a ÷ b as "1.23×"; "–" when b is 0. */
export const times = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : "–");

/** Seconds: one decimal below 10, whole above. */
export const seconds = (x: number): string => `${x < 10 ? x.toFixed(1) : Math.round(x)} s`;

/** A whole number with thousands separators: 10,000. */
export const count = (x: number): string => x.toLocaleString("en-US");

export const mb = (x: number): string => `${count(x)} MB`;

/** A check that passed, or one that did not, in bold. */
export const yes = (ok: boolean): string => (ok ? "yes" : "**no**");
