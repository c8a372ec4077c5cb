/**
 * Document links on package ids and feeds where a URL is known: packages from public feeds
 * (NuGet, Docker Hub, npm, Maven Central, GitHub) link to their page, a feed written as a URL
 * links to it, and a caller that knows more (a connected Octopus server) passes `packageUrl`.
 */
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { DocumentLink, ServiceDocument } from './types';

export interface DocumentLinkOptions {
  /** A URL for a package in a feed (e.g. from the connected server's feeds), or undefined. */
  packageUrl?: (feed: string, packageId: string) => string | undefined;
}

const PUBLIC_FEEDS: { feed: RegExp; url: (id: string) => string | undefined; name: string }[] = [
  {
    feed: /^(?:nuget|nuget\.org|nuget-org|feeds-nuget)$/i,
    name: 'NuGet Gallery',
    url: (id) => `https://www.nuget.org/packages/${encodeURIComponent(id)}`,
  },
  {
    feed: /^(?:docker|docker-?hub|docker\.io|dockerhub)$/i,
    name: 'Docker Hub',
    url: (id) =>
      id.includes('/')
        ? `https://hub.docker.com/r/${id.split('/').map(encodeURIComponent).join('/')}`
        : `https://hub.docker.com/_/${encodeURIComponent(id)}`,
  },
  {
    feed: /^(?:npm|npmjs|npmjs\.com)$/i,
    name: 'npm',
    url: (id) => `https://www.npmjs.com/package/${id.split('/').map(encodeURIComponent).join('/')}`,
  },
  {
    feed: /^(?:maven|maven-?central)$/i,
    name: 'Maven Central',
    url: (id) => {
      const [group, artifact] = id.split(':');
      return group && artifact
        ? `https://central.sonatype.com/artifact/${encodeURIComponent(group)}/${encodeURIComponent(artifact)}`
        : undefined;
    },
  },
  {
    feed: /^(?:github|github-releases)$/i,
    name: 'GitHub',
    url: (id) => (/^[\w.-]+\/[\w.-]+$/.test(id) ? `https://github.com/${id}` : undefined),
  },
];

export function getDocumentLinks(document: ServiceDocument, options: DocumentLinkOptions = {}): DocumentLink[] {
  if (document.kind !== 'process') return [];
  const links: DocumentLink[] = [];
  const { lines } = document.parsed;
  const rangeOf = (node: Node) => lines.rangeOf({ start: node.range![0], end: node.range![1] });
  const root = document.parsed.document?.contents;
  const steps = isMap(root) ? root.get('steps', true) : undefined;
  if (!isSeq(steps)) return links;
  const packagesOf = (holder: unknown) => {
    if (!isMap(holder)) return;
    const pkg = holder.get('package', true);
    if (!isMap(pkg)) return;
    const idNode = scalarOf(pkg, 'id');
    const feedNode = scalarOf(pkg, 'feed');
    const id = typeof idNode?.value === 'string' ? idNode.value : undefined;
    const feed = typeof feedNode?.value === 'string' ? feedNode.value : 'octopus-server-built-in';
    if (feedNode && /^https?:\/\//i.test(feed))
      links.push({ range: rangeOf(feedNode), target: feed, tooltip: 'Open the feed' });
    if (!id || !idNode || id.includes('#{')) return;
    const custom = options.packageUrl?.(feed, id);
    if (custom) {
      links.push({ range: rangeOf(idNode), target: custom, tooltip: `Open ${id} in its feed` });
      return;
    }
    const known = PUBLIC_FEEDS.find((f) => f.feed.test(feed));
    const url = known?.url(id);
    if (known && url) links.push({ range: rangeOf(idNode), target: url, tooltip: `Open ${id} on ${known.name}` });
  };
  for (const step of steps.items) {
    packagesOf(step);
    const actions = isMap(step) ? step.get('actions', true) : undefined;
    if (isSeq(actions)) for (const action of actions.items) packagesOf(action);
  }
  return links;
}

function scalarOf(map: YAMLMap, key: string): (Node & { value: unknown }) | undefined {
  const node = map.get(key, true);
  return isScalar(node) && node.range ? (node as Node & { value: unknown }) : undefined;
}
