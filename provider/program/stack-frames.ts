// Pulumi workaround: a resource constructor run without stack frames. Verified with @pulumi/pulumi
// 3.248.0 under the Node language host of the Pulumi CLI 3.248.0 (BENCHMARKS.md 6, "Where the time goes").
//
// Why: Pulumi gives every property of a resource four promises, each stamped with `new Error().stack`
// for its promise-leak report (sdk/nodejs/output.ts and runtime/resource.ts: the "debuggable
// promise"); under the source-map support the Node language host installs, that stack costs about
// 0.3 ms a promise, so MacieMemberStatus's ten properties were the biggest per-resource cost of a
// 10,000-resource program. No upstream issue asks for a switch; PULUMI_DEBUG_PROMISE_LEAKS is the
// one that exists, and it turns the stacks on, not off.
//
// What is unchanged: Pulumi's recorded source position and stack trace (Resource.callsites raises the
// limit itself). What loses its frames: the leak report's stacks (unless PULUMI_DEBUG_PROMISE_LEAKS
// is set: then nothing changes), an error the engine sends back for this registration (it still
// names the resource), and warnings made by `transformations` that run inside the constructor.
// An error thrown from inside the window gets the frames of the line that declared the resource.

/**
 * Turns stack frames off (unless `keepFrames`) until the function it returns is called; a
 * constructor calls that in `finally`. (The window cannot be a callback: `super()` cannot be called
 * from a nested function.)
 */
export function stackFramesOff(keepFrames: boolean): () => void {
  const stackTraceLimit = Error.stackTraceLimit;
  if (!keepFrames) Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = stackTraceLimit;
  };
}

/**
 * An error made while the constructor ran without stack frames gets the caller's: the line that
 * declared the resource. One that has frames (made elsewhere, rethrown) keeps them.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Error.captureStackTrace takes any function
export function withCallerFrames(error: unknown, ctor: Function): void {
  if (!(error instanceof Error) || error.stack?.includes("\n    at ")) return;
  try {
    Error.captureStackTrace(error, ctor);
  } catch {
    // A frozen error keeps what it has; the original error is what must reach the program.
  }
}
