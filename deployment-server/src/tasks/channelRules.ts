import { channelRuleViolations as violations } from '@stepwise/core/octopus/channelRules';
import type { ChannelResource, DeploymentProcessResource, SelectedPackage } from '../resources/types';

/**
 * A channel's version rules checked against a release's package versions (the rules themselves
 * are core's `octopus/channelRules`): one sentence per package that breaks a rule, naming it.
 */
export function channelRuleViolations(
  channel: ChannelResource,
  process: DeploymentProcessResource,
  selected: SelectedPackage[],
): string[] {
  const actions = process.Steps.flatMap((s) => s.Actions);
  return violations(channel, selected, {
    packageIdOf: (chosen) =>
      actions
        .find((a) => a.Name === chosen.ActionName)
        ?.Packages?.find((r) => r.Name.toLowerCase() === (chosen.PackageReferenceName ?? '').toLowerCase())?.PackageId,
  });
}
