// Which Macie2 operation a request is, read from Macie's published API model (model/macie2.json:
// each operation's method and requestUri — GetMember GET /members/{id}, UpdateMemberSession
// PATCH /macie/members/{id}, ListMembers GET /members). Anything else is not an operation the
// emulator knows.
import { macie2 } from "../model/api-model";
import { routeOf } from "../model/wire";

export type Operation = "GetMember" | "UpdateMemberSession" | "ListMembers";
export const OPERATIONS: readonly Operation[] = ["GetMember", "UpdateMemberSession", "ListMembers"];

export interface Route {
  operation: Operation;
  /** The URI labels from the path, decoded (`id`); validated later, so a bad id answers 400, not "no route". */
  labels: Record<string, string>;
}

/** `method` `path` (as sent, percent-encoded) as a Macie2 operation the emulator answers. */
export function route(method: string, path: string): Route | undefined {
  const found = routeOf(macie2, method, path);
  if (!found || !isOperation(found.operation.name)) return undefined;
  return { operation: found.operation.name, labels: found.labels };
}

function isOperation(name: string): name is Operation {
  return (OPERATIONS as readonly string[]).includes(name);
}
