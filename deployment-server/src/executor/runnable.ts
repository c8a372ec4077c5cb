import type { ExecutionShape } from '@stepwise/core/preview';
import { propertyText } from '../model/fromResources';
import type { DeploymentActionResource } from '../resources/types';

/** The execution shape of an action as the release's process snapshot holds it. */
export function shapeOfResource(resource: DeploymentActionResource): ExecutionShape {
  const gitDependencies = (resource as { GitDependencies?: unknown[] }).GitDependencies;
  return {
    actionType: resource.ActionType,
    property: (name) => propertyText(resource.Properties[name]),
    packages: (resource.Packages ?? [])
      .filter((p) => p.Name || resource.ActionType !== 'Octopus.TentaclePackage')
      .map((p) => ({
        name: p.Name ?? '',
        id: p.PackageId,
        feed: p.FeedId ?? '',
        acquisitionLocation: p.AcquisitionLocation,
      })),
    containerImage: resource.Container?.Image ?? undefined,
    gitDependencies: Array.isArray(gitDependencies) ? gitDependencies.length : 0,
  };
}
