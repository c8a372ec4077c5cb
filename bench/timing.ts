// Timing shared by the benchmarks that report medians.
import { performance } from 'node:perf_hooks';

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The median time in ms of `runs` calls of `work` (given the run's index), after 3 warm-up calls. */
export function time(runs: number, work: (i: number) => void): number {
  for (let i = 0; i < 3; i++) work(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}
