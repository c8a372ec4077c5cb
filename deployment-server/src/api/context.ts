import type { FastifyRequest } from 'fastify';
import type { Store } from '../db/store';
import { notFound } from '../errors';
import type { TaskLogs } from '../log/taskLog';
import type { PackageFeed } from '../packages/feed';
import { DEFAULT_SPACE_ID, getSpace } from '../resources/spaces';
import type { SpaceResource } from '../resources/types';
import type { Interruptions } from '../tasks/interruptions';
import type { TaskQueue } from '../tasks/queue';

/** What every route needs. */
export interface ApiContext {
  store: Store;
  queue: TaskQueue;
  logs: TaskLogs;
  feed: PackageFeed;
  interruptions: Interruptions;
  installationId: string;
  limits: { jsonBodyBytes: number; packageBytes: number };
  /** The address the server listens on: decides which Host headers it answers (api/hostCheck.ts). */
  listenHost?: string;
}

/**
 * The space a space-scoped route is for: `/api/{spaceId}/…` (and `/api/spaces/{spaceId}/…`,
 * rewritten to it), or the default space for the unscoped `/api/…` form.
 */
export function spaceOf(ctx: ApiContext, request: FastifyRequest): SpaceResource {
  const id = (request.params as { spaceId?: string }).spaceId ?? DEFAULT_SPACE_ID;
  const space = getSpace(ctx.store, id);
  if (!space) throw notFound(`There is no space ${id}. Spaces are addressed by id (Spaces-1 is the default space).`);
  return space;
}

/** True for the unscoped form (`/api/tasks/…`), where ids are looked up across spaces. */
export function isUnscoped(request: FastifyRequest): boolean {
  return (request.params as { spaceId?: string }).spaceId === undefined;
}
