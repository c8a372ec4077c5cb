/**
 * How work grows with input size, for tests that guard against quadratic blow-ups without
 * asserting a time limit (a loaded 2-core machine misses those; speed goals live in bench/).
 *
 * Compares this process's CPU time (user + system; other processes on the machine do not count)
 * for one run on an input of size 8n with eight runs on an input of size n: the same amount of
 * input, so linear work costs about the same (ratio ~1) and quadratic work 8 times as much.
 */
import assert from 'node:assert/strict';

/** CPU milliseconds `fn` takes. */
function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/**
 * Asserts that `run` on an input of size 8n costs less than `maxRatio` times what eight runs on
 * an input of size n cost. Both are warmed up first (the JIT), and each is the least of `tries`.
 */
export function assertGrowsLinearly<T>(
  make: (size: number) => T,
  run: (input: T) => unknown,
  { n, maxRatio = 4, tries = 2 }: { n: number; maxRatio?: number; tries?: number },
): void {
  const small = make(n);
  const large = make(8 * n);
  run(small);
  run(large);
  let eightSmall = Infinity;
  let oneLarge = Infinity;
  for (let i = 0; i < tries; i++) {
    eightSmall = Math.min(
      eightSmall,
      cpuMs(() => {
        for (let k = 0; k < 8; k++) run(small);
      }),
    );
    oneLarge = Math.min(
      oneLarge,
      cpuMs(() => run(large)),
    );
  }
  const ratio = oneLarge / Math.max(eightSmall, 1); // under 1 ms, CPU time is too coarse to divide by
  assert.ok(
    ratio < maxRatio,
    `one run on 8× the input took ${ratio.toFixed(1)}× the CPU time of 8 runs on 1× (${eightSmall.toFixed(0)} ms → ${oneLarge.toFixed(0)} ms); linear is about 1, quadratic 8`,
  );
}
