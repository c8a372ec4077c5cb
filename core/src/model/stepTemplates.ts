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
  return space?.stepTemplates?.find((t) => t.id?.toLowerCase() === key) ?? space?.stepTemplates?.find((t) => t.name.toLowerCase() === key);
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
  const at = (value: string): TemplateText => ({ value, range: action.typeRange ?? action.nameRange, source: undefined });
  const properties = new Map<string, TemplateText>();
  for (const [name, value] of template.properties) properties.set(name, at(value));
  for (const p of template.parameters) if (p.default !== undefined && !action.properties.has(p.name)) properties.set(p.name, at(p.default));
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
  return { ...project, process: expandProcess(project.process, space), runbooks: project.runbooks.map((r) => ({ ...r, process: expandProcess(r.process, space) })) };
}

/** The names of the template's parameters that are sensitive, for masking. */
export function sensitiveParameters(template: StepTemplate): string[] {
  return template.parameters.filter((p) => p.sensitive).map((p) => p.name);
}
