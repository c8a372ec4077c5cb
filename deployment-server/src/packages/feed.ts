import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/store';
import { Where } from '../db/store';
import { badRequest } from '../errors';
import { BUILT_IN_FEED_ID, type PackageResource } from '../resources/types';
import { compareVersions, isValidVersion, parsePackageFileName } from './versions';
import { readEntryText } from './zip';

export type OverwriteMode = 'FailIfExists' | 'OverwriteExisting' | 'IgnoreIfExists';

const PACKAGE_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

/**
 * The built-in package feed: uploaded `.zip` and `.nupkg` files kept under `DATA/packages`, one
 * row per id and version. A `.nupkg`'s id and version come from its `.nuspec` (as NuGet reads
 * them); a `.zip`'s from its file name (`Acme.Web.1.0.0.zip`), as Octopus does.
 */
export class PackageFeed {
  constructor(
    private readonly store: Store,
    private readonly dir: string,
  ) {}

  async add(spaceId: string, fileName: string, data: Buffer, mode: OverwriteMode): Promise<{ pkg: PackageResource; outcome: 'created' | 'replaced' | 'existing' }> {
    const base = path.basename(fileName.replace(/\\/g, '/'));
    const fromName = parsePackageFileName(base);
    if (!/\.(zip|nupkg)$/i.test(base)) throw badRequest(`'${base}' is not a package the built-in feed accepts: upload a .zip or .nupkg file.`);
    const spaceDir = path.join(this.dir, spaceId);
    mkdirSync(spaceDir, { recursive: true });
    const temp = path.join(spaceDir, `.upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
    writeFileSync(temp, data);
    try {
      let identity = fromName;
      if (/\.nupkg$/i.test(base)) {
        const nuspec = await readEntryText(temp, (name) => !name.includes('/') && name.toLowerCase().endsWith('.nuspec')).catch(() => {
          throw badRequest(`'${base}' is not a valid NuGet package (not a zip archive).`);
        });
        const id = nuspec && /<id>\s*([^<]+?)\s*<\/id>/i.exec(nuspec)?.[1];
        const version = nuspec && /<version>\s*([^<]+?)\s*<\/version>/i.exec(nuspec)?.[1];
        if (id && version) identity = { packageId: id, version, extension: '.nupkg' };
      } else {
        await readEntryText(temp, () => false).catch(() => {
          throw badRequest(`'${base}' is not a valid zip archive.`);
        });
      }
      if (!identity) throw badRequest(`Cannot tell the package id and version from '${base}': name it <PackageId>.<Version>.zip, for example Acme.Web.1.0.0.zip.`);
      if (!PACKAGE_ID.test(identity.packageId)) throw badRequest(`'${identity.packageId}' is not a valid package id (letters, digits, '.', '_' and '-').`);
      if (!isValidVersion(identity.version)) throw badRequest(`'${identity.version}' is not a valid package version.`);

      const existing = this.find(spaceId, identity.packageId, identity.version);
      if (existing && mode === 'IgnoreIfExists') return { pkg: existing, outcome: 'existing' };
      if (existing && mode === 'FailIfExists') {
        throw badRequest(`The package ${existing.PackageId} version ${existing.Version} already exists in the built-in feed. Upload with overwriteMode=OverwriteExisting to replace it.`);
      }
      const file = path.join(spaceDir, `${identity.packageId}.${identity.version}${identity.extension}`);
      const pkg: PackageResource = {
        Id: `packages-${identity.packageId}.${identity.version}`,
        SpaceId: spaceId,
        PackageId: identity.packageId,
        Version: identity.version,
        Description: '',
        FeedId: BUILT_IN_FEED_ID,
        FileExtension: identity.extension,
        Published: new Date().toISOString(),
        ReleaseNotes: '',
        Summary: '',
        Title: identity.packageId,
        PackageSizeBytes: data.length,
        Hash: createHash('sha1').update(data).digest('hex'),
      };
      renameSync(temp, file);
      this.store.run(
        `INSERT INTO packages (id, space_id, package_id, version, file, published, json) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (space_id, package_id, version) DO UPDATE SET file = excluded.file, published = excluded.published, json = excluded.json`,
        pkg.Id,
        spaceId,
        pkg.PackageId,
        pkg.Version,
        path.relative(this.dir, file),
        pkg.Published,
        JSON.stringify(pkg),
      );
      return { pkg, outcome: existing ? 'replaced' : 'created' };
    } finally {
      rmSync(temp, { force: true });
    }
  }

  find(spaceId: string, packageId: string, version: string): PackageResource | undefined {
    return this.store.doc<PackageResource>('SELECT json FROM packages WHERE space_id = ? AND package_id = ? AND version = ?', spaceId, packageId, version);
  }

  get(spaceId: string, id: string): PackageResource | undefined {
    return this.store.doc<PackageResource>('SELECT json FROM packages WHERE space_id = ? AND id = ?', spaceId, id);
  }

  filePath(pkg: PackageResource): string {
    const relative = this.store.value<string>('SELECT file FROM packages WHERE space_id = ? AND id = ?', pkg.SpaceId, pkg.Id);
    return path.join(this.dir, relative ?? '');
  }

  /** Every version of a package, newest first. */
  versions(spaceId: string, packageId: string): PackageResource[] {
    return this.store
      .docs<PackageResource>('SELECT json FROM packages WHERE space_id = ? AND package_id = ?', spaceId, packageId)
      .sort((a, b) => compareVersions(b.Version, a.Version));
  }

  latest(spaceId: string, packageId: string): PackageResource | undefined {
    return this.versions(spaceId, packageId)[0];
  }

  /** Packages of a space: optionally one id, a name filter, or only the latest version of each. */
  list(spaceId: string, options: { packageId?: string; filter?: string; latest?: boolean }): PackageResource[] {
    const where = new Where().add('space_id = ?', spaceId).partialName('package_id', options.filter);
    if (options.packageId) where.add('package_id = ?', options.packageId);
    const all = this.store.docs<PackageResource>(`SELECT json FROM packages${where.toSql()}`, ...where.params);
    all.sort((a, b) => a.PackageId.localeCompare(b.PackageId) || compareVersions(b.Version, a.Version));
    if (!options.latest) return all;
    const seen = new Set<string>();
    return all.filter((p) => !seen.has(p.PackageId.toLowerCase()) && seen.add(p.PackageId.toLowerCase()));
  }
}
