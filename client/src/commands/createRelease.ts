import * as vscode from 'vscode';
import { reportError } from '../connections/reportError';
import { nextVersion } from '@stepwise/core/octopus/versions';
import type { Release } from '../octopus/types';
import type { Services } from '../services';
import { resolveProject, type CommandArg, type ProjectTarget, type TargetOptions } from './projectTarget';
import { pushProcessIfChanged } from './pushProcess';

export interface CreateReleaseOptions extends TargetOptions {
  /** Skips the version prompt. */
  version?: string;
  /** Skips the notes prompt ('' for none). */
  releaseNotes?: string;
  /** Answers "push the file first?" without asking. */
  push?: boolean;
  channel?: string;
  /** No "Created release …" notification (when a deployment follows at once). */
  quiet?: boolean;
}

export interface CreatedRelease extends ProjectTarget {
  release: Release;
}

/**
 * Stepwise: Create Release — for the project of the active process file (or the tree's, or one
 * picked): pushes the file first when it differs from the server (after asking), suggests the
 * next version, asks for optional notes, creates the release.
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
  try {
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
    if (channelName === undefined) {
      const channels = await client.channels(project.Id).catch(() => []);
      if (channels.length > 1) {
        const picked = await vscode.window.showQuickPick(
          [...channels]
            .sort((a, b) => Number(b.IsDefault) - Number(a.IsDefault))
            .map((c) => ({ label: c.Name, description: c.IsDefault ? 'default' : undefined })),
          { placeHolder: `Channel of release ${version}` },
        );
        if (!picked) return undefined;
        channelName = picked.label;
      }
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
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !('kind' in arg)
    ? (arg as CreateReleaseOptions)
    : {};
}
