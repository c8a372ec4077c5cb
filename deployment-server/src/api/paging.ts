import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { badRequest } from '../errors';
import { Where, type Page, type Store } from '../db/store';

/** Octopus answers `take` up to int.MaxValue; api-client sends 2147483647 to mean "all". */
export const MAX_TAKE = 2147483647;
export const DEFAULT_TAKE = 30;

export type Query = Record<string, string | string[] | undefined>;

export function queryString(query: Query, name: string): string | undefined {
  const value = query[name];
  const text = Array.isArray(value) ? value[value.length - 1] : value;
  return text === undefined || text === '' ? undefined : text;
}

/** An array argument: comma-joined (as api-client sends it) or repeated. */
export function queryList(query: Query, name: string): string[] | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

export function queryBoolean(query: Query, name: string): boolean | undefined {
  const text = queryString(query, name);
  if (text === undefined) return undefined;
  if (/^(true|1)$/i.test(text)) return true;
  if (/^(false|0)$/i.test(text)) return false;
  throw badRequest(`'${name}' must be true or false, not '${text}'.`);
}

export function queryInt(query: Query, name: string, fallback: number, max = MAX_TAKE): number {
  const text = queryString(query, name);
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > max)
    throw badRequest(`'${name}' must be a whole number from 0 to ${max}, not '${text}'.`);
  return Number(text);
}

export interface Paging {
  skip: number;
  take: number;
}

export function paging(query: Query, defaultTake = DEFAULT_TAKE): Paging {
  return { skip: queryInt(query, 'skip', 0), take: queryInt(query, 'take', defaultTake) };
}

export interface ResourceCollection<T> {
  ItemType: string;
  TotalResults: number;
  ItemsPerPage: number;
  NumberOfPages: number;
  LastPageNumber: number;
  Items: T[];
  Links: Record<string, string>;
}

/**
 * Octopus's paging envelope. `path` is the collection's path, `template` its URI template and
 * `query` the other arguments of this request, kept in every page link.
 */
export function collection<T>(
  itemType: string,
  page: Page<T>,
  { skip, take }: Paging,
  path: string,
  template: string,
  query: Record<string, string | undefined> = {},
): ResourceCollection<T> {
  const pages = Math.max(1, Math.ceil(page.total / Math.max(1, take)));
  const link = (s: number, t: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
    params.set('skip', String(s));
    params.set('take', String(t));
    return `${path}?${params.toString()}`;
  };
  const links: Record<string, string> = {
    Self: link(skip, take),
    Template: template,
    'Page.All': link(0, MAX_TAKE),
    'Page.Current': link(skip, take),
    'Page.Last': link(Math.max(0, (pages - 1) * take), take),
  };
  if (skip + take < page.total) links['Page.Next'] = link(skip + take, take);
  if (skip > 0) links['Page.Previous'] = link(Math.max(0, skip - take), take);
  return {
    ItemType: itemType,
    TotalResults: page.total,
    ItemsPerPage: take,
    NumberOfPages: pages,
    LastPageNumber: pages - 1,
    Items: page.items,
    Links: links,
  };
}

/** A page of an in-memory list (for the few collections not paged in SQL). */
export function pageOf<T>(items: T[], { skip, take }: Paging): Page<T> {
  return { items: items.slice(skip, skip + take), total: items.length };
}

/**
 * Registers a paged collection at `url` and, as Octopus does, its unpaged form at `url/all`: the
 * same filters, every item, as a plain JSON array.
 */
export function listRoute(
  app: FastifyInstance,
  url: string,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<ResourceCollection<unknown>>,
): void {
  app.get(url, handler);
  app.get(`${url}/all`, async (request, reply) => {
    (request as { query: unknown }).query = { ...(request.query as Query), skip: '0', take: String(MAX_TAKE) };
    return (await handler(request, reply)).Items;
  });
}

/**
 * A page of a space's resources kept in `table` (filtered by `ids` and `partialName` as Octopus
 * filters them, and by project when listed under one), as Octopus's collection of `itemType`.
 */
export function projectChildren<T, R>(
  store: Store,
  request: FastifyRequest,
  options: {
    table: string;
    itemType: string;
    kind: string;
    spaceId: string;
    projectId?: string;
    present: (item: T) => R;
  },
): ResourceCollection<R> {
  const { table, itemType, kind, spaceId, projectId, present } = options;
  const query = request.query as Query;
  const page = paging(query);
  const ids = queryList(query, 'ids');
  const partialName = queryString(query, 'partialName');
  const where = new Where().add('space_id = ?', spaceId).ids('id', ids).partialName('name', partialName);
  if (projectId) where.add('project_id = ?', projectId);
  const result = store.page<T>(table, where, 'seq', page.skip, page.take);
  const path = projectId ? `/api/${spaceId}/projects/${projectId}/${kind}` : `/api/${spaceId}/${kind}`;
  return collection(
    itemType,
    { ...result, items: result.items.map(present) },
    page,
    path,
    `${path}{/id}{?skip,take,ids,partialName}`,
    { ids: ids?.join(','), partialName },
  );
}
