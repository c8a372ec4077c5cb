import { compareVersions, isValidVersion } from './versions';

/**
 * Version ranges as Octopus reads a channel rule's `VersionRange`. NuGet's syntax (the default):
 * `1.0` (at least 1.0), `[1.0]` (exactly), `[1.0,2.0)`, `(,1.5]`, `(1.0,)`; empty means any
 * version. Maven's (rules on packages from a Maven feed): the same brackets, several ranges joined
 * by commas meaning any of them (`[1.0,2.0),[3.0,)`), and a bare `1.0` a soft requirement that any
 * version satisfies. Versions are compared as SemVer (`compareVersions`), also for Maven.
 */
export interface VersionBound {
  version: string;
  inclusive: boolean;
}

export interface VersionInterval {
  min?: VersionBound;
  max?: VersionBound;
}

export interface VersionRange extends VersionInterval {
  /** Maven: the range holds a version that is in any of these. */
  anyOf?: VersionInterval[];
}

export type RangeSyntax = 'nuget' | 'maven';

/** The range, or why the text is not one (a channel rule with such a range is refused). */
export function parseVersionRange(text: string, syntax: RangeSyntax = 'nuget'): VersionRange | { problem: string } {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const bare = /^[^[\](),]+$/.test(trimmed);
  if (bare) {
    if (!isValidVersion(trimmed)) return { problem: `'${trimmed}' is not a version` };
    return syntax === 'maven' ? {} : { min: { version: trimmed, inclusive: true } };
  }
  if (syntax === 'maven') {
    const parts = trimmed.split(/(?<=[\])])\s*,\s*(?=[[(])/);
    if (parts.length > 1) {
      const anyOf: VersionInterval[] = [];
      for (const part of parts) {
        const one = parseInterval(part.trim(), 'Maven');
        if ('problem' in one) return one;
        anyOf.push(one);
      }
      return { anyOf };
    }
  }
  return parseInterval(trimmed, syntax === 'maven' ? 'Maven' : 'NuGet');
}

function parseInterval(trimmed: string, syntaxName: string): VersionInterval | { problem: string } {
  const match = /^([[(])\s*([^,\])]*?)\s*(?:,\s*([^\])]*?)\s*)?([\])])$/.exec(trimmed);
  if (!match) return { problem: `'${trimmed}' is not a ${syntaxName} version range such as 1.0, [1.0,2.0) or (,1.5]` };
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
  const range: VersionInterval = {};
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
  if (range.anyOf) return range.anyOf.some((interval) => inInterval(interval, version));
  return inInterval(range, version);
}

function inInterval(range: VersionInterval, version: string): boolean {
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
