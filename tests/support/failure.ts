/** The error `promise` rejects with; fails the test when it resolves instead. */
export async function failure<
  E extends Error = Error & { $metadata?: { httpStatusCode?: number; requestId?: string } },
>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error("expected the operation to fail, and it succeeded");
}
