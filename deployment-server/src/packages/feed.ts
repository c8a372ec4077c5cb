import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../db/store';
import { Where } from '../db/store';
import { badRequest } from '../errors';
import { BUILT_IN_FEED_ID, type PackageResource } from '../resources/types';
import { checkArchive, PACKAGE_EXTENSIONS, packageExtension, readNuspec } from './formats';
import { compareVersions, shorten, versionProblem } from '@stepwise/core/octopus/versions';
import { parsePackageFileName } from './versions';

export type OverwriteMode = 'FailIfExists' | 'OverwriteExisting' | 'IgnoreIfExists';

const PACKAGE_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;
/** Most file systems' limit for one file name. */
const MAX_FILE_NAME_BYTES = 255;

/**
 * The built-in package feed: uploaded packages (PACKAGE_EXTENSIONS) kept under `DATA/packages`, one
 * row per id and version. A `.nupkg`'s id and version come from its `.nuspec` (as NuGet reads
 * them); other formats' from the file name (`Acme.Web.1.0.0.zip`, `webapp.1.0.2.tar.gz`), as Octopus does.
 */
export class PackageFeed {
  constructor(
    private readonly store: Store,
    private readonly dir: string,
  ) {}

  /** A fresh path for an upload in progress, on the feed's disk (so adding it is a rename). */
  uploadPath(spaceId: string): string {
    const spaceDir = path.join(this.dir, spaceId);
    mkdirSync(spaceDir, { recursive: true });
    return path.join(spaceDir, `.upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  }

  /**
   * Adds an uploaded file (already on disk at `upload.file`, which this call moves or deletes).
   * Messages name the upload by its file name only, never by a server path.
   */
  async add(
    spaceId: string,
    fileName: string,
    upload: { file: string; size: number; sha1: string },
    mode: OverwriteMode,
  ): Promise<{ pkg: PackageResource; outcome: 'created' | 'replaced' | 'existing' }> {
    const temp = upload.file;
    try {
      const base = path.basename(fileName.replace(/\\/g, '/'));
      if (Buffer.byteLength(base) > MAX_FILE_NAME_BYTES)
        throw badRequest(
          `The package file name is ${Buffer.byteLength(base)} bytes long; the built-in feed takes names of at most ${MAX_FILE_NAME_BYTES} bytes.`,
        );
      const extension = packageExtension(base);
      if (!extension)
        throw badRequest(
          `'${base}' is not a package the built-in feed accepts: upload a ${PACKAGE_EXTENSIONS.join(', ')} file.`,
        );
      let identity = parsePackageFileName(base);
      if (extension === '.nupkg') {
        const nuspec = await readNuspec(temp).catch(() => {
          throw badRequest(`'${base}' is not a valid NuGet package (not a zip archive).`);
        });
        const id = nuspec && /<id>\s*([^<]+?)\s*<\/id>/i.exec(nuspec)?.[1];
        const version = nuspec && /<version>\s*([^<]+?)\s*<\/version>/i.exec(nuspec)?.[1];
        if (id && version) identity = { packageId: id, version, extension };
      } else {
        await checkArchive(temp, extension).catch(() => {
          throw badRequest(`'${base}' is not a valid ${extension} archive.`);
        });
      }
      if (!identity)
        throw badRequest(
          `Cannot tell the package id and version from '${base}': name it <PackageId>.<Version>${extension}, for example Acme.Web.1.0.0${extension}.`,
        );
      if (!PACKAGE_ID.test(identity.packageId))
        throw badRequest(
          `'${shorten(identity.packageId)}' is not a valid package id (up to 100 letters, digits, '.', '_' and '-').`,
        );
      const problem = versionProblem(identity.version);
      if (problem) throw badRequest(`'${shorten(identity.version)}' is not a valid package version: ${problem}.`);
      const stored = `${identity.packageId}.${identity.version}${identity.extension}`;
      if (Buffer.byteLength(stored) > MAX_FILE_NAME_BYTES)
        throw badRequest(
          `The package id and version are too long together: the feed's file name would be ${Buffer.byteLength(stored)} bytes (at most ${MAX_FILE_NAME_BYTES}).`,
        );
      const spaceDir = path.join(this.dir, spaceId);

      const existing = this.find(spaceId, identity.packageId, identity.version);
      if (existing && mode === 'IgnoreIfExists') return { pkg: existing, outcome: 'existing' };
      if (existing && mode === 'FailIfExists') {
        throw badRequest(
          `The package ${existing.PackageId} version ${existing.Version} already exists in the built-in feed. Upload with overwriteMode=OverwriteExisting to replace it.`,
        );
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
        PackageSizeBytes: upload.size,
        Hash: upload.sha1,
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
    return this.store.doc<PackageResource>(
      'SELECT json FROM packages WHERE space_id = ? AND package_id = ? AND version = ?',
      spaceId,
      packageId,
      version,
    );
  }

  get(spaceId: string, id: string): PackageResource | undefined {
    return this.store.doc<PackageResource>('SELECT json FROM packages WHERE space_id = ? AND id = ?', spaceId, id);
  }

  filePath(pkg: PackageResource): string {
    const relative = this.store.value<string>(
      'SELECT file FROM packages WHERE space_id = ? AND id = ?',
      pkg.SpaceId,
      pkg.Id,
    );
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
