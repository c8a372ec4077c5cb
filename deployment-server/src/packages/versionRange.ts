import { compareVersions, isValidVersion } from './versions';

/**
 * NuGet version ranges as Octopus reads a channel rule's `VersionRange`: `1.0` (at least 1.0),
 * `[1.0]` (exactly), `[1.0,2.0)`, `(,1.5]`, `(1.0,)`; empty means any version.
 */
export interface VersionRange {
  min?: { version: string; inclusive: boolean };
  max?: { version: string; inclusive: boolean };
}

/** The range, or why the text is not one (a channel rule with such a range is refused). */
export function parseVersionRange(text: string): VersionRange | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const bare = /^[^[\](),]+$/.test(trimmed);
  if (bare) {
    return isValidVersion(trimmed)
      ? { min: { version: trimmed, inclusive: true } }
      : { problem: `'${trimmed}' is not a version` };
  }
  const match = /^([[(])\s*([^,\])]*?)\s*(?:,\s*([^\])]*?)\s*)?([\])])$/.exec(trimmed);
  if (!match) return { problem: `'${trimmed}' is not a NuGet version range such as 1.0, [1.0,2.0) or (,1.5]` };
  const [, open, low, high, close] = match;
  const hasComma = trimmed.includes(',');
  for (const v of [low, high]) {
    if (v && !isValidVersion(v)) return { problem: `'${v}' in '${trimmed}' is not a version` };
  }
  if (!hasComma) {
    if (open !== '[' || close !== ']' || !low) return { problem: `'${trimmed}': an exact version is written [1.0]` };
    return { min: { version: low, inclusive: true }, max: { version: low, inclusive: true } };
  }
  if (!low && !high) return { problem: `'${trimmed}' has neither a lower nor an upper bound` };
  const range: VersionRange = {};
  if (low) range.min = { version: low, inclusive: open === '[' };
  if (high) range.max = { version: high, inclusive: close === ']' };
  if (low && high) {
    const order = compareVersions(low, high);
    if (order > 0 || (order === 0 && !(range.min!.inclusive && range.max!.inclusive)))
      return { problem: `'${trimmed}' contains no version: its lower bound is not below its upper bound` };
  }
  return range;
}

export function satisfies(range: VersionRange, version: string): boolean {
  if (range.min) {
    const c = compareVersions(version, range.min.version);
    if (c < 0 || (c === 0 && !range.min.inclusive)) return false;
  }
  if (range.max) {
    const c = compareVersions(version, range.max.version);
    if (c > 0 || (c === 0 && !range.max.inclusive)) return false;
  }
  return true;
}

/** The pre-release tag of a version (`beta.1` of `1.0.0-beta.1+build`), '' for a release. */
export function preReleaseTag(version: string): string {
  const match = /^[^-+]*-([^+]*)/.exec(version);
  return match ? match[1] : '';
}
