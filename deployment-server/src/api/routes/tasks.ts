import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Where } from '../../db/store';
import { badRequest, notFound } from '../../errors';
import { readActivityTree, renderRawLog } from '../../log/readLog';
import type { TaskState } from '../../resources/types';
import { getTask, TASK_COLUMNS, type TaskRow } from '../../tasks/taskStore';
import { SERVER_VERSION } from '../../version';
import { isUnscoped, spaceOf, type ApiContext } from '../context';
import {
  collection,
  listRoute,
  MAX_TAKE,
  paging,
  type Query,
  queryBoolean,
  queryInt,
  queryList,
  queryString,
} from '../paging';
import { duration, presentTask } from '../present';

const STATES: TaskState[] = ['Queued', 'Executing', 'Success', 'Failed', 'Canceled', 'TimedOut', 'Cancelling'];
const ACTIVE = ['Queued', 'Executing', 'Cancelling'];

/** Server tasks: the list (with `ids=`, as api-client's waiter polls), one task, its log, cancel. */
export function taskRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { store } = ctx;

  /** A task by id; in a space route it must belong to that space, unscoped it may be in any. */
  const taskOf = (request: FastifyRequest): TaskRow => {
    const { id } = request.params as { id: string };
    const task = getTask(store, id);
    if (!task || (!isUnscoped(request) && task.space_id !== spaceOf(ctx, request).Id))
      throw notFound(`There is no task ${id}${isUnscoped(request) ? '' : ` in space ${spaceOf(ctx, request).Id}`}.`);
    return task;
  };

  listRoute(app, '/tasks', async (request) => {
    const space = spaceOf(ctx, request);
    const query = request.query as Query;
    const page = paging(query);
    const ids = queryList(query, 'ids');
    const states = queryList(query, 'states');
    const unknown = states?.filter((s) => !STATES.includes(s as TaskState) && s !== 'New');
    if (unknown?.length)
      throw badRequest(
        `Unknown task state${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; states are ${STATES.join(', ')}.`,
      );
    const where = new Where().ids('t.id', ids).ids(
      't.state',
      states?.map((s) => (s === 'New' ? 'Queued' : s)),
    );
    if (!isUnscoped(request)) where.add('t.space_id = ?', space.Id);
    const project = queryString(query, 'project');
    const environment = queryString(query, 'environment');
    const name = queryString(query, 'name');
    if (project) where.add('t.project_id = ?', project);
    if (environment) where.add('t.environment_id = ?', environment);
    if (name) where.add('t.name = ?', name);
    const active = queryBoolean(query, 'active');
    if (active !== undefined)
      where.add(`t.state ${active ? '' : 'NOT '}IN (SELECT value FROM json_each(?))`, JSON.stringify(ACTIVE));
    const filter = where.toSql();
    const total = store.value<number>(`SELECT COUNT(*) FROM tasks t${filter}`, ...where.params) ?? 0;
    const rows =
      page.take > 0 && page.skip < total
        ? store.rows<TaskRow>(
            `SELECT ${TASK_COLUMNS} FROM tasks t${filter} ORDER BY t.seq DESC LIMIT ? OFFSET ?`,
            ...where.params,
            page.take,
            page.skip,
          )
        : [];
    return collection(
      'Task',
      { items: rows.map(presentTask), total },
      page,
      `/api/${space.Id}/tasks`,
      `/api/${space.Id}/tasks{/id}{?skip,take,ids,states,project,environment,name,active}`,
      {
        ids: ids?.join(','),
        states: states?.join(','),
        project,
        environment,
        name,
        active: active === undefined ? undefined : String(active),
      },
    );
  });

  app.get('/tasks/:id', async (request) => presentTask(taskOf(request)));

  app.get('/tasks/:id/details', async (request) => {
    // Flushed before the task is read: its progress is written with the log's batches.
    ctx.logs.flush();
    const task = taskOf(request);
    const query = request.query as Query;
    const verbose = queryBoolean(query, 'verbose') ?? false;
    const tail = queryString(query, 'tail') === undefined ? undefined : queryInt(query, 'tail', 0, MAX_TAKE);
    const tree = readActivityTree(store, task.id, { verbose, tail });
    const size =
      store.value<number>('SELECT COALESCE(SUM(LENGTH(message)), 0) FROM log_lines WHERE task_id = ?', task.id) ?? 0;
    return {
      Task: presentTask(task),
      Progress: {
        ProgressPercentage: task.progress,
        EstimatedTimeRemaining: task.state === 'Executing' ? 'Unknown' : '',
      },
      PhysicalLogSize: size,
      ActivityLogs: tree,
      Links: { Self: `/api/${task.space_id}/tasks/${task.id}/details` },
    };
  });

  app.get('/tasks/:id/raw', async (request, reply) => {
    const task = taskOf(request);
    ctx.logs.flush();
    const tree = readActivityTree(store, task.id, { verbose: true });
    const deployment = task.deployment_id
      ? store.doc<{ ReleaseId: string; ChannelId: string }>(
          'SELECT json FROM deployments WHERE id = ?',
          task.deployment_id,
        )
      : undefined;
    const related = [
      task.deployment_id,
      deployment?.ChannelId,
      deployment?.ReleaseId,
      task.project_id,
      task.space_id,
      task.environment_id,
    ].filter((x): x is string => !!x);
    const text = renderRawLog(
      {
        taskId: task.id,
        relatedIds: related,
        state: task.state,
        queued: task.queue_time,
        started: task.start_time,
        duration: duration(task.start_time, task.completed_time ?? (task.start_time ? new Date().toISOString() : null)),
        serverVersion: SERVER_VERSION,
      },
      tree,
    );
    void reply.type('text/plain; charset=utf-8');
    return text;
  });

  app.post('/tasks/:id/cancel', async (request) => {
    const task = taskOf(request);
    ctx.queue.cancel(task.id);
    return presentTask(getTask(store, task.id) ?? task);
  });
}
