import type { Space } from '@stepwise/core';
import { stepTemplateToOctopusJson } from '@stepwise/core/model/stepTemplateJson';
import { slugify } from '@stepwise/core/octopus/toApiResources';
import type { Store } from '../db/store';

/**
 * What a space file declares that the server keeps only to show and to run with: its step
 * templates (served as `/api/{space}/actiontemplates`) and its external feeds (listed with the
 * built-in one). Kept as one settings row per space, replaced on each import; a template keeps
 * its id from one import to the next (matched by name) so processes that pin it stay valid.
 */
export interface SpaceFileResources {
  actionTemplates: ActionTemplateResource[];
  feeds: ExternalFeedResource[];
}

export interface ActionTemplateResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Description: string;
  ActionType: string;
  Version: number;
  Properties: Record<string, string>;
  Parameters: unknown[];
  Packages: unknown[];
  Links: Record<string, string>;
}

export interface ExternalFeedResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug: string;
  FeedType: string;
  FeedUri: string | null;
  PackageAcquisitionLocationOptions: string[];
  Links: Record<string, string>;
}

const key = (spaceId: string) => `space-file-resources:${spaceId}`;

export function getSpaceFileResources(store: Store, spaceId: string): SpaceFileResources {
  const json = store.value<string>('SELECT value FROM settings WHERE key = ?', key(spaceId));
  return json ? (JSON.parse(json) as SpaceFileResources) : { actionTemplates: [], feeds: [] };
}

export function saveSpaceFileResources(store: Store, spaceId: string, space: Space): void {
  const old = getSpaceFileResources(store, spaceId);
  const idOf = (kind: string, list: { Id: string; Name: string }[], name: string, written: string | undefined) =>
    written ?? list.find((r) => r.Name.toLowerCase() === name.toLowerCase())?.Id ?? store.nextId(kind).id;
  const actionTemplates = (space.stepTemplates ?? []).map((template): ActionTemplateResource => {
    const json = stepTemplateToOctopusJson(template);
    const id = idOf('ActionTemplates', old.actionTemplates, template.name, template.id);
    return {
      Id: id,
      SpaceId: spaceId,
      Name: template.name,
      Description: template.description ?? '',
      ActionType: template.actionType,
      Version: template.version,
      Properties: json.Properties as Record<string, string>,
      Parameters: json.Parameters as unknown[],
      Packages: [],
      Links: { Self: `/api/${spaceId}/actiontemplates/${id}` },
    };
  });
  const feeds = (space.feeds ?? []).map((feed): ExternalFeedResource => {
    const id = idOf('Feeds', old.feeds, feed.name, feed.id);
    return {
      Id: id,
      SpaceId: spaceId,
      Name: feed.name,
      Slug: slugify(feed.name),
      FeedType: feed.type,
      FeedUri: feed.url ?? null,
      PackageAcquisitionLocationOptions: ['Server', 'ExecutionTarget', 'NotAcquired'],
      Links: { Self: `/api/${spaceId}/feeds/${id}` },
    };
  });
  store.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key(spaceId),
    JSON.stringify({ actionTemplates, feeds }),
  );
}
