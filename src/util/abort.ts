/**
 * Waiting on shared work (a token fetch, a cached lookup) with a per-caller
 * cancel signal: the caller stops waiting when its signal aborts, while the
 * shared promise runs on for everyone else.
 */

/** `shared`, or a rejection made by `cancelled()` as soon as `signal` aborts. */
export function untilAborted<T>(shared: Promise<T>, signal: AbortSignal, cancelled: () => Error): Promise<T> {
  if (signal.aborted) {
    shared.catch(() => undefined);
    return Promise.reject(cancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener("abort", onAbort, { once: true });
    shared.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}
