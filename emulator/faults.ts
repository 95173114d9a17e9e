// Queued faults: each answers the next `times` matching calls (by operation and member) in the
// order they were queued, before the call reaches the members model.
import { ApiError, memberBusy, throttled } from "./errors";
import type { Operation } from "./routes";

/**
 * A fault answers the next `times` calls of `operation` (or of any operation):
 * an HTTP error, extra latency, or a dropped connection before or after the write is applied.
 */
export type FaultKind = "403" | "409" | "429" | "500" | "503" | "latency" | "drop-before" | "drop-after";

export interface Fault {
  kind: FaultKind;
  operation?: Operation;
  times?: number;
  latencyMs?: number;
  accountId?: string;
}

interface QueuedFault extends Fault {
  left: number;
}

export class FaultQueue {
  private faults: QueuedFault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The first queued fault for this call, used up once. */
  take(operation: Operation, accountId: string | undefined): Fault | undefined {
    const index = this.faults.findIndex(
      (f) => (!f.operation || f.operation === operation) && (!f.accountId || f.accountId === accountId),
    );
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.left -= 1;
    if (fault.left <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

/** True for the faults that answer an HTTP error (their kind is its status). */
export function isErrorFault(fault: Fault): boolean {
  return /^[0-9]+$/.test(fault.kind);
}

/** The AWS error an HTTP-status fault answers. */
export function faultError(kind: FaultKind): ApiError {
  switch (kind) {
    case "403":
      return new ApiError(
        "AccessDeniedException",
        "User is not authorized to perform this action on this member account.",
      );
    case "409":
      return memberBusy();
    case "429":
      return throttled();
    case "503":
      return new ApiError("ServiceUnavailableException", "Service unavailable");
    default:
      return new ApiError("InternalServerException", "Internal server error");
  }
}
