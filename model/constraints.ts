// The constraints of a shape, checked on a value: required members, types, enums, integer ranges,
// string and list lengths, patterns. One checker for both directions — requests we build (as the
// SDK takes them) and answers the emulator sends (as JSON) — and one message format, the one AWS
// services answer a ValidationException with:
//   1 validation error detected: Value '50' at 'maxResults' failed to satisfy constraint:
//   Member must have value less than or equal to 25
//
// Where we are stricter than AWS, on purpose (the oracle is for our own requests and answers):
// a member the shape does not define is a violation (AWS ignores unknown JSON members). Patterns
// match the whole value, as AWS's Java validators do (the model's patterns are not anchored).
import { shapeOf, type ServiceModel, type Shape } from "./api-model";

export interface Violation {
  /** Where, in AWS's form: "maxResults", "members.3.relationshipStatus". */
  at: string;
  /** What was there (undefined: nothing). */
  value: unknown;
  /** "Member must have value less than or equal to 25". */
  constraint: string;
}

/** Every violation of `shapeName`'s constraints in `value`; [] when it conforms. */
export function violationsOf(service: ServiceModel, shapeName: string, value: unknown, at = ""): Violation[] {
  const out: Violation[] = [];
  check(service, shapeOf(service, shapeName), value, at, out);
  return out;
}

/** AWS's ValidationException message for `violations` (at least one). */
export function validationMessage(violations: readonly Violation[]): string {
  const n = violations.length;
  const each = violations.map(
    (v) => `Value ${shown(v.value)} at '${v.at}' failed to satisfy constraint: ${v.constraint}`,
  );
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${each.join("; ")}`;
}

function check(service: ServiceModel, shape: Shape, value: unknown, at: string, out: Violation[]): void {
  const fail = (constraint: string): void => void out.push({ at, value, constraint });
  switch (shape.type) {
    case "structure":
      return checkStructure(service, shape, value, at, out);
    case "list":
      if (!Array.isArray(value)) return fail("Member must be a list");
      checkSize(shape, value.length, "length", fail);
      value.forEach((v: unknown, i) =>
        check(service, shapeOf(service, shape.member!.shape), v, join(at, String(i + 1)), out),
      );
      return;
    case "map":
      if (!isObject(value)) return fail("Member must be a map");
      checkSize(shape, Object.keys(value).length, "length", fail);
      for (const [k, v] of Object.entries(value)) {
        check(service, shapeOf(service, shape.key!.shape), k, join(at, k), out);
        check(service, shapeOf(service, shape.value!.shape), v, join(at, k), out);
      }
      return;
    case "string":
      return checkString(shape, value, fail);
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isSafeInteger(value)) return fail("Member must be an integer");
      return checkSize(shape, value, "value", fail);
    case "double":
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) return fail("Member must be a number");
      return checkSize(shape, value, "value", fail);
    case "boolean":
      if (typeof value !== "boolean") fail("Member must be a boolean");
      return;
    case "timestamp":
      if (!isTimestamp(value)) fail("Member must be a timestamp");
      return;
    case "blob":
      if (!(typeof value === "string" || value instanceof Uint8Array)) fail("Member must be a blob");
      return;
  }
}

function checkStructure(
  service: ServiceModel,
  shape: Shape,
  value: unknown,
  at: string,
  out: Violation[],
): void {
  if (!isObject(value)) {
    out.push({ at: at || "(body)", value, constraint: "Member must be a structure" });
    return;
  }
  const members = shape.members ?? {};
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null)
      out.push({ at: join(at, name), value: null, constraint: "Member must not be null" });
  }
  for (const [name, v] of Object.entries(value)) {
    const ref = Object.hasOwn(members, name) ? members[name] : undefined;
    if (!ref) {
      out.push({ at: join(at, name), value: v, constraint: "Member must be one the model defines" });
      continue;
    }
    // The SDK leaves optional members out as undefined; null is how JSON says "absent" too.
    if (v === undefined || v === null) continue;
    check(service, shapeOf(service, ref.shape), v, join(at, name), out);
  }
}

function checkString(shape: Shape, value: unknown, fail: (c: string) => void): void {
  if (typeof value !== "string") return fail("Member must be a string");
  if (shape.enum && !shape.enum.includes(value))
    return fail(`Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
  checkSize(shape, [...value].length, "length", fail);
  if (shape.pattern !== undefined && !wholeMatch(shape.pattern).test(value))
    fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
}

/** min/max of a length ("must have length …") or of a number ("must have value …"). */
function checkSize(shape: Shape, n: number, what: "length" | "value", fail: (c: string) => void): void {
  if (shape.min !== undefined && n < shape.min)
    fail(`Member must have ${what} greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && n > shape.max)
    fail(`Member must have ${what} less than or equal to ${shape.max}`);
}

const patterns = new Map<string, RegExp>();

/**
 * The model's pattern as a whole-value JavaScript RegExp. The `u` flag reads the model's Java
 * syntax the way Java does where it matters here: `\p{L}` classes, and `\uXXXX` as exactly four
 * hex digits (so STS's `\u10000-\u10FFFF` is `\u1000`, `0-\u10FF`, `F`, `F`, as in Java).
 */
export function wholeMatch(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, "u");
    patterns.set(pattern, re);
  }
  return re;
}

function isTimestamp(value: unknown): boolean {
  if (value instanceof Date) return !Number.isNaN(value.getTime());
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function join(at: string, name: string): string {
  return at ? `${at}.${name}` : name;
}

/** How AWS shows a value in the message: scalars quoted ('50', 'X'), the rest as JSON, absent as null. */
function shown(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return `'${cut(value.toISOString())}'`;
  switch (typeof value) {
    case "string":
      return `'${cut(value)}'`;
    case "number":
    case "boolean":
    case "bigint":
      return `'${String(value)}'`;
    default:
      return cut(JSON.stringify(value) ?? typeof value);
  }
}

function cut(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
