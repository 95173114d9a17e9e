// The base of every error this package throws in a user's program: a Pulumi RunError, whose
// message the CLI prints alone — no "unhandled exception", no stack frames with this machine's
// paths, no colour codes. Pulumi prints `stack` instead for an error that reaches it after the
// program's main module has returned (the policy's listing, an apply): so `stack` is the message.
import { RunError } from "@pulumi/pulumi/errors";

export class ProgramError extends RunError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.stack = message;
  }
}
