import path from 'node:path';
import { isBuiltInFeed } from '@stepwise/core/preview';
import { extractPackage } from '../../packages/formats';
import type { PackageFeed } from '../../packages/feed';
import type { DeploymentActionResource, ReleaseResource } from '../../resources/types';
import type { Activity } from '../../log/taskLog';

export type Acquisition = { variables: Record<string, string> } | { failed: string };

/**
 * An action's package references, acquired as Octopus does before the action runs (a package
 * step's own package is the deploy handler's): each one the release fixes a version of is taken
 * from the built-in feed, its file is `Octopus.Action.Package[name].PackageFilePath`, and with
 * `Extract = True` it is extracted into the action's working folder (`.ExtractedPath`). A
 * `NotAcquired` reference (a container image, say) needs nothing. The server reaches no external
 * feed: such a reference fails the action with what a real Octopus Server would do.
 */
export async function acquirePackages(
  resource: DeploymentActionResource,
  release: ReleaseResource,
  spaceId: string,
  feed: PackageFeed,
  workDir: string,
  activity: Activity,
): Promise<Acquisition> {
  const variables: Record<string, string> = {};
  for (const reference of resource.Packages ?? []) {
    if (!reference.Name && resource.ActionType === 'Octopus.TentaclePackage') continue;
    if (reference.AcquisitionLocation === 'NotAcquired') continue;
    const label = reference.Name ? `${reference.Name} (${reference.PackageId})` : reference.PackageId;
    if (!isBuiltInFeed(reference.FeedId))
      return {
        failed: `The Stepwise server cannot reach external feed ${reference.FeedId} for package ${label}; a real Octopus Server would download it from that feed. Upload the package to the built-in feed and reference it from there to run this step here.`,
      };
    const version = release.SelectedPackages.find(
      (p) =>
        p.ActionName.toLowerCase() === resource.Name.toLowerCase() &&
        (p.PackageReferenceName ?? '').toLowerCase() === (reference.Name ?? '').toLowerCase(),
    )?.Version;
    if (!version) return { failed: `Release ${release.Version} has no version selected for package ${label}.` };
    const pkg = feed.find(spaceId, reference.PackageId, version);
    if (!pkg)
      return {
        failed: `Package ${reference.PackageId} ${version} is not in the built-in feed. Upload it (POST /api/${spaceId}/packages/raw) and deploy again.`,
      };
    const file = feed.filePath(pkg);
    activity.info(
      `Acquired package ${pkg.PackageId} ${pkg.Version} from the built-in feed (${pkg.PackageSizeBytes} bytes, SHA1 ${pkg.Hash}).`,
    );
    const prefix = reference.Name ? `Octopus.Action.Package[${reference.Name}]` : 'Octopus.Action.Package';
    variables[`${prefix}.PackageFilePath`] = file;
    variables[`${prefix}.PackageFileName`] = path.basename(file);
    variables[`${prefix}.OriginalPath`] = file;
    if (/^true$/i.test(reference.Properties?.Extract ?? '')) {
      const into = path.join(workDir, 'packages', (reference.Name || pkg.PackageId).replace(/[^A-Za-z0-9._-]+/g, '_'));
      try {
        const files = await extractPackage(file, pkg.FileExtension, into);
        activity.info(`Extracted ${files} file${files === 1 ? '' : 's'} of ${pkg.PackageId} to ${into}`);
      } catch (error) {
        return { failed: `Could not extract ${pkg.PackageId} ${pkg.Version}: ${(error as Error).message}` };
      }
      variables[`${prefix}.ExtractedPath`] = into;
    }
  }
  return { variables };
}
