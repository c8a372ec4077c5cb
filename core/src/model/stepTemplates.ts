/**
 * Step templates: finding the one an action uses and expanding the action as Octopus does. An
 * action built from a template keeps `Octopus.Action.Template.Id` / `.Version` and its parameter
 * values as properties; Octopus gives it the template's action type and properties, and each
 * parameter (value as set, else the default) is a property of the action and so a variable the
 * template's script reads (`#{NuGetPush.ApiKey}`).
 */
import type { Action, DeploymentProcess, Project, Space, StepTemplate, TemplateText } from './types';

export const TEMPLATE_ID = 'Octopus.Action.Template.Id';
export const TEMPLATE_VERSION = 'Octopus.Action.Template.Version';

/** The template id (or name) an action refers to, when it is built from one. */
export function templateReference(action: Pick<Action, 'properties'>): TemplateText | undefined {
  const ref = action.properties.get(TEMPLATE_ID);
  return ref?.value.trim() ? ref : undefined;
}

/** The space's template by id or name (case-insensitive), as a process may refer to either. */
export function findStepTemplate(space: Space | undefined, reference: string): StepTemplate | undefined {
  const key = reference.trim().toLowerCase();
  return (
    space?.stepTemplates?.find((t) => t.id?.toLowerCase() === key) ??
    space?.stepTemplates?.find((t) => t.name.toLowerCase() === key)
  );
}

/**
 * The action as Octopus runs it: the template's action type and properties, then every parameter's
 * default, then the action's own properties (parameter values and anything it overrides).
 * Undefined when the action is not built from a template the space declares.
 */
export function expandStepTemplate(action: Action, space: Space | undefined): Action | undefined {
  const ref = templateReference(action);
  const template = ref && findStepTemplate(space, ref.value);
  if (!template) return undefined;
  const at = (value: string): TemplateText => ({
    value,
    range: action.typeRange ?? action.nameRange,
    source: undefined,
  });
  const properties = new Map<string, TemplateText>();
  for (const [name, value] of template.properties) properties.set(name, at(value));
  for (const p of template.parameters)
    if (p.default !== undefined && !action.properties.has(p.name)) properties.set(p.name, at(p.default));
  for (const [name, text] of action.properties) {
    // Defaults the file format derives from `type:` (e.g. Bash syntax) never override what the template says.
    if (template.properties.has(name) && action.propertyKeys.get(name) === 'type') continue;
    properties.set(name, text);
  }
  return { ...action, actionType: template.actionType, properties };
}

function expandProcess(process: DeploymentProcess, space: Space | undefined): DeploymentProcess {
  return {
    ...process,
    steps: process.steps.map((step) => {
      const actions = step.actions.map((a) => expandStepTemplate(a, space) ?? a);
      return actions.some((a, i) => a !== step.actions[i]) ? { ...step, actions } : step;
    }),
  };
}

/** The project with every action built from a declared template expanded (the same object when there is none). */
export function expandProjectTemplates(project: Project, space: Space | undefined): Project {
  if (!space?.stepTemplates?.length) return project;
  return {
    ...project,
    process: expandProcess(project.process, space),
    runbooks: project.runbooks.map((r) => ({ ...r, process: expandProcess(r.process, space) })),
  };
}

/** The names of the template's parameters that are sensitive, for masking. */
export function sensitiveParameters(template: StepTemplate): string[] {
  return template.parameters.filter((p) => p.sensitive).map((p) => p.name);
}

/**
 * The step template of the action whose `properties:` mapping is at `mapPath` in a process file
 * (`steps[i].properties` of a single-action step, `steps[i].actions[j].properties`).
 */
export function templateOfPropertiesAt(
  project: Project | undefined,
  space: Space | undefined,
  mapPath: readonly (string | number)[],
): StepTemplate | undefined {
  if (
    !project ||
    mapPath[0] !== 'steps' ||
    typeof mapPath[1] !== 'number' ||
    mapPath[mapPath.length - 1] !== 'properties'
  )
    return undefined;
  const step = project.process.steps[mapPath[1]];
  const action =
    mapPath.length === 3
      ? step?.inlineAction
        ? step.actions[0]
        : undefined
      : mapPath[2] === 'actions' && typeof mapPath[3] === 'number' && mapPath.length === 5
        ? step?.actions[mapPath[3]]
        : undefined;
  const ref = action && templateReference(action);
  return ref ? findStepTemplate(space, ref.value) : undefined;
}

/** A parameter as hover and completion show it. */
export function parameterMarkdown(template: StepTemplate, p: StepTemplate['parameters'][number]): string {
  const lines = [
    `**${p.label ?? p.name}** — parameter \`${p.name}\` of step template **${template.name}** (version ${template.version})`,
  ];
  if (p.help) lines.push(p.help);
  const facts = [
    p.controlType && `control: ${p.controlType}`,
    p.default !== undefined && p.default !== '' ? `default: \`${p.default}\`` : 'no default: the action must set it',
    p.sensitive && 'sensitive',
  ].filter(Boolean);
  lines.push(facts.join(' · '));
  return lines.join('\n\n');
}
