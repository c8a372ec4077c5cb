/**
 * Octopus's step template JSON export (the community library's format: `{Id, Name, Description,
 * ActionType, Version, Properties, Parameters: [{Name, Label, HelpText, DefaultValue,
 * DisplaySettings}]}`) to and from the space file's `step-templates:` entries.
 */
import type { Space, StepTemplate } from './types';

/** A `step-templates:` entry as written in the space file. */
export interface StepTemplateEntry {
  name: string;
  id?: string;
  version: number;
  description?: string;
  'action-type': string;
  properties: Record<string, string>;
  parameters: {
    name: string;
    label?: string;
    help?: string;
    default?: string;
    'control-type'?: string;
    'display-settings'?: Record<string, string>;
    sensitive?: boolean;
  }[];
}

export class StepTemplateJsonError extends Error {}

const CONTROL_TYPE = 'Octopus.ControlType';

/** Reads an exported step template; throws StepTemplateJsonError saying what is wrong. */
export function stepTemplateFromOctopusJson(json: unknown): StepTemplateEntry {
  const fail = (what: string): never => {
    throw new StepTemplateJsonError(`not an Octopus step template export: ${what}`);
  };
  if (!json || typeof json !== 'object' || Array.isArray(json)) fail('expected a JSON object');
  const o = json as Record<string, unknown>;
  const str = (v: unknown, what: string): string | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return fail(`${what} must be a string`);
  };
  const name = str(o.Name, 'Name')?.trim() || fail('it has no Name');
  const actionType = str(o.ActionType, 'ActionType')?.trim() || fail('it has no ActionType');
  const version = o.Version === undefined || o.Version === null ? 0 : Number(o.Version);
  if (!Number.isInteger(version) || version < 0) fail('Version must be a whole number');
  const properties: Record<string, string> = {};
  if (o.Properties !== undefined && o.Properties !== null) {
    if (typeof o.Properties !== 'object' || Array.isArray(o.Properties)) fail('Properties must be an object');
    for (const [k, v] of Object.entries(o.Properties as Record<string, unknown>)) {
      const value = str(v, `Properties.${k}`);
      if (value !== undefined) properties[k] = value;
    }
  }
  if (o.Parameters !== undefined && o.Parameters !== null && !Array.isArray(o.Parameters))
    fail('Parameters must be a list');
  const parameters = ((o.Parameters as unknown[] | undefined) ?? []).map((raw, i) => {
    if (!raw || typeof raw !== 'object') return fail(`Parameters[${i}] must be an object`);
    const p = raw as Record<string, unknown>;
    const settings: Record<string, string> = {};
    if (p.DisplaySettings && typeof p.DisplaySettings === 'object') {
      for (const [k, v] of Object.entries(p.DisplaySettings as Record<string, unknown>)) {
        const value = str(v, `Parameters[${i}].DisplaySettings.${k}`);
        if (value !== undefined) settings[k] = value;
      }
    }
    const controlType = settings[CONTROL_TYPE];
    delete settings[CONTROL_TYPE];
    // A sensitive default is exported as `{HasValue, NewValue}` (or without its value): keep only a real value.
    const rawDefault =
      p.DefaultValue && typeof p.DefaultValue === 'object'
        ? (p.DefaultValue as { NewValue?: unknown }).NewValue
        : p.DefaultValue;
    const entry: StepTemplateEntry['parameters'][number] = {
      name: str(p.Name, `Parameters[${i}].Name`)?.trim() || fail(`Parameters[${i}] has no Name`),
    };
    const label = str(p.Label, 'Label');
    const help = str(p.HelpText, 'HelpText');
    const def = str(rawDefault, 'DefaultValue');
    if (label) entry.label = label;
    if (help) entry.help = help;
    if (def !== undefined && def !== '') entry.default = def;
    if (controlType) entry['control-type'] = controlType;
    if (Object.keys(settings).length) entry['display-settings'] = settings;
    if (controlType === 'Sensitive') entry.sensitive = true;
    return entry;
  });
  const entry: StepTemplateEntry = { name, version, 'action-type': actionType, properties, parameters };
  const id = str(o.Id, 'Id');
  const description = str(o.Description, 'Description');
  if (id) entry.id = id;
  if (description) entry.description = description;
  // Key order as the space file lists them.
  return {
    name,
    ...(entry.id ? { id: entry.id } : {}),
    version,
    ...(entry.description ? { description: entry.description } : {}),
    'action-type': actionType,
    properties,
    parameters,
  };
}

/** The export Octopus writes for a template (what `stepwise template export` prints). */
export function stepTemplateToOctopusJson(template: StepTemplate): Record<string, unknown> {
  return {
    Id: template.id ?? null,
    Name: template.name,
    Description: template.description ?? '',
    ActionType: template.actionType,
    Version: template.version,
    Packages: [],
    Properties: Object.fromEntries(template.properties),
    Parameters: template.parameters.map((p) => ({
      Name: p.name,
      Label: p.label ?? '',
      HelpText: p.help ?? null,
      DefaultValue: p.default ?? null,
      DisplaySettings: {
        ...(p.controlType ? { [CONTROL_TYPE]: p.controlType } : p.sensitive ? { [CONTROL_TYPE]: 'Sensitive' } : {}),
        ...(p.displaySettings ?? {}),
      },
    })),
    $Meta: { Type: 'ActionTemplate' },
  };
}

const NOWHERE = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The step templates a connected server lists (`/api/{space}/actiontemplates/all`): each as the
 * model's StepTemplate, without source ranges. Resources that are not templates are left out.
 */
export function stepTemplatesFromServer(resources: readonly unknown[]): StepTemplate[] {
  return resources.flatMap((resource) => {
    let entry: StepTemplateEntry;
    try {
      entry = stepTemplateFromOctopusJson(resource);
    } catch {
      return [];
    }
    return [
      {
        name: entry.name,
        nameRange: NOWHERE,
        ...(entry.id ? { id: entry.id } : {}),
        version: entry.version,
        ...(entry.description ? { description: entry.description } : {}),
        actionType: entry['action-type'],
        properties: new Map(Object.entries(entry.properties)),
        parameters: entry.parameters.map((p) => ({
          name: p.name,
          nameRange: NOWHERE,
          label: p.label,
          help: p.help,
          default: p.default,
          controlType: p['control-type'],
          displaySettings: p['display-settings'],
          sensitive: !!p.sensitive,
        })),
        range: NOWHERE,
      },
    ];
  });
}

/**
 * The space with a server's step templates added: the space file's own come first and win (by id,
 * else by name); with any server template, step templates count as declared.
 */
export function withServerStepTemplates(space: Space, server: readonly StepTemplate[]): Space {
  if (!server.length) return space;
  const own = space.stepTemplates ?? [];
  const taken = (t: StepTemplate) =>
    own.some((o) =>
      o.id && t.id ? o.id.toLowerCase() === t.id.toLowerCase() : o.name.toLowerCase() === t.name.toLowerCase(),
    );
  return {
    ...space,
    stepTemplates: [...own, ...server.filter((t) => !taken(t))],
    defines: { ...space.defines, stepTemplates: true },
  };
}
