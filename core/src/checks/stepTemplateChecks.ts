import { findStepTemplate, templateReference, TEMPLATE_VERSION } from '../model/stepTemplates';
import type { DeploymentProcess } from '../model/types';
import type { ProcessCheckContext } from './checkContext';
import { closestNames, didYouMean } from './suggest';

/**
 * Actions built from step templates, against the space's templates: the template exists, every
 * parameter set is one of its parameters, every parameter without a default is set, and the
 * pinned version is the template's current one. Only when the space declares step templates:
 * otherwise they live on a server Stepwise does not see, and nothing is reported.
 */
export function checkStepTemplates(ctx: ProcessCheckContext, process: DeploymentProcess = ctx.project.process): void {
  const space = ctx.space;
  if (!space?.defines.stepTemplates) return;
  const templates = space.stepTemplates ?? [];
  for (const step of process.steps) {
    for (const action of step.actions) {
      const ref = templateReference(action);
      if (!ref) continue;
      const where = step.inlineAction ? `Step \`${step.name}\`` : `Action \`${action.name}\``;
      const template = findStepTemplate(space, ref.value);
      if (!template) {
        const names = templates.flatMap((t) => (t.id ? [t.name, t.id] : [t.name]));
        const suggestions = closestNames(ref.value.trim(), names, 1);
        // A warning, as for unknown variables: the local server still imports the project and fails only this step.
        ctx.report(
          'warning',
          'unknown-step-template',
          `${where} uses step template \`${ref.value.trim()}\`, which the space does not declare (its step templates: ${templates.map((t) => (t.id ? `${t.name} (${t.id})` : t.name)).join(', ') || 'none'}).${didYouMean(suggestions)}`,
          ref.range,
          { suggestions },
        );
        continue;
      }
      const parameters = new Map(template.parameters.map((p) => [p.name.toLowerCase(), p]));
      for (const [name, text] of action.properties) {
        // Octopus's own properties (and the file format's derived ones) are not parameters.
        if (name.startsWith('Octopus.') || parameters.has(name.toLowerCase())) continue;
        const suggestions = closestNames(
          name,
          template.parameters.map((p) => p.name),
          1,
        );
        ctx.report(
          'warning',
          'unknown-template-parameter',
          `Step template \`${template.name}\` has no parameter \`${name}\` (it has: ${template.parameters.map((p) => p.name).join(', ') || 'none'}).${didYouMean(suggestions)}`,
          text.range,
        );
      }
      for (const parameter of template.parameters) {
        if (parameter.default !== undefined && parameter.default !== '') continue;
        if (action.properties.get(parameter.name)?.value.trim()) continue;
        ctx.report(
          'warning',
          'missing-template-parameter',
          `${where} does not set \`${parameter.name}\`${parameter.label ? ` (${parameter.label})` : ''}, a parameter of step template \`${template.name}\` without a default.`,
          ref.range,
        );
      }
      const version = action.properties.get(TEMPLATE_VERSION);
      const pinned = version ? Number(version.value.trim()) : NaN;
      if (version && Number.isInteger(pinned) && pinned < template.version) {
        ctx.report(
          'information',
          'step-template-outdated',
          `${where} uses version ${pinned} of step template \`${template.name}\`; the space has version ${template.version}.`,
          version.range,
          {
            replacement: `"${template.version}"`,
            fixRange: version.range,
          },
        );
      }
    }
  }
}
