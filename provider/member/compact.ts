/**
 * `value` without its undefined fields: protobuf's Struct (how the engine carries state) cannot hold
 * them, state should not show them, and a listed member compares as Macie sent it.
 */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
