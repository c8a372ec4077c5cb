/**
 * Versions as Octopus accepts them for releases and packages: SemVer 2, plus the four-part
 * versions of .NET (`1.2.3.4`), with an optional pre-release tag and build metadata.
 */
export const VERSION_PATTERN = /^v?\d+(\.\d+){0,3}(-[0-9A-Za-z][0-9A-Za-z.-]*)?(\+[0-9A-Za-z.-]+)?$/;

export function isValidVersion(version: string): boolean {
  return VERSION_PATTERN.test(version);
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
 * Splits a package file name into id and version, as Octopus does for `Acme.Web.1.0.0.zip`:
 * the version starts at the first dot-separated part that is a number.
 */
export function parsePackageFileName(fileName: string): { packageId: string; version: string; extension: string } | undefined {
  const match = /^(.*?)(\.nupkg|\.zip)$/i.exec(fileName);
  if (!match) return undefined;
  const [, stem, extension] = match;
  const parts = stem.split('.');
  for (let i = 1; i < parts.length; i++) {
    if (/^v?\d+$/.test(parts[i]) || /^v?\d+[-+]/.test(parts[i])) {
      const version = parts.slice(i).join('.');
      if (isValidVersion(version)) return { packageId: parts.slice(0, i).join('.'), version, extension: extension.toLowerCase() };
    }
  }
  return undefined;
}
