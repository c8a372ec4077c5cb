import { isMap, isSeq } from 'yaml';
import type { ScopeKey, Variable, VariablePrompt, VariableScope, VariableValue } from './types';
import type { YamlReader } from './yamlReader';

const SCOPE_KEYS: ScopeKey[] = ['environment', 'role', 'target', 'channel', 'step', 'tenant-tag', 'process'];

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
      variable.values = body.items.map((item) => loadValue(reader, item, undefined, true));
    } else if (isMap(body)) {
      variable.sensitive = reader.boolean(reader.get(body, 'sensitive')) ?? false;
      const type = reader.string(reader.get(body, 'type'));
      if (type !== undefined) variable.type = type;
      variable.description = reader.string(reader.get(body, 'description'));
      variable.prompt = loadPrompt(reader, reader.get(body, 'prompt'), name);
      const values = reader.get(body, 'values');
      if (isSeq(values)) variable.values = values.items.map((item) => loadValue(reader, item, undefined, true));
      // `sensitive: true` alone: one unscoped value, kept on the server.
      else if (reader.pair(body, 'value') || SCOPE_KEYS.some((k) => reader.pair(body, k)) || variable.sensitive)
        variable.values = [loadValue(reader, body)];
    } else {
      variable.values = [loadValue(reader, body, pair.key)];
    }
    return variable;
  });
}

function loadPrompt(reader: YamlReader, node: unknown, name: string): VariablePrompt | undefined {
  if (!isMap(node)) return undefined;
  const prompt: VariablePrompt = {
    label: reader.string(reader.get(node, 'label')) ?? name,
    description: reader.string(reader.get(node, 'description')),
    required: reader.boolean(reader.get(node, 'required')) ?? false,
  };
  const settings = reader.pairs(reader.get(node, 'display-settings'));
  if (settings.length)
    prompt.displaySettings = Object.fromEntries(
      settings.map((p) => [String(p.key.value), reader.string(p.value) ?? '']),
    );
  return prompt;
}

function loadValue(reader: YamlReader, node: unknown, fallbackNode?: unknown, perValue = false): VariableValue {
  const entryRange = reader.range(node ?? fallbackNode, reader.range(fallbackNode));
  if (isMap(node)) {
    const valueNode = reader.get(node, 'value');
    const scope: VariableScope = {};
    for (const key of SCOPE_KEYS) {
      const names = reader.nameList(reader.get(node, key));
      if (reader.pair(node, key)) scope[key] = names;
    }
    const value: VariableValue = {
      value: reader.string(valueNode) ?? '',
      range: valueNode ? reader.range(valueNode) : entryRange,
      entryRange,
      template: reader.template(valueNode),
      scope,
    };
    // In a list of values, each may carry its own description and prompt (as Octopus keeps them).
    if (perValue) {
      const description = reader.string(reader.get(node, 'description'));
      if (description !== undefined) value.description = description;
      const prompt = loadPrompt(reader, reader.get(node, 'prompt'), '');
      if (prompt) value.prompt = prompt;
    }
    return value;
  }
  return {
    value: reader.string(node) ?? '',
    range: entryRange,
    entryRange,
    template: reader.template(node),
    scope: {},
  };
}
