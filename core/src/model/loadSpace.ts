import { isMap } from 'yaml';
import type { ParsedYaml } from '../yaml/parseYaml';
import { loadVariables } from './loadVariables';
import type { Lifecycle, Space, Target, VariableSet } from './types';
import { YamlReader } from './yamlReader';

/** Loads a parsed `.octopus/space.yaml` into a Space. */
export function loadSpace(parsed: ParsedYaml, origin: string): Space {
  const reader = new YamlReader(parsed.text, parsed.lines);
  const root = parsed.document?.contents;
  const named = <T>(
    key: string,
    load: (node: unknown, name: string, nameRange: ReturnType<YamlReader['range']>) => T,
  ): T[] =>
    reader
      .items(reader.get(root, key))
      .filter(isMap)
      .flatMap((node) => {
        const name = reader.nameRef(reader.get(node, 'name'));
        return name ? [load(node, name.name, name.range)] : [];
      });

  const lifecycles = named<Lifecycle>('lifecycles', (node, name, nameRange) => ({
    name,
    nameRange,
    phases: reader
      .items(reader.get(node, 'phases'))
      .filter(isMap)
      .map((phase) => {
        const phaseName = reader.nameRef(reader.get(phase, 'name'));
        return {
          name: phaseName?.name ?? '',
          nameRange: phaseName?.range ?? reader.range(phase),
          environments: reader.nameList(reader.get(phase, 'environments')),
          automatic: reader.nameList(reader.get(phase, 'automatic')),
          minimumEnvironments: reader.number(reader.get(phase, 'minimum-environments')),
          optional: reader.boolean(reader.get(phase, 'optional')) ?? false,
        };
      }),
  }));
  const targets = named<Target>('targets', (node, name, nameRange) => ({
    name,
    nameRange,
    environments: reader.nameList(reader.get(node, 'environments')),
    roles: reader.nameList(reader.get(node, 'roles')),
  }));
  const variableSets = named<VariableSet>('variable-sets', (node, name, nameRange) => ({
    name,
    nameRange,
    range: reader.range(node),
    variables: loadVariables(reader, reader.get(node, 'variables'), name),
  }));
  return {
    name: reader.string(reader.get(root, 'name')) ?? 'Default',
    origin,
    environments: reader.nameList(reader.get(root, 'environments')),
    lifecycles,
    targets,
    variableSets,
    defines: {
      environments: !!reader.pair(root, 'environments'),
      lifecycles: !!reader.pair(root, 'lifecycles'),
      targets: !!reader.pair(root, 'targets'),
      variableSets: !!reader.pair(root, 'variable-sets'),
    },
  };
}
