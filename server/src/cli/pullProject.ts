import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { projectToYaml, slugify } from '@stepwise/core';
import { mergeSpaceYaml } from '@stepwise/core/model/mergeSpaceYaml';
import type {
  DeploymentProcessResource,
  LifecycleResource,
  ReferenceDataItem,
  VariableSetResource,
} from '@stepwise/core/octopus/apiResources';
import {
  lifecycleFromApi,
  projectFromApiResources,
  targetFromApi,
  variablesFromApi,
  type ApiChannel,
  type ApiRunbook,
} from '@stepwise/core/octopus/fromApiResources';
import { findNamed, OctopusApi, OctopusError, type Named } from './octopusApi';

/**
 * A project on an Octopus server as a process file, and what it uses of the space merged into
 * the space file next to it. No VS Code and no CLI here: \`stepwise pull\` and the extension's
 * "Import Project from Server…" both call \`pullProject\`.
 */

interface SpaceItem extends Named {
  IsDefault?: boolean;
}
interface ProjectItem extends Named {
  Slug: string;
  LifecycleId: string;
  DeploymentProcessId: string;
  VariableSetId: string;
  IncludedLibraryVariableSetIds?: string[];
  IsVersionControlled?: boolean;
}
interface MachineItem extends Named {
  Roles: string[];
  EnvironmentIds: string[];
}
interface LibrarySetItem extends Named {
  VariableSetId: string;
}
interface ChannelItem extends Named, ApiChannel {}
interface RunbookItem extends Named, ApiRunbook {
  RunbookProcessId: string;
}

export interface PullOptions {
  server: string;
  apiKey: string;
  project: string;
  space?: string;
  /** The process file to write; default `<project slug>.process.yaml` in `cwd`. */
  out?: string;
  cwd: string;
  progress?: (line: string) => void;
}

export interface PullResult {
  processFile: string;
  spaceFile: string;
  added: Record<string, string[]>;
  notes: string[];
}

/** A failure a person can act on, with the exit code it gives. */
export class PullError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export async function pullProject(options: PullOptions): Promise<PullResult> {
  const progress = options.progress ?? (() => {});
  const api = new OctopusApi(options.server, options.apiKey);
  progress(`reading spaces from ${api.baseUrl}`);
  const spaces = await api.all<SpaceItem>('/api/spaces');
  const space = options.space ? findNamed(spaces, options.space) : (spaces.find((s) => s.IsDefault) ?? spaces[0]);
  if (!space)
    throw new PullError(
      options.space
        ? `there is no space '${options.space}' on ${api.baseUrl} (spaces: ${spaces.map((s) => s.Name).join(', ') || 'none'})`
        : `${api.baseUrl} has no space`,
    );
  const inSpace = (p: string) => `/api/${encodeURIComponent(space.Id)}${p}`;

  const projects = await api.all<ProjectItem>(inSpace('/projects'));
  const project = findNamed(projects, options.project);
  if (!project)
    throw new PullError(`there is no project '${options.project}' in space ${space.Name} on ${api.baseUrl}`);
  if (project.IsVersionControlled)
    progress(`${project.Name} keeps its process in Git on the server; pulling the copy the server serves`);
  progress(`reading ${project.Name} (${project.Id}) in ${space.Name}`);

  const [process, variables, environments, machines, channels, librarySets] = await Promise.all([
    api.get<DeploymentProcessResource>(inSpace(`/projects/${encodeURIComponent(project.Id)}/deploymentprocesses`)),
    api.get<VariableSetResource>(inSpace(`/variables/${encodeURIComponent(project.VariableSetId)}`)),
    api.all<Named>(inSpace('/environments')),
    api.all<MachineItem>(inSpace('/machines')),
    api.all<ChannelItem>(inSpace(`/projects/${encodeURIComponent(project.Id)}/channels`)),
    Promise.all(
      (project.IncludedLibraryVariableSetIds ?? []).map((id) =>
        api.get<LibrarySetItem>(inSpace(`/libraryvariablesets/${encodeURIComponent(id)}`)),
      ),
    ),
  ]);
  const lifecycleIds = [
    ...new Set([project.LifecycleId, ...channels.map((c) => c.LifecycleId)].filter((id): id is string => !!id)),
  ];
  const lifecycles = await Promise.all(
    lifecycleIds.map((id) => api.get<LifecycleResource>(inSpace(`/lifecycles/${encodeURIComponent(id)}`))),
  );
  // Runbooks and their processes. A server without the runbook routes (404) has none to give.
  let runbooks: { runbook: RunbookItem; process: DeploymentProcessResource }[] = [];
  try {
    const items = await api.all<RunbookItem>(inSpace(`/projects/${encodeURIComponent(project.Id)}/runbooks`));
    runbooks = await Promise.all(
      items.map(async (runbook) => ({
        runbook,
        process: await api.get<DeploymentProcessResource>(
          inSpace(`/runbookProcesses/${encodeURIComponent(runbook.RunbookProcessId)}`),
        ),
      })),
    );
  } catch (error) {
    if (!(error instanceof OctopusError && error.details.status === 404)) throw error;
    progress(`${api.baseUrl} serves no runbooks; the file has none`);
  }
  const librarySetVariables = await Promise.all(
    librarySets.map((s) => api.get<VariableSetResource>(inSpace(`/variables/${encodeURIComponent(s.VariableSetId)}`))),
  );

