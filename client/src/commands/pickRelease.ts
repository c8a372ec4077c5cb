import * as vscode from 'vscode';
import { environmentsInReach, type DeploymentOutcome } from '@stepwise/core/octopus/lifecycle';
import type { Environment, Lifecycle, Release } from '../octopus/types';
import { relativeTime } from '../tree/relativeTime';
import type { ProjectTarget } from './projectTarget';

/** A release of the project, newest first; `version` picks without asking. */
export async function pickRelease(
  target: ProjectTarget,
  placeHolder: string,
  version?: string,
): Promise<Release | undefined> {
  const { client, project, connection } = target;
  if (version) {
    const found = (await client.releases(project.Id, { take: 5, searchByVersion: version })).Items.find(
      (r) => r.Version === version,
    );
    if (!found) void vscode.window.showErrorMessage(`${project.Name} has no release ${version} on ${connection.name}.`);
    return found;
  }
  const releases = (await client.releases(project.Id, { take: 30 })).Items;
  if (!releases.length) {
    void vscode.window
      .showInformationMessage(`${project.Name} has no release on ${connection.name} yet.`, 'Create Release')
      .then(
        (c) => c && vscode.commands.executeCommand('stepwise.createRelease', { connection, project: project.Name }),
      );
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    releases.map((release, i) => ({
      label: release.Version,
      description: `${relativeTime(release.Assembled)}${i === 0 ? ' · newest' : ''}`,
      detail: release.ReleaseNotes || undefined,
      release,
    })),
    { placeHolder: `${placeHolder} (${project.Name} on ${connection.name})` },
  );
  return picked?.release;
}

/**
 * An environment for the release, in lifecycle order: those it may go to now first (the next
 * one preselected), then the rest marked with what they wait for — picking one of those lets
 * the server explain the refusal.
 */
export async function pickEnvironment(
  release: Release,
  lifecycle: Lifecycle,
  environments: Environment[],
  outcomes: DeploymentOutcome[],
  options: { placeHolder: string; onlyAvailable?: boolean; hideDeployed?: boolean; preselect?: string },
): Promise<Environment | undefined> {
  const reach = environmentsInReach(lifecycle, environments, outcomes);
  const inLifecycle = new Set(reach.map((r) => r.environmentId));
  const items: (vscode.QuickPickItem & { environment?: Environment })[] = [];
  const available = reach.filter((r) => r.available && !(options.hideDeployed && r.succeeded));
  const later = reach.filter((r) => !r.available);
  const byId = (id: string) => environments.find((e) => e.Id === id);
  const describe = (r: (typeof reach)[number]) => `${r.phase}${r.succeeded ? ' · deployed' : ''}`;
  if (available.length)
    items.push({ label: `Release ${release.Version} can go to`, kind: vscode.QuickPickItemKind.Separator });
  for (const r of available) {
    const environment = byId(r.environmentId);
    if (environment)
      items.push({
        label: environment.Name,
        description: describe(r),
        iconPath: new vscode.ThemeIcon(r.succeeded ? 'pass' : 'arrow-right'),
        environment,
      });
  }
  if (!options.onlyAvailable) {
    if (later.length)
      items.push({
        label: 'Not yet (the lifecycle needs earlier phases first)',
        kind: vscode.QuickPickItemKind.Separator,
      });
    for (const r of later) {
      const environment = byId(r.environmentId);
      if (environment)
        items.push({
          label: environment.Name,
          description: describe(r),
          iconPath: new vscode.ThemeIcon('lock'),
          environment,
        });
    }
    const outside = environments.filter((e) => !inLifecycle.has(e.Id));
    if (outside.length)
      items.push({ label: `Not in the lifecycle '${lifecycle.Name}'`, kind: vscode.QuickPickItemKind.Separator });
    for (const environment of outside)
      items.push({ label: environment.Name, iconPath: new vscode.ThemeIcon('circle-slash'), environment });
  }
  if (!items.some((i) => i.environment)) {
    void vscode.window.showInformationMessage(
      `Release ${release.Version} has nowhere left to go in the lifecycle '${lifecycle.Name}'.`,
    );
    return undefined;
  }
  const quickPick = vscode.window.createQuickPick<(typeof items)[number]>();
  quickPick.items = items;
  quickPick.placeholder = options.placeHolder;
  const preselected = items.find((i) => i.environment && i.environment.Id === options.preselect);
  if (preselected) quickPick.activeItems = [preselected];
  return new Promise((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.environment);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}
