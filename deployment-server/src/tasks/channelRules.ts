import { parseVersionRange, preReleaseTag, satisfies } from '../packages/versionRange';
import type { ChannelResource, DeploymentProcessResource, SelectedPackage } from '../resources/types';

/**
 * A channel's version rules checked against a release's package versions, as Octopus checks them
 * when a release is created (unless `IgnoreChannelRules`): every package a rule names must have a
 * version inside the rule's range and a pre-release tag its `Tag` matches. One sentence per
 * package that breaks a rule, naming the rule.
 */
export function channelRuleViolations(
  channel: ChannelResource,
  process: DeploymentProcessResource,
  selected: SelectedPackage[],
): string[] {
  const problems: string[] = [];
  const actions = process.Steps.flatMap((s) => s.Actions);
  for (const rule of channel.Rules) {
    const range = parseVersionRange(rule.VersionRange);
    for (const target of rule.ActionPackages) {
      const reference = (target.PackageReference ?? '').toLowerCase();
      const chosen = selected.find(
        (p) =>
          p.ActionName.toLowerCase() === target.DeploymentAction.toLowerCase() &&
          (p.PackageReferenceName ?? '').toLowerCase() === reference,
      );
      if (!chosen) continue;
      const inRange = 'problem' in range ? false : satisfies(range, chosen.Version);
      let tagMatches = true;
      if (rule.Tag) {
        try {
          tagMatches = new RegExp(rule.Tag).test(preReleaseTag(chosen.Version));
        } catch {
          tagMatches = false;
        }
      }
      if (inRange && tagMatches) continue;
      const action = actions.find((a) => a.Name === chosen.ActionName);
      const packageId =
        action?.Packages?.find((r) => r.Name.toLowerCase() === reference)?.PackageId ?? chosen.PackageReferenceName;
      const ruleText = [
        rule.VersionRange ? `version range ${rule.VersionRange}` : '',
        rule.Tag ? `pre-release tag ${rule.Tag}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      problems.push(
        `The version ${chosen.Version} of package ${packageId} for step '${chosen.ActionName}' does not satisfy the version rule of channel '${channel.Name}' (${ruleText}). Choose a version the rule allows, or create the release with IgnoreChannelRules.`,
      );
    }
  }
  return problems;
}
