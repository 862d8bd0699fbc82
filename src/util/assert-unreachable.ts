/** Ends an exhaustive `switch`: the compiler proves this is never reached. */
export function assertUnreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
