/**
 * Reads the tenant parts of the space file (tag sets, tenants) and variable templates, which
 * both the space file (variable sets) and process files (the project) declare.
 */
import { isMap, isScalar } from 'yaml';
import type { TagSet, Tenant, TenantVariableValue, VariableTemplate } from './types';
import type { YamlReader } from './yamlReader';

/** `variable-templates:` — a list of `{ name, label, help, default, control-type, sensitive }`. */
export function loadVariableTemplates(reader: YamlReader, node: unknown): VariableTemplate[] {
  return reader
    .items(node)
    .filter(isMap)
    .flatMap((item) => {
      const name = reader.nameRef(reader.get(item, 'name'));
      if (!name) return [];
      const controlType = reader.string(reader.get(item, 'control-type'));
      return [
        {
          name: name.name,
          nameRange: name.range,
          label: reader.string(reader.get(item, 'label')),
          help: reader.string(reader.get(item, 'help')),
          default: reader.string(reader.get(item, 'default')),
          controlType,
          sensitive: reader.boolean(reader.get(item, 'sensitive')) ?? controlType === 'Sensitive',
        },
      ];
    });
}

/** `tag-sets:` — `{ name, tags: [..] }`. */
export function loadTagSets(reader: YamlReader, node: unknown): TagSet[] {
  return reader
    .items(node)
    .filter(isMap)
    .flatMap((item) => {
      const name = reader.nameRef(reader.get(item, 'name'));
      return name ? [{ name: name.name, nameRange: name.range, tags: reader.nameList(reader.get(item, 'tags')) }] : [];
    });
}

/** `tenants:` — `{ name, description, tags, projects: [{ project, environments, variables }], common-variables }`. */
export function loadTenants(reader: YamlReader, node: unknown): Tenant[] {
  return reader
    .items(node)
    .filter(isMap)
    .flatMap((item): Tenant[] => {
      const name = reader.nameRef(reader.get(item, 'name'));
      if (!name) return [];
      return [
        {
          name: name.name,
          nameRange: name.range,
          description: reader.string(reader.get(item, 'description')),
          tags: reader.nameList(reader.get(item, 'tags')),
          projects: reader
            .items(reader.get(item, 'projects'))
            .filter(isMap)
            .flatMap((p) => {
              const project = reader.nameRef(reader.get(p, 'project'));
              if (!project) return [];
              return [
                {
                  project,
                  environments: reader.nameList(reader.get(p, 'environments')),
                  variables: loadValues(reader, reader.get(p, 'variables'), true),
                },
              ];
            }),
          commonVariables: reader.pairs(reader.get(item, 'common-variables')).map((pair) => ({
            variableSet: { name: String(pair.key.value), range: reader.range(pair.key) },
            values: loadValues(reader, pair.value, false),
          })),
          range: reader.range(item),
        },
      ];
    });
}

/**
 * `Template: value`, or for a project template `Template: { Environment: value, … }` (a value
 * per environment, as Octopus keeps project template values).
 */
function loadValues(reader: YamlReader, node: unknown, perEnvironment: boolean): TenantVariableValue[] {
  return reader.pairs(node).flatMap((pair): TenantVariableValue[] => {
    const template = { name: String(pair.key.value), range: reader.range(pair.key) };
    if (isScalar(pair.value)) {
      const value = reader.string(pair.value) ?? '';
      return [{ template, value, range: reader.range(pair.value), environments: [] }];
    }
    if (perEnvironment && isMap(pair.value))
      return reader.pairs(pair.value).map((byEnvironment) => ({
        template,
        value: reader.string(byEnvironment.value) ?? '',
        range: reader.range(byEnvironment.value, reader.range(byEnvironment.key)),
        environments: [{ name: String(byEnvironment.key.value), range: reader.range(byEnvironment.key) }],
      }));
    return [];
  });
}
