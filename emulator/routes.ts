// Which Macie2 operation a request is: the paths and verbs @aws-sdk/client-macie2 sends (its
// serializers: GetMember GET /members/{id}, UpdateMemberSession PATCH /macie/members/{id},
// ListMembers GET /members). Anything else is not an operation the emulator knows.

export type Operation = "GetMember" | "UpdateMemberSession" | "ListMembers";
export const OPERATIONS: readonly Operation[] = ["GetMember", "UpdateMemberSession", "ListMembers"];

export interface Route {
  operation: Operation;
  /** The member id from the path, decoded; validated later, so a bad id answers 400, not "no route". */
  id?: string;
}

export function route(method: string, path: string): Route | undefined {
  let m: RegExpExecArray | null;
  if (method === "GET" && (m = /^\/members\/([^/]+)$/.exec(path)))
    return { operation: "GetMember", id: decoded(m[1]) };
  if (method === "PATCH" && (m = /^\/macie\/members\/([^/]+)$/.exec(path)))
    return { operation: "UpdateMemberSession", id: decoded(m[1]) };
  if (method === "GET" && path === "/members") return { operation: "ListMembers" };
  return undefined;
}

/** A path segment that is not valid percent-encoding stays as sent: it fails id validation (400). */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
