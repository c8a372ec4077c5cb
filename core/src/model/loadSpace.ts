import { isMap } from 'yaml';
import type { ParsedYaml } from '../yaml/parseYaml';
import { loadVariables } from './loadVariables';
import { loadTagSets, loadTenants, loadVariableTemplates } from './loadTenants';
import { ACCOUNT_TYPES, FEED_TYPES, octopusKind } from './spaceResources';
import type {
  Account,
  Certificate,
  Feed,
  Lifecycle,
  Space,
  StepTemplate,
  Target,
  VariableSet,
  WorkerPool,
} from './types';
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
  const variableSets = named<VariableSet>('variable-sets', (node, name, nameRange) => {
    const set: VariableSet = {
      name,
      nameRange,
      range: reader.range(node),
      variables: loadVariables(reader, reader.get(node, 'variables'), name),
    };
    const templates = loadVariableTemplates(reader, reader.get(node, 'variable-templates'));
    if (templates.length) set.templates = templates;
    return set;
  });
  const stepTemplates = named<StepTemplate>('step-templates', (node, name, nameRange) => {
    const properties = new Map<string, string>();
    for (const pair of reader.pairs(reader.get(node, 'properties'))) {
      const key = reader.string(pair.key);
      const value = reader.string(pair.value);
      if (key !== undefined && value !== undefined) properties.set(key, value);
    }
    return {
      name,
      nameRange,
      id: reader.string(reader.get(node, 'id')),
      version: reader.number(reader.get(node, 'version')) ?? 0,
      description: reader.string(reader.get(node, 'description')),
      actionType: reader.string(reader.get(node, 'action-type')) ?? 'Octopus.Script',
      properties,
      range: reader.range(node),
      parameters: reader
        .items(reader.get(node, 'parameters'))
        .filter(isMap)
        .flatMap((p) => {
          const pName = reader.nameRef(reader.get(p, 'name'));
          if (!pName) return [];
          const controlType = reader.string(reader.get(p, 'control-type'));
          const displaySettings: Record<string, string> = {};
          for (const pair of reader.pairs(reader.get(p, 'display-settings'))) {
            const key = reader.string(pair.key);
            const value = reader.string(pair.value);
            if (key !== undefined && value !== undefined) displaySettings[key] = value;
          }
          return [
            {
              name: pName.name,
              nameRange: pName.range,
              label: reader.string(reader.get(p, 'label')),
              help: reader.string(reader.get(p, 'help')),
              default: reader.string(reader.get(p, 'default')),
              controlType,
              displaySettings: Object.keys(displaySettings).length ? displaySettings : undefined,
              sensitive: reader.boolean(reader.get(p, 'sensitive')) ?? controlType === 'Sensitive',
            },
          ];
        }),
    };
  });
  const feeds = named<Feed>('feeds', (node, name, nameRange) => ({
    name,
    nameRange,
    id: reader.string(reader.get(node, 'id')),
    type: octopusKind(FEED_TYPES, reader.string(reader.get(node, 'type')) ?? 'nuget'),
    url: reader.string(reader.get(node, 'url')),
  }));
  const workerPools = named<WorkerPool>('worker-pools', (node, name, nameRange) => ({
    name,
    nameRange,
    id: reader.string(reader.get(node, 'id')),
    isDefault: reader.boolean(reader.get(node, 'default')) ?? false,
  }));
  const accounts = named<Account>('accounts', (node, name, nameRange) => ({
    name,
    nameRange,
    id: reader.string(reader.get(node, 'id')),
    type: octopusKind(ACCOUNT_TYPES, reader.string(reader.get(node, 'type')) ?? ''),
  }));
  const certificates = named<Certificate>('certificates', (node, name, nameRange) => ({
    name,
    nameRange,
    id: reader.string(reader.get(node, 'id')),
  }));
  return {
    name: reader.string(reader.get(root, 'name')) ?? 'Default',
    origin,
    environments: reader.nameList(reader.get(root, 'environments')),
    lifecycles,
    targets,
    variableSets,
    stepTemplates,
    ...(reader.pair(root, 'tag-sets') ? { tagSets: loadTagSets(reader, reader.get(root, 'tag-sets')) } : {}),
    ...(reader.pair(root, 'tenants') ? { tenants: loadTenants(reader, reader.get(root, 'tenants')) } : {}),
    feeds,
    workerPools,
    accounts,
    certificates,
    defines: {
      environments: !!reader.pair(root, 'environments'),
      lifecycles: !!reader.pair(root, 'lifecycles'),
      targets: !!reader.pair(root, 'targets'),
      variableSets: !!reader.pair(root, 'variable-sets'),
      stepTemplates: !!reader.pair(root, 'step-templates'),
      tagSets: !!reader.pair(root, 'tag-sets'),
      tenants: !!reader.pair(root, 'tenants'),
      feeds: !!reader.pair(root, 'feeds'),
      workerPools: !!reader.pair(root, 'worker-pools'),
      accounts: !!reader.pair(root, 'accounts'),
      certificates: !!reader.pair(root, 'certificates'),
    },
  };
}
