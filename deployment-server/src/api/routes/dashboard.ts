import type { FastifyInstance } from 'fastify';
import { allInSpace } from '../../resources/repository';
import type { EnvironmentResource, LifecycleResource, ProjectResource } from '../../resources/types';
import { effectivePhases } from '@stepwise/core/octopus/lifecycle';
import { spaceOf, type ApiContext } from '../context';

interface DashboardRow {
  deployment_id: string;
  project_id: string;
  environment_id: string;
  release_id: string;
  channel_id: string;
  task_id: string;
  created: string;
  version: string;
  state: string;
  queue_time: string;
  start_time: string | null;
  completed_time: string | null;
  error_message: string | null;
  has_warnings_or_errors: number;
  pending: number;
}

/**
 * `GET …/dashboard`: Octopus's overview — every project, every environment, and the newest
 * deployment of each project to each environment (`Items`, `IsCurrent`), with the one before it
 * in `PreviousItems`.
 */
export function dashboardRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;
  app.get('/dashboard', async (request) => {
    const space = spaceOf(ctx, request);
    const environments = allInSpace<EnvironmentResource>(store, 'environments', space.Id);
    const projects = allInSpace<ProjectResource>(store, 'projects', space.Id);
    const lifecycles = allInSpace<LifecycleResource>(store, 'lifecycles', space.Id);
    const rows = store.rows<DashboardRow>(
      `SELECT d.id AS deployment_id, d.project_id, d.environment_id, d.release_id, d.channel_id, d.task_id,
              json_extract(d.json, '$.Created') AS created, json_extract(r.json, '$.Version') AS version,
              t.state, t.queue_time, t.start_time, t.completed_time, t.error_message, t.has_warnings_or_errors,
              (SELECT COUNT(*) FROM interruptions i WHERE i.task_id = t.id AND i.is_pending = 1) AS pending
       FROM deployments d JOIN releases r ON r.id = d.release_id JOIN tasks t ON t.id = d.task_id
       WHERE d.space_id = ? ORDER BY d.seq DESC`,
      space.Id,
    );
    const item = (row: DashboardRow, isCurrent: boolean) => ({
      DeploymentId: row.deployment_id,
      ProjectId: row.project_id,
      EnvironmentId: row.environment_id,
      ReleaseId: row.release_id,
      ChannelId: row.channel_id,
      TaskId: row.task_id,
      ReleaseVersion: row.version,
      Created: row.created,
      QueueTime: row.queue_time,
      StartTime: row.start_time ?? row.queue_time,
      CompletedTime: row.completed_time ?? undefined,
      State: row.state,
      HasPendingInterruptions: row.pending > 0,
      HasWarningsOrErrors: row.has_warnings_or_errors === 1,
      ErrorMessage: row.error_message ?? '',
      IsCurrent: isCurrent,
      IsPrevious: !isCurrent,
      IsCompleted: ['Success', 'Failed', 'Canceled', 'TimedOut'].includes(row.state),
    });
    const seen = new Map<string, number>();
    const items = [];
    const previous = [];
    for (const row of rows) {
      const key = `${row.project_id}/${row.environment_id}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      if (n === 0) items.push(item(row, true));
      else if (n === 1) previous.push(item(row, false));
    }
    const environmentIdsOf = (project: ProjectResource) => {
      const lifecycle = lifecycles.find((l) => l.Id === project.LifecycleId);
      return lifecycle
        ? [...new Set(effectivePhases(lifecycle, environments).flatMap((p) => p.environmentIds))]
        : environments.map((e) => e.Id);
    };
    const base = `/api/${space.Id}`;
    return {
      Environments: environments.map((e) => ({
        Id: e.Id,
        Name: e.Name,
        Links: { Self: `${base}/environments/${e.Id}` },
      })),
      Projects: projects.map((p) => ({
        Id: p.Id,
        Name: p.Name,
        Slug: p.Slug,
        ProjectGroupId: p.ProjectGroupId,
        IsDisabled: p.IsDisabled,
        CanPerformUntenantedDeployment: true,
        TenantedDeploymentMode: p.TenantedDeploymentMode,
        EnvironmentIds: environmentIdsOf(p),
        Links: { Self: `${base}/projects/${p.Id}` },
      })),
      ProjectGroups: [
        {
          Id: 'ProjectGroups-1',
          Name: 'Default Project Group',
          EnvironmentIds: environments.map((e) => e.Id),
          Links: { Self: `${base}/projectgroups/ProjectGroups-1` },
        },
      ],
      Tenants: [],
      Items: items,
      PreviousItems: previous,
      IsFiltered: false,
      Links: { Self: `${base}/dashboard` },
    };
  });
}
