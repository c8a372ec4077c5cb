import { describeRule, newestAllowed, ruleProblem, rulesFor } from '@stepwise/core/octopus/channelRules';
import type { OctopusClient } from '../octopus/octopusClient';
import type { Channel, ChannelVersionRule, Project } from '../octopus/types';

/** A package of the process that a rule of the chosen channel governs. */
export interface RuledPackage {
  actionName: string;
  /** The package reference's name; '' for an action's primary package. */
  reference: string;
  packageId: string;
  feedId: string;
  rules: ChannelVersionRule[];
  /** The newest version in the feed every rule allows, if the feed has one. */
  suggested: string | undefined;
}

/**
 * The packages of the project's process that the channel's rules govern, each with the version to
 * suggest: the feed searched with the rule's range and tag (as Octopus's Create Release page
 * searches), the newest result every rule allows.
 */
export async function ruledPackages(
  client: OctopusClient,
  project: Project,
  channel: Channel,
): Promise<RuledPackage[]> {
  const rules = channel.Rules ?? [];
  if (!rules.length) return [];
  const process = await client.deploymentProcess(project.Id);
  const found: RuledPackage[] = [];
  for (const step of process.Steps)
    for (const action of step.Actions) {
      if (action.IsDisabled) continue;
      for (const reference of action.Packages ?? []) {
        const applying = rulesFor(rules, action.Name, reference.Name);
        if (!applying.length) continue;
        const filter = applying.length === 1 ? applying[0] : undefined;
        const versions = await client
          .packageVersions(reference.FeedId, reference.PackageId, {
            versionRange: filter?.VersionRange,
            preReleaseTag: filter?.Tag,
          })
          .catch(() => []);
        found.push({
          actionName: action.Name,
          reference: reference.Name,
          packageId: reference.PackageId,
          feedId: reference.FeedId,
          rules: applying,
          suggested: newestAllowed(
            versions.map((v) => v.Version),
            applying,
          ),
        });
      }
    }
  return found;
}

/** Why the channel refuses `version` for the package, naming the rule; undefined when it allows it. */
export function packageVersionProblem(channel: Channel, pkg: RuledPackage, version: string): string | undefined {
  const typed = version.trim();
  if (!typed) return `${pkg.packageId} needs a version.`;
  for (const rule of pkg.rules) {
    const problem = ruleProblem(rule, typed);
    if (problem)
      return `Channel ${channel.Name}'s rule (${describeRule(rule)}) refuses ${pkg.packageId} ${typed}: ${problem}.`;
  }
  return undefined;
}

/** The executions API's `Packages` entry for the choice. */
export function packagesEntry(pkg: RuledPackage, version: string): string {
  return pkg.reference ? `${pkg.actionName}:${pkg.reference}:${version}` : `${pkg.actionName}:${version}`;
}
