import { OctopusError } from '@stepwise/core/octopus/errors';
import type { CallOptions, OctopusClient } from '../../octopus/octopusClient';
import type { Release, ResourceCollection } from '../../octopus/types';
import {
  dashboardFromLists,
  dashboardFromResource,
  type DashboardModel,
  type DashboardResource,
} from './dashboardModel';

/** How many of the space's newest deployments the list-built dashboard looks through. */
export const RECENT_DEPLOYMENTS = 1000;
/** Ids per `?ids=` request, so the URL stays far below servers' header limits. */
const IDS_PER_REQUEST = 100;

/**
 * The dashboard in one burst of requests: Octopus's `GET /api/{space}/dashboard` when the server
 * has it; else projects, environments and recent deployments together, then the tasks and
 * releases of the cells by id — a handful of requests however many cells there are.
 */
export async function loadDashboard(client: OctopusClient, server: string, o?: CallOptions): Promise<DashboardModel> {
  const space = `/api/${encodeURIComponent(client.spaceId ?? '')}`;
  try {
    const resource = await client.request<DashboardResource>(
      'GET',
      `${space}/dashboard`,
      { query: { highestLatestVersionPerProjectAndEnvironment: true } },
      o,
    );
    if (
      resource &&
      Array.isArray(resource.Items) &&
      Array.isArray(resource.Projects) &&
      Array.isArray(resource.Environments)
    )
      return dashboardFromResource(server, resource);
  } catch (error) {
    // A server without the dashboard (the local server before it had one) answers 404.
    if (!(error instanceof OctopusError) || error.details.status !== 404) throw error;
  }
  const [projects, environments, recent] = await Promise.all([
    client.projects(o),
    client.environments(o),
    client.deployments({ take: RECENT_DEPLOYMENTS }, o),
  ]);
  const newest = new Map<string, (typeof recent)[number]>();
  for (const d of recent)
    if (!newest.has(`${d.ProjectId}|${d.EnvironmentId}`)) newest.set(`${d.ProjectId}|${d.EnvironmentId}`, d);
  const deployments = [...newest.values()];
  const taskIds = [...new Set(deployments.map((d) => d.TaskId))];
  const releaseIds = [...new Set(deployments.map((d) => d.ReleaseId))];
  const [tasks, releases] = await Promise.all([
    Promise.all(chunks(taskIds).map((ids) => client.tasks(ids, o))).then((l) => l.flat()),
    releasesByIds(client, releaseIds, o),
  ]);
  return dashboardFromLists(server, { projects, environments, deployments, tasks, releases });
}

/** Releases by id, 100 to a request (`GET /api/{space}/releases?ids=…`). */
export async function releasesByIds(client: OctopusClient, ids: string[], o?: CallOptions): Promise<Release[]> {
  const space = `/api/${encodeURIComponent(client.spaceId ?? '')}`;
  const pages = await Promise.all(
    chunks([...new Set(ids)]).map((part) =>
      client.request<ResourceCollection<Release>>(
        'GET',
        `${space}/releases`,
        { query: { ids: part, skip: 0, take: part.length } },
        o,
      ),
    ),
  );
  return pages.flatMap((p) => p.Items);
}

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += IDS_PER_REQUEST) out.push(list.slice(i, i + IDS_PER_REQUEST));
  return out;
}
