/**
 * VS Code's CancellationToken, structurally, so this folder stays free of `vscode` and its tests
 * run in plain Node; a real token fits it as is.
 */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: (e: unknown) => unknown): { dispose(): unknown };
}

/** An AbortSignal that fires when the token is cancelled; dispose() when the request is over. */
export function abortSignalOf(token: CancellationLike | undefined): {
  signal: AbortSignal | undefined;
  dispose(): void;
} {
  if (!token) return { signal: undefined, dispose: () => {} };
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}

/** Resolves after `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
