import { fieldsComeFromElsewhere, REQUIRED_FIELDS, SHORT_ACTION_TYPES } from '../model/actionTypes';
import { closestNames, didYouMean } from './suggest';
import type { ProcessCheckContext } from './checkContext';

/** Duplicate names, unknown action types, missing fields a type needs, and invalid start/condition. */
export function checkSteps(ctx: ProcessCheckContext): void {
  const { steps } = ctx.project.process;
  const seenSteps = new Map<string, number>();
  const seenActions = new Map<string, number>();

  steps.forEach((step, index) => {
    if (step.name) {
      const key = step.name.toLowerCase();
      const first = seenSteps.get(key);
      if (first !== undefined) {
        ctx.report(
          'error',
          'duplicate-step-name',
          `Another step is already named \`${step.name}\` (line ${first + 1}). Step names must be unique within a process.`,
          step.nameRange,
        );
      } else seenSteps.set(key, step.nameRange.start.line);
    }

    if (index === 0 && step.start === 'with-previous' && step.startRange) {
      ctx.report(
        'error',
        'invalid-start',
        'The first step cannot start `with-previous`: there is no previous step to run in parallel with.',
        step.startRange,
      );
    }
    const { condition } = step;
    if (condition.kind === 'variable' && condition.range) {
      const expression = condition.expression;
      if (!expression || expression.value.trim() === '') {
        ctx.report(
          'error',
          'invalid-condition',
          'A variable run condition needs an expression, e.g. `condition: { variable: "#{RunThisStep}" }`.',
          condition.range,
        );
      } else if (!expression.value.includes('#{')) {
        ctx.report(
          'error',
          'invalid-condition',
          `\`${expression.value}\` is not a variable expression: the condition is evaluated as a template, so write it as \`#{${expression.value.trim()}}\` or \`#{if …}true#{/if}\`.`,
          expression.range,
        );
      }
    }

    for (const action of step.actions) {
      if (!step.inlineAction && action.name) {
        const key = action.name.toLowerCase();
        const first = seenActions.get(key);
        if (first !== undefined) {
          ctx.report(
            'error',
            'duplicate-action-name',
            `Another action is already named \`${action.name}\` (line ${first + 1}). Action names must be unique within a process.`,
            action.nameRange,
          );
        } else seenActions.set(key, action.nameRange.start.line);
      }
      if (step.inlineAction && step.name) {
        // A single-action step's action shares the step's name; remember it so a named action cannot clash with it.
        seenActions.set(step.name.toLowerCase(), step.nameRange.start.line);
      }

      if (action.type && !action.actionType && action.typeRange) {
        const shorts = Object.keys(SHORT_ACTION_TYPES);
        ctx.report(
          'error',
          'unknown-action-type',
          `Unknown action type \`${action.type}\`. Use one of ${shorts.map((s) => `\`${s}\``).join(', ')}, or a full Octopus type such as \`Octopus.KubernetesDeployRawYaml\`.${didYouMean(closestNames(action.type, shorts, 1))}`,
          action.typeRange,
          { suggestions: closestNames(action.type, shorts, 1) },
        );
      }
      for (const field of REQUIRED_FIELDS[action.type] ?? []) {
        if (fieldsComeFromElsewhere(action.properties, field.key)) continue;
        // `package:` without an `id` is the schema's to report.
        const written = field.key === 'package' && action.presentKeys.has('package');
        const given = field.properties.some((property) => action.properties.get(property)?.value.trim());
        if (!written && !given) {
          const where = step.inlineAction ? `Step \`${step.name}\`` : `Action \`${action.name}\``;
          ctx.report(
            'error',
            'missing-required-field',
            `${where} (type \`${action.type}\`) needs ${field.what}.`,
            action.typeRange ?? action.nameRange,
          );
        }
      }
      // Octopus resolves teams to their members' addresses; the local server has no users, so say now what it will say then.
      if (action.actionType === 'Octopus.Email' && !action.properties.get('Octopus.Action.Email.To')?.value.trim()) {
        const teams = action.properties.get('Octopus.Action.Email.ToTeamIds');
        if (teams?.value.trim()) {
          ctx.report(
            'information',
            'email-teams-only',
            `This email goes only to teams (${teams.value.trim()}): Octopus sends it to their members, but the local Stepwise server has no users to resolve and will fail this step. Add an address (\`to:\`) to deploy it there.`,
            teams.range,
          );
        }
      }
    }
  });
}
