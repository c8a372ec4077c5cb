/**
 * Versions as Octopus accepts them for releases and packages: SemVer 2, plus the four-part
 * versions of .NET (`1.2.3.4`), with an optional pre-release tag and build metadata.
 */
export const VERSION_PATTERN = /^v?\d+(\.\d+){0,3}(-[0-9A-Za-z][0-9A-Za-z.-]*)?(\+[0-9A-Za-z.-]+)?$/;

/**
 * Bounds, so a version can neither overflow its numbers nor a file name: Octopus stores a
 * release version in a 349-character column, and its version parts are .NET `int`s.
 */
export const MAX_VERSION_LENGTH = 349;
export const MAX_VERSION_PART = 2147483647;

export function isValidVersion(version: string): boolean {
  return versionProblem(version) === undefined;
}

/** Why a version is not accepted (bounds included), or undefined when it is. */
export function versionProblem(version: string): string | undefined {
  if (version.length > MAX_VERSION_LENGTH)
    return `it is ${version.length} characters long; versions have at most ${MAX_VERSION_LENGTH}`;
  if (!VERSION_PATTERN.test(version)) return 'use a semantic version such as 1.2.3 or 1.2.3-beta.1';
  const core = version.replace(/^v/, '').split(/[-+]/)[0];
  if (core.split('.').some((n) => Number(n) > MAX_VERSION_PART))
    return `each number in a version is at most ${MAX_VERSION_PART}`;
  return undefined;
}

/** A version (or any user text) cut short for a message. */
export function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

interface Parsed {
  numbers: number[];
  pre: string[];
}

function parse(version: string): Parsed {
  const [core, pre = ''] = version.replace(/^v/, '').replace(/\+.*$/, '').split(/-(.*)/s);
  return { numbers: core.split('.').map((n) => Number(n) || 0), pre: pre ? pre.split('.') : [] };
}

/** SemVer precedence (a pre-release sorts before its release); negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length, 3); i++) {
    const d = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (d) return d;
  }
  if (!x.pre.length || !y.pre.length) return (x.pre.length ? -1 : 0) - (y.pre.length ? -1 : 0);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    const c = p.localeCompare(q);
    if (c) return c;
  }
  return 0;
}

/** The next release version after `last`: its patch number plus one (Octopus's default template). */
export function nextPatch(last: string | undefined): string {
  if (!last) return '0.0.1';
  const { numbers } = parse(last);
  const [major = 0, minor = 0, patch = 0] = numbers;
  return `${major}.${minor}.${patch + 1}`;
}

/**
 * The version to suggest for a project's next release: the newest one with its last number
 * raised (`1.0.3` → `1.0.4`, `2.1.0-beta.4` → `2.1.0-beta.5`); `0.0.1` for the first, as
 * Octopus's default versioning template (`#{Octopus.Version.LastMajor}.….#{Octopus.Version.NextPatch}`) gives.
 */
export function nextVersion(latest: string | undefined, taken: Iterable<string> = []): string {
  const used = new Set([...taken].map((v) => v.toLowerCase()));
  if (latest) used.add(latest.toLowerCase());
  let candidate = latest ? bump(latest) : '0.0.1';
  for (let i = 0; used.has(candidate.toLowerCase()) && i < 1000; i++) candidate = bump(candidate);
  return candidate;
}

function bump(version: string): string {
  const match = /^(.*?)(\d+)(\D*)$/.exec(version);
  if (!match) return `${version}.1`;
  const [, head, digits, tail] = match;
  const next = String(BigInt(digits) + 1n).padStart(digits.length, '0');
  return `${head}${next}${tail}`;
}