  const refs = (items: Named[]): ReferenceDataItem[] => items.map((i) => ({ Id: i.Id, Name: i.Name }));
  const names = {
    environments: refs(environments),
    machines: refs(machines),
    channels: refs(channels),
    lifecycles: refs(lifecycles),
  };
  const { project: model, notes } = projectFromApiResources({
    name: project.Name,
    process,
    variables,
    lifecycleId: project.LifecycleId,
    libraryVariableSets: librarySets.map((s) => s.Name),
    channels,
    runbooks,
    names,
  });

  // What of the space the project uses: its lifecycles' environments, the targets in its roles
  // or scopes, and every environment those name.
  const roles = new Set(model.process.steps.flatMap((s) => s.roles.map((r) => r.name.toLowerCase())));
  const allVariables = [variables, ...librarySetVariables];
  const scopedMachines = new Set(allVariables.flatMap((set) => set.Variables.flatMap((v) => v.Scope.Machine ?? [])));
  for (const set of allVariables)
    for (const v of set.Variables) for (const role of v.Scope.Role ?? []) roles.add(role.toLowerCase());
  const usedMachines = machines.filter(
    (m) => scopedMachines.has(m.Id) || m.Roles.some((r) => roles.has(r.toLowerCase())),
  );
  const usedEnvironmentIds = new Set<string>([
    ...lifecycles.flatMap((l) =>
      l.Phases.flatMap((p) => [...p.AutomaticDeploymentTargets, ...p.OptionalDeploymentTargets]),
    ),
    ...process.Steps.flatMap((s) => s.Actions.flatMap((a) => [...a.Environments, ...a.ExcludedEnvironments])),
    ...allVariables.flatMap((set) => set.Variables.flatMap((v) => v.Scope.Environment ?? [])),
    ...usedMachines.flatMap((m) => m.EnvironmentIds),
    ...runbooks.flatMap((r) => [
      ...(r.runbook.Environments ?? []),
      ...r.process.Steps.flatMap((s) => s.Actions.flatMap((a) => [...a.Environments, ...a.ExcludedEnvironments])),
    ]),
  ]);
  const actionName = (id: string) => process.Steps.flatMap((s) => s.Actions).find((a) => a.Id === id)?.Name ?? id;
  const nameOf = (list: ReferenceDataItem[]) => (id: string) => list.find((i) => i.Id === id)?.Name ?? id;

  const processFile = path.resolve(options.cwd, options.out ?? `${slugify(project.Name) || 'project'}.process.yaml`);
  const spaceFile = path.join(path.dirname(processFile), '.octopus', 'space.yaml');
  let existing: string | undefined;
  if (existsSync(spaceFile)) {
    try {
      existing = readFileSync(spaceFile, 'utf8');
    } catch (error) {
      throw new PullError(
        `cannot read ${spaceFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        2,
      );
    }
  }
  let merged;
  try {
    merged = mergeSpaceYaml(existing, {
      environments: environments.filter((e) => usedEnvironmentIds.has(e.Id)).map((e) => e.Name),
      lifecycles: lifecycles.map((l) => lifecycleFromApi(l, names.environments)),
      targets: usedMachines.map((m) => targetFromApi(m, names.environments)),
      variableSets: librarySets.map((s, i) => ({
        name: s.Name,
        variables: variablesFromApi(librarySetVariables[i].Variables, s.Name, {
          environment: nameOf(names.environments),
          target: nameOf(names.machines),
          channel: nameOf(names.channels),
          step: actionName,
        }),
      })),
    });
  } catch (error) {
    throw new PullError(`not written: ${spaceFile}: ${(error as Error).message}`, 2);
  }
  try {
    if (existsSync(processFile) && statSync(processFile).isDirectory())
      throw new PullError(`--out ${options.out} is a folder`, 2);
    mkdirSync(path.dirname(spaceFile), { recursive: true });
    writeFileSync(processFile, projectToYaml(model));
    writeFileSync(spaceFile, merged.text);
  } catch (error) {
    if (error instanceof PullError) throw error;
    throw new PullError(
      `cannot write the files: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      2,
    );
  }
  const sensitive = model.variables.filter((v) => v.sensitive).length;
  progress(
    `wrote ${processFile} (${model.process.steps.length} steps, ${model.variables.length} variables${sensitive ? `, ${sensitive} sensitive without their values` : ''}${model.runbooks.length ? `, ${model.runbooks.length} runbooks` : ''})`,
  );
  const added = Object.entries(merged.added)
    .filter(([, list]) => list.length)
    .map(([key, list]) => `${list.length} ${key}`);
  progress(
    `${existing === undefined ? 'wrote' : 'merged into'} ${spaceFile}${added.length ? ` (added ${added.join(', ')})` : ' (nothing new)'}`,
  );
  return { processFile, spaceFile, added: merged.added, notes };
}
