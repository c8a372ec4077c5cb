// Shared support for the fuzzers (`*.fuzz.test.ts`). Every fuzzer is an ordinary node:test file:
// `npm test` runs it with a small bounded count, `npm run fuzz` with a large one. Inputs come
// from a seeded generator, so a failure names the seed and iteration that reproduce it:
//   STEPWISE_FUZZ_SEED=1234 STEPWISE_FUZZ_ITERATIONS=5000 node --import tsx --test path/x.fuzz.test.ts

/** How many inputs a fuzzer tries: its bounded default under `npm test`, scaled up by `npm run fuzz`. */
export function fuzzIterations(bounded: number): number {
  const fromEnv = Number(process.env.STEPWISE_FUZZ_ITERATIONS);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return Math.floor(fromEnv);
  const scale = Number(process.env.STEPWISE_FUZZ_SCALE);
  return Number.isFinite(scale) && scale > 0 ? Math.max(1, Math.floor(bounded * scale)) : bounded;
}

/** The seed of this run: fixed by STEPWISE_FUZZ_SEED, otherwise new each run (and printed on failure). */
export function fuzzSeed(): number {
  const fromEnv = Number(process.env.STEPWISE_FUZZ_SEED);
  return Number.isInteger(fromEnv) ? fromEnv >>> 0 : (Math.random() * 2 ** 32) >>> 0;
}

/** A small, fast, seeded pseudo-random generator (mulberry32) with the helpers fuzzers need. */
export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

/** A message that says how to reproduce a failing input. */
export function reproduce(file: string, seed: number, iteration: number): string {
  return `reproduce: STEPWISE_FUZZ_SEED=${seed} node --import tsx --test ${file} (failed at input ${iteration})`;
}
