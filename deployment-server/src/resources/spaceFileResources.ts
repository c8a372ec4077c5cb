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
  CommunityActionTemplateId: string;
  Links: Record<string, string>;
}

export interface ExternalFeedResource {
  Id: string;
  SpaceId: string;
  Name: string;
  Slug: string;
  FeedType: string;
  FeedUri: string;
  PackageAcquisitionLocationOptions: string[];
  DownloadAttempts: number;
  DownloadRetryBackoffSeconds: number;
  /** NuGet feeds: Octopus's `EnhancedMode`; Docker registries: `RegistryPath`. */
  EnhancedMode: boolean;
  RegistryPath: string;
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
      Parameters: (json.Parameters as Record<string, unknown>[]).map((p, i) => ({
        Id: `${id}-parameter-${i + 1}`,
        ...p,
        HelpText: p.HelpText ?? '',
        Links: {},
      })),
      Packages: [],
      CommunityActionTemplateId: '',
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
      FeedUri: feed.url ?? '',
      PackageAcquisitionLocationOptions: ['Server', 'ExecutionTarget', 'NotAcquired'],
      DownloadAttempts: 5,
      DownloadRetryBackoffSeconds: 10,
      EnhancedMode: false,
      RegistryPath: '',
      // What Octopus links from a feed; the server itself cannot search an external one.
      Links: {
        Self: `/api/${spaceId}/feeds/${id}`,
        BuiltInStatus: `/api/${spaceId}/feeds/stats`,
        NotesTemplate: `/api/${spaceId}/feeds/${id}/packages/notes{?packageId,version}`,
        Packages: `/api/${spaceId}/feeds/${id}/packages{?skip,take}`,
        SearchTemplate: `/api/${spaceId}/feeds/${id}/packages/search{?term,take,skip}`,
        SearchPackagesTemplate: `/api/${spaceId}/feeds/${id}/packages/search{?term,take,skip}`,
        SearchPackageVersionsTemplate: `/api/${spaceId}/feeds/${id}/packages/versions{?packageId,take,skip}`,
        VersionsTemplate: `/api/${spaceId}/feeds/${id}/packages/versions{?packageIds}`,
      },
    };
  });
  store.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    key(spaceId),
    JSON.stringify({ actionTemplates, feeds }),
  );
}
