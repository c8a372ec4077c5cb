/**
 * How work grows with input size, for tests that guard against quadratic blow-ups without
 * asserting a time limit (a loaded 2-core machine misses those; speed goals live in bench/).
 *
 * Measures this process's CPU time (user + system), not wall-clock time: other processes on the
 * machine do not count. Linear work on 8× the input costs about 8× the CPU; quadratic work 64×.
 */
import assert from 'node:assert/strict';

/** CPU milliseconds `fn` takes, the least of `tries` runs (the first run also pays for warm-up). */
function cpuMs(fn: () => unknown, tries: number): number {
  let best = Infinity;
  for (let i = 0; i < tries; i++) {
    const before = process.cpuUsage();
    fn();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

/**
 * Asserts that `run` on an input made with size 8n costs less than `maxRatio` times what it costs
 * at size n. The default 24 is three times linear growth and well under quadratic's 64.
 */
export function assertGrowsLinearly<T>(
  make: (size: number) => T,
  run: (input: T) => unknown,
  { n, maxRatio = 24, tries = 2 }: { n: number; maxRatio?: number; tries?: number },
): void {
  const small = make(n);
  const large = make(8 * n);
  const smallMs = Math.max(cpuMs(() => run(small), tries), 1); // under 1 ms, CPU time is too coarse to divide by
  const largeMs = cpuMs(() => run(large), tries);
  const ratio = largeMs / smallMs;
  assert.ok(ratio < maxRatio, `8× the input took ${ratio.toFixed(1)}× the CPU time (${smallMs.toFixed(0)} ms → ${largeMs.toFixed(0)} ms); linear is about 8`);
}
