import { isMap, isSeq } from 'yaml';
import type { ScopeKey, Variable, VariableScope, VariableValue } from './types';
import type { YamlReader } from './yamlReader';

const SCOPE_KEYS: ScopeKey[] = ['environment', 'role', 'target', 'channel', 'step', 'tenant-tag'];

/**
 * Reads a `variables:` mapping in any of the spec's forms: `Name: value`, `Name: [scoped values]`,
 * or `Name: { value | values, sensitive, prompt, description }`.
 */
export function loadVariables(reader: YamlReader, node: unknown, owner: string): Variable[] {
  return reader.pairs(node).map((pair) => {
    const name = String(pair.key.value);
    const variable: Variable = { name, nameRange: reader.range(pair.key), values: [], sensitive: false, owner };
    const body = pair.value;
    if (isSeq(body)) {
      variable.values = body.items.map((item) => loadValue(reader, item));
    } else if (isMap(body)) {
      variable.sensitive = reader.boolean(reader.get(body, 'sensitive')) ?? false;
      variable.description = reader.string(reader.get(body, 'description'));
      const prompt = reader.get(body, 'prompt');
      if (isMap(prompt)) {
        variable.prompt = {
          label: reader.string(reader.get(prompt, 'label')) ?? name,
          description: reader.string(reader.get(prompt, 'description')),
          required: reader.boolean(reader.get(prompt, 'required')) ?? false,
        };
      }
      const values = reader.get(body, 'values');
      if (isSeq(values)) variable.values = values.items.map((item) => loadValue(reader, item));
      else if (reader.pair(body, 'value') || SCOPE_KEYS.some((k) => reader.pair(body, k))) variable.values = [loadValue(reader, body)];
    } else {
      variable.values = [loadValue(reader, body, pair.key)];
    }
    return variable;
  });
}

function loadValue(reader: YamlReader, node: unknown, fallbackNode?: unknown): VariableValue {
  const entryRange = reader.range(node ?? fallbackNode, reader.range(fallbackNode));
  if (isMap(node)) {
    const valueNode = reader.get(node, 'value');
    const scope: VariableScope = {};
    for (const key of SCOPE_KEYS) {
      const names = reader.nameList(reader.get(node, key));
      if (reader.pair(node, key)) scope[key] = names;
    }
    return {
      value: reader.string(valueNode) ?? '',
      range: valueNode ? reader.range(valueNode) : entryRange,
      entryRange,
      template: reader.template(valueNode),
      scope,
    };
  }
  return { value: reader.string(node) ?? '', range: entryRange, entryRange, template: reader.template(node), scope: {} };
}
