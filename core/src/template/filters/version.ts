/** Version filters, following Octopus.Versioning's OctopusVersionParser (lenient: `v1.2`, `latest`). */
import type { TemplateFilter } from './types';

interface OctopusVersion {
  major: number;
  minor: number;
  patch: number;
  revision: number;
  preRelease: string;
  preReleasePrefix: string;
  preReleaseCounter: string;
  metadata: string;
}

const versionPattern =
  /^\s*(?:[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?)?(?:[.\-_]?(([^+.\-_]*)(?:[.\-_]([^+]*))?))?(?:\+(.*))?\s*$/;

function parseVersion(text: string): OctopusVersion | null {
  const m = versionPattern.exec(text);
  if (!m) return null;
  const num = (s: string | undefined) => (s === undefined ? 0 : Number(s));
  return {
    major: num(m[1]),
    minor: num(m[2]),
    patch: num(m[3]),
    revision: num(m[4]),
    preRelease: m[5] ?? '',
    preReleasePrefix: m[6] ?? '',
    preReleaseCounter: m[7] ?? '',
    metadata: m[8] ?? '',
  };
}

function versionPart(pick: (v: OctopusVersion) => string | number): TemplateFilter {
  return (arg, options) => {
    if (arg === null || options.length) return null;
    const version = parseVersion(arg);
    return version ? String(pick(version)) : null;
  };
}

export const versionMajor = versionPart((v) => v.major);
export const versionMinor = versionPart((v) => v.minor);
export const versionPatch = versionPart((v) => v.patch);
export const versionRevision = versionPart((v) => v.revision);
export const versionPreRelease = versionPart((v) => v.preRelease);
export const versionPreReleasePrefix = versionPart((v) => v.preReleasePrefix);
export const versionPreReleaseCounter = versionPart((v) => v.preReleaseCounter);
export const versionMetadata = versionPart((v) => v.metadata);
