/**
 * The environments dashboard's model: projects × environments, each cell the release last
 * deployed there with its state and time, and whether it waits for promotion to the next
 * environment. Built from Octopus's `/dashboard` resource when the server has it, else from the
 * list endpoints (a handful of requests for the whole grid). Plain functions, no vscode.
 */
import { isActive, stateOf, type DeploymentState } from '../../deployments/deploymentState';
import type { Deployment, Environment, Project, Release, ServerTask, TaskState } from '../../octopus/types';

export interface DashboardCell {
  releaseVersion: string;
  deploymentId: string;
  taskId: string;
  state: DeploymentState;
  /** When the deployment was queued (ISO). */
  created: string;
  completed?: string;
  /** The next environment, when this release succeeded here and that one has an older deployment or none. */
  promoteTo?: string;
}

export interface DashboardModel {
  server: string;
  environments: string[];
  projects: { name: string; cells: (DashboardCell | null)[] }[];
  /** Whether a task is queued or running, so the view keeps refreshing. */
  active: boolean;
  /** ISO time the data was read, for the ages. */
  readAt: string;
  /** `dashboard` (one request) or `lists` (the list endpoints). */
  source: 'dashboard' | 'lists';
}

/** The fields of an item of Octopus's `GET /api/{space}/dashboard`. */
export interface DashboardItemResource {
  ProjectId: string;
  EnvironmentId: string;
  ReleaseId: string;
  ReleaseVersion: string;
  DeploymentId: string;
  TaskId: string;
  State: TaskState;
  HasPendingInterruptions?: boolean;
  Created: string;
  CompletedTime?: string | null;
  IsCurrent?: boolean;
  TenantId?: string | null;
}

export interface DashboardResource {
  Projects: { Id: string; Name: string }[];
  Environments: { Id: string; Name: string; SortOrder?: number }[];
  Items: DashboardItemResource[];
}

interface Entry {
  projectId: string;
  environmentId: string;
  cell: DashboardCell;
}

export function dashboardFromResource(
  server: string,
  resource: DashboardResource,
  now: Date = new Date(),
): DashboardModel {
  const entries: Entry[] = [];
  for (const item of resource.Items) {
    if (item.IsCurrent === false || item.TenantId) continue;
    entries.push({
      projectId: item.ProjectId,
      environmentId: item.EnvironmentId,
      cell: {
        releaseVersion: item.ReleaseVersion,
        deploymentId: item.DeploymentId,
        taskId: item.TaskId,
        state: stateOf({ State: item.State, HasPendingInterruptions: !!item.HasPendingInterruptions }),
        created: item.Created,
        ...(item.CompletedTime ? { completed: item.CompletedTime } : {}),
      },
    });
  }
  return assemble(server, resource.Projects, sortEnvironments(resource.Environments), entries, now, 'dashboard');
}

/**
 * From the list endpoints: the newest deployments of the space (newest first, as Octopus lists
 * them), their tasks and releases fetched by id. The newest deployment per project and
 * environment is the cell.
 */
export function dashboardFromLists(
  server: string,
  lists: {
    projects: Project[];
    environments: Environment[];
    deployments: Deployment[];
    tasks: ServerTask[];
    releases: Release[];
  },
  now: Date = new Date(),
): DashboardModel {
  const tasks = new Map(lists.tasks.map((t) => [t.Id, t]));
  const releases = new Map(lists.releases.map((r) => [r.Id, r]));
  const seen = new Set<string>();
  const entries: Entry[] = [];
  for (const d of lists.deployments) {
    const key = `${d.ProjectId}|${d.EnvironmentId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const task = tasks.get(d.TaskId);
    entries.push({
      projectId: d.ProjectId,
      environmentId: d.EnvironmentId,
      cell: {
        releaseVersion: releases.get(d.ReleaseId)?.Version ?? d.ReleaseId,
        deploymentId: d.Id,
        taskId: d.TaskId,
        state: stateOf(task),
        created: d.Created,
        ...(task?.CompletedTime ? { completed: task.CompletedTime } : {}),
      },
    });
  }
  return assemble(server, lists.projects, sortEnvironments(lists.environments), entries, now, 'lists');
}

/** The ids a list-built dashboard needs after the first burst: tasks and releases of the deployments. */
export function idsToFetch(deployments: Deployment[]): { taskIds: string[]; releaseIds: string[] } {
  return {
    taskIds: [...new Set(deployments.map((d) => d.TaskId))],
    releaseIds: [...new Set(deployments.map((d) => d.ReleaseId))],
  };
}

function sortEnvironments<T extends { Id: string; Name: string; SortOrder?: number }>(environments: T[]): T[] {
  return [...environments].sort((a, b) => (a.SortOrder ?? 0) - (b.SortOrder ?? 0));
}

function assemble(
  server: string,
  projects: { Id: string; Name: string }[],
  environments: { Id: string; Name: string }[],
  entries: Entry[],
  now: Date,
  source: DashboardModel['source'],
): DashboardModel {
  const envIndex = new Map(environments.map((e, i) => [e.Id, i]));
  const rows = new Map(
    projects.map((p) => [p.Id, { name: p.Name, cells: environments.map((): DashboardCell | null => null) }]),
  );
  for (const e of entries) {
    const row = rows.get(e.projectId);
    const i = envIndex.get(e.environmentId);
    if (row && i !== undefined) row.cells[i] = e.cell;
  }
  for (const row of rows.values()) {
    row.cells.forEach((cell, i) => {
      if (!cell || cell.state !== 'success' || i + 1 >= environments.length) return;
      const next = row.cells[i + 1];
      if (!next || (next.releaseVersion !== cell.releaseVersion && Date.parse(next.created) < Date.parse(cell.created)))
        cell.promoteTo = environments[i + 1].Name;
    });
  }
  const projectRows = [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
  return {
    server,
    environments: environments.map((e) => e.Name),
    projects: projectRows,
    active: projectRows.some((r) => r.cells.some((c) => c && isActive(c.state))),
    readAt: now.toISOString(),
    source,
  };
}
