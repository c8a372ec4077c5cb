/**
 * Octopus treats ids in URLs case-insensitively (`/api/spaces-1/projects/projects-1` finds
 * `Projects-1`). The server stores them in Octopus's case, so a path id is put back into that
 * case before it is looked up: `Kind-N`, `deploymentprocess-…`, `variableset-…` and a snapshot's
 * upper-case suffix.
 */
const KINDS = [
  'Spaces',
  'Projects',
  'Environments',
  'Lifecycles',
  'Machines',
  'LibraryVariableSets',
  'Channels',
  'Releases',
  'Deployments',
  'ServerTasks',
  'Interruptions',
  'Teams',
  'Users',
];
const BY_LOWER = new Map(KINDS.map((k) => [k.toLowerCase(), k]));
const KIND_ID = new RegExp(`\\b(${KINDS.join('|')})-(\\d+)\\b`, 'gi');

export function canonicalId(id: string): string {
  if (!/^[A-Za-z]/.test(id) || id.startsWith('packages-')) return id;
  let text = id.replace(KIND_ID, (_m, kind: string, n: string) => `${BY_LOWER.get(kind.toLowerCase())}-${n}`);
  text = text
    .replace(/^deploymentprocess-/i, 'deploymentprocess-')
    .replace(/^variableset-/i, 'variableset-')
    .replace(/^feeds-builtin$/i, 'feeds-builtin');
  return text.replace(/(-s-\d+-)([0-9a-z]+)$/i, (_m, head: string, suffix: string) => head + suffix.toUpperCase());
}

/** Every path parameter but a release version or git ref, in Octopus's case. */
export function canonicalParams(params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params))
    if (name !== 'version' && name !== 'gitRef' && typeof value === 'string') params[name] = canonicalId(value);
}
