import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ruleProblem } from '@stepwise/core/octopus/channelRules';
import { parseVersionRange } from '@stepwise/core/octopus/versionRange';
import { badRequest, notFound } from '../../errors';
import type { OverwriteMode } from '../../packages/feed';
import { readUpload } from '../../packages/upload';
import { BUILT_IN_FEED_ID } from '../../resources/types';
import { spaceOf, type ApiContext } from '../context';
import { collection, listRoute, pageOf, paging, type Query, queryBoolean, queryString } from '../paging';
import { presentPackage } from '../present';

const MODES: OverwriteMode[] = ['FailIfExists', 'OverwriteExisting', 'IgnoreIfExists'];

/** The built-in feed: upload (`packages/raw`, multipart), list, one package, its file, its versions. */
export function packageRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { feed } = ctx;

  // Streamed to a file beside the feed as it arrives (hashed on the way), never held in memory.
  app.post('/packages/raw', async (request, reply) => {
    const space = spaceOf(ctx, request);
    const query = request.query as Query;
    const modeText = queryString(query, 'overwriteMode');
    const replace = queryBoolean(query, 'replace');
    const mode =
      MODES.find((m) => m.toLowerCase() === modeText?.toLowerCase()) ??
      (replace ? 'OverwriteExisting' : 'FailIfExists');
    if (modeText && !MODES.some((m) => m.toLowerCase() === modeText.toLowerCase()))
      throw badRequest(`overwriteMode must be one of ${MODES.join(', ')}.`);
    if (!request.isMultipart()) {
      throw badRequest(
        'Upload the package as multipart/form-data with the file in a part named fileToUpload (as the Octopus clients do).',
      );
    }
    const upload = await readUpload(request, ctx.limits.packageBytes, feed.uploadPath(space.Id));
    const { pkg, outcome } = await feed.add(space.Id, upload.fileName, upload, mode);
    void reply.status(outcome === 'created' ? 201 : 200);
    return presentPackage(pkg);
  });

  listRoute(app, '/packages', async (request) => {
    const space = spaceOf(ctx, request);
    const query = request.query as Query;
    const page = paging(query);
    const packageId = queryString(query, 'nuGetPackageId');
    const filter = queryString(query, 'filter');
    const latest = queryBoolean(query, 'latest') ?? false;
    const items = feed.list(space.Id, { packageId, filter, latest }).map(presentPackage);
    return collection(
      'Package',
      pageOf(items, page),
      page,
      `/api/${space.Id}/packages`,
      `/api/${space.Id}/packages{/id}{?nuGetPackageId,filter,latest,skip,take}`,
      {
        nuGetPackageId: packageId,
        filter,
        latest: latest ? 'true' : undefined,
      },
    );
  });

  const packageOf = (spaceId: string, id: string) => {
    const pkg = feed.get(spaceId, id);
    if (!pkg) throw notFound(`There is no package ${id} in the built-in feed of space ${spaceId}.`);
    return pkg;
  };
  app.get('/packages/:id', async (request) =>
    presentPackage(packageOf(spaceOf(ctx, request).Id, (request.params as { id: string }).id)),
  );
  app.get('/packages/:id/raw', async (request, reply) => {
    const pkg = packageOf(spaceOf(ctx, request).Id, (request.params as { id: string }).id);
    void reply
      .type('application/octet-stream')
      .header('content-disposition', `attachment; filename="${pkg.PackageId}.${pkg.Version}${pkg.FileExtension}"`);
    return reply.send(createReadStream(feed.filePath(pkg)));
  });

  // The feed's version search (what Octopus's UI and CLI use to pick a package version).
  app.get('/feeds/:feedId/packages/versions', async (request) => {
    const space = spaceOf(ctx, request);
    const { feedId } = request.params as { feedId: string };
    if (feedId !== BUILT_IN_FEED_ID)
      throw notFound(`There is no feed ${feedId}; this server has only the built-in feed (${BUILT_IN_FEED_ID}).`);
    const query = request.query as Query;
    const packageId = queryString(query, 'packageId');
    if (!packageId) throw badRequest('packageId is required.');
    const page = paging(query);
    const includePreRelease = queryBoolean(query, 'includePreRelease') ?? true;
    // A channel rule's filters, as Octopus's Create Release page sends them: versions in the range
    // whose pre-release tag the expression matches.
    const rule = {
      VersionRange: queryString(query, 'versionRange') ?? '',
      Tag: queryString(query, 'preReleaseTag') ?? '',
    };
    const range = parseVersionRange(rule.VersionRange);
    if ('problem' in range) throw badRequest(`versionRange: ${range.problem}.`);
    try {
      new RegExp(rule.Tag);
    } catch {
      throw badRequest(`preReleaseTag: '${rule.Tag}' is not a regular expression.`);
    }
    const items = feed
      .versions(space.Id, packageId)
      .filter((p) => includePreRelease || !p.Version.includes('-'))
      .filter((p) => ruleProblem(rule, p.Version) === undefined)
      .map((p) => ({
        Id: p.Id,
        PackageId: p.PackageId,
        Version: p.Version,
        Title: p.Title,
        Published: p.Published,
        SizeBytes: p.PackageSizeBytes,
        FeedId: BUILT_IN_FEED_ID,
        Links: presentPackage(p).Links,
      }));
    return collection(
      'PackageVersion',
      pageOf(items, page),
      page,
      `/api/${space.Id}/feeds/${feedId}/packages/versions`,
      `/api/${space.Id}/feeds/${feedId}/packages/versions{?packageId,take,skip,includePreRelease,versionRange,preReleaseTag}`,
      {
        packageId,
        versionRange: rule.VersionRange || undefined,
        preReleaseTag: rule.Tag || undefined,
      },
    );
  });
}
