// Requests as they arrive on the wire, read by the model: which operation a method and path are
// (restJson1's requestUri templates), and the operation's input rebuilt from where the model
// binds each member — URI labels, query string, headers, JSON body (restJson1), or the form
// fields of an awsQuery body (STS). A value that cannot be read as its shape's type (a
// maxResults of "abc") is a violation, as is a query parameter or form field the model does not
// define. The emulator then checks the rebuilt input with constraints.ts, like every request.
import { shapeOf, type OperationModel, type ServiceModel, type Shape } from "./api-model";
import type { Violation } from "./constraints";

export interface WireRequest {
  method: string;
  /** The path as sent (percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** What a request decodes to: the input as the SDK would have taken it, and what could not be read. */
export interface Decoded {
  input: Record<string, unknown>;
  violations: Violation[];
}

/** The restJson1 operation `method` `path` calls, and its URI labels (decoded); undefined: none. */
export function routeOf(
  service: ServiceModel,
  method: string,
  path: string,
): { operation: OperationModel; labels: Record<string, string> } | undefined {
  for (const operation of Object.values(service.operations)) {
    if (operation.http.method !== method) continue;
    const labels = matchTemplate(operation.http.requestUri, path);
    if (labels) return { operation, labels };
  }
  return undefined;
}

/** "/members/{id}" against "/members/123": { id: "123" }; undefined when the path is another. */
function matchTemplate(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const label = /^\{([^}+]+)\+?\}$/.exec(part);
      if (!label) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(label[1]);
      return "([^/]+)";
    })
    .join("");
  const m = new RegExp(`^${source}$`).exec(path);
  if (!m) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodedSegment(m[i + 1])]));
}

/** A segment that is not valid percent-encoding stays as sent: the constraints then judge it. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A restJson1 request's input, from where the model binds each member of the input shape. */
export function decodeRestJson(
  service: ServiceModel,
  operation: OperationModel,
  labels: Record<string, string>,
  req: WireRequest,
): Decoded {
  const input: Record<string, unknown> = {};
  const violations: Violation[] = [];
  const shape: Shape = operation.input ? shapeOf(service, operation.input.shape) : { type: "structure" };
  const members = Object.entries(shape.members ?? {});
  const bound = new Set<string>();
  for (const [name, ref] of members) {
    const wire = ref.locationName ?? name;
    const target = shapeOf(service, ref.shape);
    if (ref.location === "uri") {
      if (wire in labels) input[name] = labels[wire];
    } else if (ref.location === "querystring") {
      bound.add(wire);
      const raw = target.type === "list" ? req.query.getAll(wire) : req.query.get(wire);
      if (raw !== null && !(Array.isArray(raw) && raw.length === 0))
        input[name] = scalarOrList(service, target, raw, name, violations);
    } else if (ref.location === "header") {
      const raw = req.headers[wire.toLowerCase()];
      if (raw !== undefined) input[name] = scalar(target, String(raw), name, violations);
    }
  }
  for (const key of new Set(req.query.keys())) {
    if (!bound.has(key))
      violations.push({
        at: key,
        value: req.query.get(key),
        constraint: "Query parameter must be one the model defines",
      });
  }
  const body = bodyMembers(shape, req.body, violations);
  return { input: { ...input, ...body }, violations };
}

/** The JSON body's members, renamed from their locationName to the member name. */
function bodyMembers(shape: Shape, body: string, violations: Violation[]): Record<string, unknown> {
  if (body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    violations.push({ at: "(body)", value: body, constraint: "The body must be a JSON object" });
    return {};
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    violations.push({ at: "(body)", value: parsed, constraint: "The body must be a JSON object" });
    return {};
  }
  const byWireName = new Map<string, string>();
  for (const [name, ref] of Object.entries(shape.members ?? {}))
    if (!ref.location) byWireName.set(ref.locationName ?? name, name);
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [byWireName.get(k) ?? k, v]),
  );
}

/** An awsQuery (STS) form's input: Action and Version are the protocol's; the rest are members. */
export function decodeQuery(
  service: ServiceModel,
  operation: OperationModel,
  form: URLSearchParams,
): Decoded {
  const violations: Violation[] = [];
  const shape: Shape = operation.input ? shapeOf(service, operation.input.shape) : { type: "structure" };
  const used = new Set(["Action", "Version"]);
  const input = queryStructure(service, shape, "", form, used, violations);
  for (const key of new Set(form.keys())) {
    if (!used.has(key))
      violations.push({
        at: key,
        value: form.get(key),
        constraint: "Parameter must be one the model defines",
      });
  }
  return { input, violations };
}

function queryStructure(
  service: ServiceModel,
  shape: Shape,
  prefix: string,
  form: URLSearchParams,
  used: Set<string>,
  violations: Violation[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const key = prefix + (ref.locationName ?? name);
    const value = queryValue(service, shapeOf(service, ref.shape), key, form, used, violations);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function queryValue(
  service: ServiceModel,
  shape: Shape,
  key: string,
  form: URLSearchParams,
  used: Set<string>,
  violations: Violation[],
): unknown {
  if (shape.type === "structure") {
    const value = queryStructure(service, shape, `${key}.`, form, used, violations);
    return Object.keys(value).length > 0 ? value : undefined;
  }
  if (shape.type === "list") {
    const items: unknown[] = [];
    for (let i = 1; ; i += 1) {
      const item = queryValue(
        service,
        shapeOf(service, shape.member!.shape),
        `${key}.member.${i}`,
        form,
        used,
        violations,
      );
      if (item === undefined) break;
      items.push(item);
    }
    // An empty list is sent as the bare key with an empty value.
    if (items.length === 0 && form.has(key)) {
      used.add(key);
      return [];
    }
    return items.length > 0 ? items : undefined;
  }
  const raw = form.get(key);
  if (raw === null) return undefined;
  used.add(key);
  return scalar(shape, raw, key, violations);
}

function scalarOrList(
  service: ServiceModel,
  shape: Shape,
  raw: string | string[],
  at: string,
  violations: Violation[],
): unknown {
  if (Array.isArray(raw))
    return raw.map((r) => scalar(shapeOf(service, shape.member!.shape), r, at, violations));
  return scalar(shape, raw, at, violations);
}

/** A query, header or form value as its shape's type; a violation (and the raw text) when it is not one. */
function scalar(shape: Shape, raw: string, at: string, violations: Violation[]): unknown {
  switch (shape.type) {
    case "integer":
    case "long":
      if (/^-?[0-9]+$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
      violations.push({ at, value: raw, constraint: "Member must be an integer" });
      return undefined;
    case "boolean":
      if (raw === "true" || raw === "false") return raw === "true";
      violations.push({ at, value: raw, constraint: "Member must be a boolean" });
      return undefined;
    default:
      return raw;
  }
}
