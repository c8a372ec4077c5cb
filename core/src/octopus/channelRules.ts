import { compareVersions } from './versions';
import { parseVersionRange, preReleaseTag, satisfies, type RangeSyntax } from './versionRange';

/**
 * A channel's version rules, as Octopus checks them when a release is created (unless
 * `IgnoreChannelRules`) and as its Create Release page uses them to suggest package versions:
 * every package a rule names must have a version inside the rule's range and a pre-release tag its
 * `Tag` (a regular expression; `^$` for none) matches. The local server refuses a release that
 * breaks one; the extension suggests and checks versions with the same functions.
 */
export interface ChannelVersionRule {
  /** A NuGet (or, for a Maven feed's package, Maven) version range; empty: any version. */
  VersionRange: string;
  /** A regular expression for the pre-release tag; empty: any tag. */
  Tag: string;
  ActionPackages: { DeploymentAction: string; PackageReference?: string | null }[];
}

export interface ChannelWithRules {
  Name: string;
  Rules: ChannelVersionRule[];
}

/** The release's choice for one package of one action (Octopus's `SelectedPackage`). */
export interface ChosenPackage {
  ActionName: string;
  PackageReferenceName?: string | null;
  Version: string;
}

/** What a rule asks, as a person reads it: `version range [1.0,2.0) and pre-release tag ^$`. */
export function describeRule(rule: Pick<ChannelVersionRule, 'VersionRange' | 'Tag'>): string {
  return (
    [rule.VersionRange ? `version range ${rule.VersionRange}` : '', rule.Tag ? `pre-release tag ${rule.Tag}` : '']
      .filter(Boolean)
      .join(' and ') || 'any version'
  );
}

/** Why `version` breaks the rule (naming the part it breaks), or undefined when the rule allows it. */
export function ruleProblem(
  rule: Pick<ChannelVersionRule, 'VersionRange' | 'Tag'>,
  version: string,
  syntax: RangeSyntax = 'nuget',
): string | undefined {
  const range = parseVersionRange(rule.VersionRange, syntax);
  if ('problem' in range) return `the rule's version range is not one (${range.problem})`;
  if (!satisfies(range, version)) return `${version} is outside the version range ${rule.VersionRange}`;
  if (rule.Tag) {
    const tag = preReleaseTag(version);
    let matches = false;
    try {
      matches = new RegExp(rule.Tag).test(tag);
    } catch {
      return `the rule's pre-release tag ${rule.Tag} is not a regular expression`;
    }
    if (!matches)
      return `${tag ? `its pre-release tag '${tag}'` : `${version} has no pre-release tag, which`} does not match ${rule.Tag}`;
  }
  return undefined;
}

/** The rules that apply to a package of an action (a rule names the action and, for a named reference, the reference). */
export function rulesFor<R extends ChannelVersionRule>(
  rules: readonly R[],
  actionName: string,
  packageReference = '',
): R[] {
  const action = actionName.toLowerCase();
  const reference = packageReference.toLowerCase();
  return rules.filter((rule) =>
    rule.ActionPackages.some(
      (p) => p.DeploymentAction.toLowerCase() === action && (p.PackageReference ?? '').toLowerCase() === reference,
    ),
  );
}

/** The newest of `versions` every rule allows, or undefined when none is. */
export function newestAllowed(
  versions: readonly string[],
  rules: readonly Pick<ChannelVersionRule, 'VersionRange' | 'Tag'>[],
  syntax: RangeSyntax = 'nuget',
): string | undefined {
  return [...versions]
    .sort((a, b) => compareVersions(b, a))
    .find((v) => rules.every((rule) => ruleProblem(rule, v, syntax) === undefined));
}

/**
 * One sentence per chosen package that breaks a rule of the channel, naming the rule.
 * `packageIdOf` names the package (its id) for the message; `syntaxOf` says which range syntax its
 * feed uses (NuGet unless told).
 */
export function channelRuleViolations(
  channel: ChannelWithRules,
  chosen: readonly ChosenPackage[],
  options: {
    packageIdOf?: (p: ChosenPackage) => string | undefined;
    syntaxOf?: (p: ChosenPackage) => RangeSyntax;
  } = {},
): string[] {
  const problems: string[] = [];
  for (const rule of channel.Rules) {
    for (const p of chosen) {
      if (!rulesFor([rule], p.ActionName, p.PackageReferenceName ?? '').length) continue;
      if (ruleProblem(rule, p.Version, options.syntaxOf?.(p)) === undefined) continue;
      const packageId = options.packageIdOf?.(p) ?? p.PackageReferenceName ?? '';
      problems.push(
        `The version ${p.Version} of package ${packageId} for step '${p.ActionName}' does not satisfy the version rule of channel '${channel.Name}' (${describeRule(rule)}). Choose a version the rule allows, or create the release with IgnoreChannelRules.`,
      );
    }
  }
  return problems;
}
