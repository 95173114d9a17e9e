// AWS's published API models of what this package calls (model/*.json, vendored from botocore by
// tools/aws-model/refresh.sh; source and version in model/source.json). They are the oracle: the
// provider checks every request it builds against them (provider/model-check.ts), the emulator
// decodes and refuses requests by them and answers with their shapes and error codes, and the
// conformance tests walk them. Nothing here is written from memory of the API.
import macie2Json from "./macie2.json";
import stsJson from "./sts.json";

/** Where a member of a request travels (restJson1); absent: in the JSON body (or, for awsQuery, the form). */
export type Location = "uri" | "querystring" | "header" | "headers" | "statusCode";

export interface MemberRef {
  shape: string;
  location?: Location;
  locationName?: string;
}

export interface Shape {
  type:
    | "structure"
    | "list"
    | "map"
    | "string"
    | "integer"
    | "long"
    | "boolean"
    | "timestamp"
    | "blob"
    | "double"
    | "float";
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  timestampFormat?: string;
  exception?: boolean;
  error?: { httpStatusCode?: number; code?: string; senderFault?: boolean };
}

export interface OperationModel {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors?: { shape: string }[];
}

export interface ServiceModel {
  metadata: { protocol: string; serviceId: string; apiVersion: string; xmlNamespace?: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

// The JSON's inferred types are wider than the model's literal unions; the files are botocore's
// own, checked shape by shape by tests/model/api-model.test.ts.
export const macie2 = macie2Json as unknown as ServiceModel;
export const sts = stsJson as unknown as ServiceModel;

export function operationOf(service: ServiceModel, name: string): OperationModel {
  const operation = service.operations[name];
  if (!operation) throw new Error(`${service.metadata.serviceId} has no operation ${name} in model/`);
  return operation;
}

export function shapeOf(service: ServiceModel, name: string): Shape {
  const shape = service.shapes[name];
  if (!shape) throw new Error(`${service.metadata.serviceId} has no shape ${name} in model/`);
  return shape;
}

/** The shape a member of `structure` refers to. */
export function memberShape(service: ServiceModel, structure: string, member: string): Shape {
  const ref = shapeOf(service, structure).members?.[member];
  if (!ref) throw new Error(`${service.metadata.serviceId} shape ${structure} has no member ${member}`);
  return shapeOf(service, ref.shape);
}

/** The values an enum shape allows, in the model's order. */
export function enumOf(service: ServiceModel, name: string): readonly string[] {
  const values = shapeOf(service, name).enum;
  if (!values) throw new Error(`${service.metadata.serviceId} shape ${name} is not an enum`);
  return values;
}

/** The HTTP status the model gives an error shape (its name as the SDK names the exception). */
export function errorStatusOf(service: ServiceModel, errorName: string): number | undefined {
  return service.shapes[errorName]?.error?.httpStatusCode;
}

/** Macie's relationship statuses, exactly as the model lists them. */
export const RELATIONSHIP_STATUSES: readonly string[] = enumOf(macie2, "RelationshipStatus");

/** The most members one ListMembers page may ask for (shape MaxResults: 1–25). */
export const LIST_MEMBERS_PAGE_MAX: number = memberShape(macie2, "ListMembersRequest", "maxResults").max ?? 0;
