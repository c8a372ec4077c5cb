/**
 * Adds environments, lifecycles, targets and library variable sets to a space file
 * (`.octopus/space.yaml`) without dropping or changing what is there: an entry whose name the
 * file already has (case-insensitively) is left as the file says it; comments and layout stay.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document, YAMLSeq } from 'yaml';
import { variableYaml } from './projectToYaml';
import type { Lifecycle, PlainValue, Target, Variable } from './types';

export interface SpaceAdditions {
  environments: string[];
  lifecycles: Lifecycle[];
  targets: Target[];
  variableSets: { name: string; variables: Variable[] }[];
}

export interface MergedSpace {
  text: string;
  /** Names added per section, e.g. `{ environments: ['Test'] }`. */
  added: Record<'environments' | 'lifecycles' | 'targets' | 'variable-sets', string[]>;
}

export function mergeSpaceYaml(existing: string | undefined, additions: SpaceAdditions): MergedSpace {
  const doc: Document = parseDocument(existing ?? '');
  if (doc.errors.length)
    throw new Error(
      `the space file is not valid YAML (${doc.errors[0].message.split('\n')[0]}); fix it first so nothing in it is lost`,
    );
  if (doc.contents === null || doc.contents === undefined || (isScalar(doc.contents) && doc.contents.value === null))
    doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents))
    throw new Error('the space file is not a mapping of sections (environments, lifecycles, targets, variable-sets)');
  const added: MergedSpace['added'] = { environments: [], lifecycles: [], targets: [], 'variable-sets': [] };

  const section = (key: keyof MergedSpace['added'], items: { name: string; node: PlainValue }[]) => {
    if (!items.length) return;
    let seq = doc.get(key, true);
    if (seq === undefined || seq === null || (isScalar(seq) && seq.value === null)) {
      seq = new YAMLSeq();
      doc.set(key, seq);
    }
    if (!isSeq(seq)) throw new Error(`'${key}' in the space file is not a list`);
    const have = new Set(
      seq.items.map((item) => {
        const name = isMap(item) ? item.get('name') : isScalar(item) ? item.value : undefined;
        return String(name ?? '').toLowerCase();
      }),
    );
    for (const item of items) {
      if (have.has(item.name.toLowerCase())) continue;
      have.add(item.name.toLowerCase());
      seq.items.push(doc.createNode(item.node));
      added[key].push(item.name);
    }
  };

  section(
    'environments',
    additions.environments.map((name) => ({ name, node: name })),
  );
  section(
    'lifecycles',
    additions.lifecycles.map((l) => ({
      name: l.name,
      node: {
        name: l.name,
        phases: l.phases.map((p) => {
          const out: Record<string, PlainValue> = { name: p.name };
          const optional = p.environments.filter((e) => !p.automatic.some((a) => a.name === e.name));
          if (optional.length) out.environments = optional.map((e) => e.name);
          if (p.automatic.length) out.automatic = p.automatic.map((e) => e.name);
          if (p.minimumEnvironments) out['minimum-environments'] = p.minimumEnvironments;
          if (p.optional) out.optional = true;
          return out;
        }),
      },
    })),
  );
  section(
    'targets',
    additions.targets.map((t) => ({
      name: t.name,
      node: { name: t.name, environments: t.environments.map((e) => e.name), roles: t.roles.map((r) => r.name) },
    })),
  );
  section(
    'variable-sets',
    additions.variableSets.map((s) => ({
      name: s.name,
      node: { name: s.name, variables: Object.fromEntries(s.variables.map((v) => [v.name, variableYaml(v)])) },
    })),
  );
  return { text: doc.toString({ lineWidth: 0, flowCollectionPadding: false }), added };
}
