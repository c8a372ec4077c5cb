import * as vscode from 'vscode';
import { reportError } from '../connections/reportError';
import { nextVersion } from '@stepwise/core/octopus/versions';
import type { Channel, Release } from '../octopus/types';
import type { Services } from '../services';
import {
  commandOptions,
  resolveProject,
  type CommandArg,
  type ProjectTarget,
  type TargetOptions,
} from './projectTarget';
import { packagesEntry, packageVersionProblem, ruledPackages } from './packageVersions';
import { pushProcessIfChanged } from './pushProcess';

export interface CreateReleaseOptions extends TargetOptions {
  /** Skips the version prompt. */
  version?: string;
  /** Skips the notes prompt ('' for none). */
  releaseNotes?: string;
  /** Answers "push the file first?" without asking. */
  push?: boolean;
  channel?: string;
  /**
   * Package versions by step name (`Step` or `Step:reference`) for the packages the channel's rules
   * govern, instead of asking; 'suggested' takes the suggestions without asking.
   */
  packageVersions?: Record<string, string> | 'suggested';
  /** No "Created release …" notification (when a deployment follows at once). */
  quiet?: boolean;
}

export interface CreatedRelease extends ProjectTarget {
  release: Release;
}

/**
 * Stepwise: Create Release — for the project of the active process file (or the tree's, or one
 * picked): pushes the file first when it differs from the server (after asking), asks for the
 * channel, then for the version of each package the channel's rules govern (suggesting the newest
 * the rules allow, and naming the rule a typed version breaks), suggests the next release version,
 * asks for optional notes, creates the release.
 */
export async function createReleaseCommand(services: Services, arg?: CommandArg): Promise<CreatedRelease | undefined> {
  const target = await resolveProject(services, arg, 'to release');
  if (!target) return undefined;
  const options = optionsOf(arg);
  return createRelease(services, target, options);
}

export async function createRelease(
  services: Services,
  target: ProjectTarget,
  options: CreateReleaseOptions = {},
): Promise<CreatedRelease | undefined> {
  const { client, project, connection } = target;
  const pushed = await pushProcessIfChanged(services, target, { push: options.push });
  if (pushed === 'cancelled') return undefined;

  let version = options.version;
  let releaseNotes = options.releaseNotes;
  let channelName = options.channel;
  const packages: string[] = [];
  try {
    const channels: Channel[] = await client.channels(project.Id).catch(() => []);
    if (channelName === undefined && channels.length > 1) {
      const picked = await vscode.window.showQuickPick(
        [...channels]
          .sort((a, b) => Number(b.IsDefault) - Number(a.IsDefault))
          .map((c) => ({
            label: c.Name,
            description: [c.IsDefault ? 'default' : '', c.Rules?.length ? `${c.Rules.length} version rule(s)` : '']
              .filter(Boolean)
              .join(' · '),
          })),
        { placeHolder: `Channel of the new release of ${project.Name}` },
      );
      if (!picked) return undefined;
      channelName = picked.label;
    }
    const channel =
      channels.find((c) => c.Name.toLowerCase() === channelName?.toLowerCase()) ?? channels.find((c) => c.IsDefault);
    for (const pkg of channel && !project.IsVersionControlled ? await ruledPackages(client, project, channel) : []) {
      const key = pkg.reference ? `${pkg.actionName}:${pkg.reference}` : pkg.actionName;
      const given = options.packageVersions === 'suggested' ? pkg.suggested : options.packageVersions?.[key];
      let chosen = given;
      if (chosen === undefined) {
        chosen = await vscode.window.showInputBox({
          title: `Create a release of ${project.Name} in channel ${channel!.Name}`,
          prompt: `Version of ${pkg.packageId} for step ${pkg.actionName}${pkg.suggested ? ` (the newest the channel allows is ${pkg.suggested})` : ' (the feed has no version the channel allows)'}`,
          value: pkg.suggested ?? '',
          ignoreFocusOut: true,
          validateInput: (v) => packageVersionProblem(channel!, pkg, v),
        });
        if (chosen === undefined) return undefined;
      }
      const problem = packageVersionProblem(channel!, pkg, chosen ?? '');
      if (problem) {
        void vscode.window.showErrorMessage(problem);
        return undefined;
      }
      packages.push(packagesEntry(pkg, chosen!.trim()));
    }
    if (!version) {
      const recent = (await client.releases(project.Id, { take: 30 })).Items;
      const suggested = nextVersion(
        recent[0]?.Version,
        recent.map((r) => r.Version),
      );
      const taken = new Set(recent.map((r) => r.Version.toLowerCase()));
      version = await vscode.window.showInputBox({
        title: `Create a release of ${project.Name} on ${connection.name}`,
        prompt: `Version${recent[0] ? ` (the newest is ${recent[0].Version})` : ''}`,
        value: suggested,
        valueSelection: [suggested.length, suggested.length],
        ignoreFocusOut: true,
        validateInput: (v) =>
          !v.trim()
            ? 'A release needs a version.'
            : taken.has(v.trim().toLowerCase())
              ? `${project.Name} already has a release ${v.trim()}.`
              : undefined,
      });
      if (!version) return undefined;
      version = version.trim();
    }
    if (releaseNotes === undefined) {
      releaseNotes = await vscode.window.showInputBox({
        title: `Create release ${version} of ${project.Name}`,
        prompt: 'Release notes (optional; Markdown). Enter to create the release.',
        placeHolder: 'What changed in this release',
        ignoreFocusOut: true,
      });
      if (releaseNotes === undefined) return undefined;
    }
  } catch (error) {
    reportError(services.log, error, { doing: `Could not prepare a release of ${project.Name}`, connection });
    return undefined;
  }

  try {
    const created = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Creating release ${version} of ${project.Name} on ${connection.name}…`,
      },
      () =>
        client.createRelease({
          ProjectName: project.Name,
          ReleaseVersion: version,
          ChannelName: channelName,
          ReleaseNotes: releaseNotes || undefined,
          Packages: packages.length ? packages : undefined,
          GitRef: project.IsVersionControlled ? project.PersistenceSettings?.DefaultBranch : undefined,
        }),
    );
    const release = await client.release(created.ReleaseId);
    services.log.info(
      `Created release ${release.Version} of ${project.Name} on ${connection.name} (${release.Id})${pushed === 'pushed' ? ', after pushing the process file' : ''}.`,
    );
    services.tree.refresh();
    const node = { kind: 'release' as const, connection, project, release };
    if (!options.quiet)
      void vscode.window
        .showInformationMessage(
          `Created release ${release.Version} of ${project.Name} on ${connection.name}.`,
          'Deploy to Test',
          'Deploy to Environment…',
        )
        .then((chosen) => {
          if (chosen === 'Deploy to Test') void vscode.commands.executeCommand('stepwise.deployToTest', node);
          if (chosen === 'Deploy to Environment…')
            void vscode.commands.executeCommand('stepwise.deployToEnvironment', node);
        });
    return { ...target, release };
  } catch (error) {
    reportError(services.log, error, {
      doing: `Could not create release ${version} of ${project.Name}`,
      connection,
      retry: () => createRelease(services, target, { ...options, push: false }),
    });
    return undefined;
  }
}

function optionsOf(arg: CommandArg): CreateReleaseOptions {
  return commandOptions<CreateReleaseOptions>(arg);
}
