import { MASK } from '@stepwise/core/preview';

/**
 * Replaces every sensitive value with `********`, as Octopus masks its task logs. Values are
 * added as they become known: sensitive variables, sensitive output variables, and values a
 * script asks to mask (`##octopus[mask value='…']`). Longer values are masked first, so one that
 * contains another is not half-masked.
 */
export class Masker {
  private readonly values = new Set<string>();
  private pattern: RegExp | null = null;

  constructor(values: Iterable<string> = []) {
    for (const value of values) this.add(value);
  }

  add(value: string | null | undefined): void {
    if (!value || !value.trim() || this.values.has(value)) return;
    this.values.add(value);
    // A multi-line secret is also masked line by line, since logs arrive a line at a time.
    if (value.includes('\n')) for (const line of value.split(/\r?\n/)) if (line.trim()) this.values.add(line);
    this.pattern = null;
  }

  get size(): number {
    return this.values.size;
  }

  mask(text: string): string;
  mask(text: string | null | undefined): string | null | undefined;
  mask(text: string | null | undefined): string | null | undefined {
    if (!text || this.values.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map(escapeRegExp)
        .join('|'),
      'g',
    );
    return text.replace(this.pattern, MASK);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
