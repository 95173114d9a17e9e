// Pulumi workaround: a partial failure — some of the work done, the rest failed — that the engine
// records. Verified with @pulumi/pulumi 3.248.0 and the Pulumi CLI 3.248.0.
//
// Why: a dynamic provider's create or update either returns its outputs or throws; a plain throw
// records nothing, so members already written would be missing from the state (a lie about the
// account). The dynamic-provider host (sdk/nodejs/cmd/dynamic-provider/index.js,
// grpcResponseFromError) turns a thrown error that carries an `id` into ErrorResourceInitFailed:
// the engine records its `properties` as the resource's state, shows its `reasons`, and fails the
// run. This is the "initialization error" path of pulumi/pulumi's provider protocol, which the
// dynamic-provider API (sdk/nodejs/dynamic) does not expose as such.
//
// The catch: the host adds `__provider` (the serialized provider) to every result but this one, so
// `properties` must carry it, or the next refresh or delete of the resource cannot load its
// provider ("code must be a string").

/** The serialized provider's key in a dynamic resource's inputs and state. */
const PROVIDER_KEY = "__provider";

/**
 * An error the engine records as the resource's new state, `properties` (with `provider`, the
 * serialized provider the inputs carried, when there is one), and reports with `message`.
 */
export function partialFailure(message: string, id: string, properties: object, provider?: unknown): Error {
  return withState(new Error(message), id, properties, provider);
}

/** `error` itself, made a partial failure: its message is kept, and so is its class (and cause). */
export function withState<E extends Error>(error: E, id: string, properties: object, provider?: unknown): E {
  const recorded = provider === undefined ? properties : { ...properties, [PROVIDER_KEY]: provider };
  return Object.assign(error, { id, properties: recorded, reasons: [error.message] });
}
