import { packageExtension } from './formats';
import { isValidVersion } from '@stepwise/core/octopus/versions';

/**
 * Splits a package file name into id and version, as Octopus does for `Acme.Web.1.0.0.zip`:
 * the version starts at the first dot-separated part that is a number and from which the rest is
 * a valid version (`webapp.1.0.2.tar.gz` is webapp 1.0.2). Every format in PACKAGE_EXTENSIONS.
 */
export function parsePackageFileName(
  fileName: string,
): { packageId: string; version: string; extension: string } | undefined {
  const extension = packageExtension(fileName);
  if (!extension) return undefined;
  const stem = fileName.slice(0, fileName.length - extension.length);
  const parts = stem.split('.');
  for (let i = 1; i < parts.length; i++) {
    if (/^v?\d+$/.test(parts[i]) || /^v?\d+[-+]/.test(parts[i])) {
      const version = parts.slice(i).join('.');
      if (isValidVersion(version)) return { packageId: parts.slice(0, i).join('.'), version, extension };
    }
  }
  return undefined;
}
