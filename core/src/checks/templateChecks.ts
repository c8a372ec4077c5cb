import { findStepTemplate, templateReference } from '../model/stepTemplates';
import type { Action, Step, TemplateText } from '../model/types';
import { slugOf } from '../model/slug';
import { collectReferences } from '../template/references';
import type { TemplateNode } from '../template/ast';
import { parseTemplateCached } from '../template/parseTemplate';
import type { TemplateReference } from '../template/references';
import { KnownVariables } from '../variables/knownVariables';
import { mapValueSpan } from '../yaml/scalarSource';
import type { ProcessCheckContext } from './checkContext';
import { closestNames, didYouMean } from './suggest';

interface TemplateSite {
  text: TemplateText;
  /** Where in the process the template sits; absent for variable values. */
  stepIndex?: number;
  actionIndex?: number;
  /** For a variable value: its `process` scope (`runbook/<slug>`, …), when it has one. */
  processScope?: readonly string[];
}

/** Template syntax, unknown variable references, and references to steps that do not (yet) exist. */
export function checkTemplates(ctx: ProcessCheckContext, options: { variableValues?: boolean } = {}): void {
  const { project } = ctx;
  const known = new KnownVariables(project, ctx.space);
  const steps = project.process.steps;
  const stepsByName = stepLocations(steps);

  for (const site of templateSites(steps, ctx, options.variableValues ?? true)) {
    const { text } = site;
    if (!text.source || !text.value.includes('#{')) continue;
    const source = text.source;
    const toRange = (span: { start: number; end: number }) => {
      const mapped = mapValueSpan(source, span);
      return source.rangeOf ? source.rangeOf(mapped) : ctx.parsed.lines.rangeOf(mapped);
    };
    const { nodes, errors } = parseTemplateCached(text.value);
    for (const error of errors) ctx.report('error', 'template-syntax', error.message, toRange(error.span));

    for (const ref of referencesOf(nodes)) {
      if (checkStepReference(ctx, stepsByName, ref, site, toRange)) continue;
      if (!known.complete || known.isKnown(ref)) continue;
      // An action's own properties (step-template parameters among them) are variables while it runs.
      if (site.stepIndex !== undefined && isPropertyOfAction(ctx, site, ref.name)) continue;
      const suggestions = closestNames(ref.name, known.candidates());
      ctx.report(
        'warning',
        'unknown-variable',
        `Unknown variable \`${ref.name}\`: it is not a project variable, a variable of an included set, a prompted variable or an Octopus system variable.${didYouMean(suggestions)}`,
        toRange(ref.span),
        { suggestions },
      );
    }
  }
}

/**
 * `Octopus.Action[Name]…` and `Octopus.Step[Name]…` must name a step or action of this process;
 * an output variable must come from one that runs earlier. Returns true when `ref` is such a reference.
 */
function checkStepReference(
  ctx: ProcessCheckContext,
  stepsByName: ReadonlyMap<string, StepLocation>,
  ref: TemplateReference,
  site: TemplateSite,
  toRange: (span: { start: number; end: number }) => ReturnType<ProcessCheckContext['parsed']['lines']['rangeOf']>,
): boolean {
  const [octopus, kind, index, next] = ref.segments;
  if (!octopus || !kind || !index) return false;
  if (octopus.text.toLowerCase() !== 'octopus' || index.kind !== 'index') return false;
  if (!/^(action|step)$/i.test(kind.text) || kind.kind !== 'identifier') return false;
  const name = index.text.trim();
  if (!name || name.includes('#{')) return true;
  const steps = ctx.project.process.steps;
  const location = stepsByName.get(name.toLowerCase());
  if (!location) {
    if (inProcessTemplate(ctx, name) || (site.stepIndex === undefined && inRunbook(ctx, name, site.processScope)))
      return true;
    const names = steps.flatMap((s) => [s.name, ...s.actions.map((a) => a.name)]).filter(Boolean);
    const suggestions = closestNames(name, names);
    ctx.report(
      'warning',
      'unknown-step-reference',
      `No step or action is named \`${name}\` in this process.${didYouMean(suggestions)}`,
      toRange(index.span),
      { suggestions },
    );
    return true;
  }
  const isOutput = next?.kind === 'identifier' && next.text.toLowerCase() === 'output';
  if (isOutput && site.stepIndex !== undefined) {
    const later =
      location.stepIndex > site.stepIndex ||
      (location.stepIndex === site.stepIndex && (location.actionIndex ?? 0) >= (site.actionIndex ?? 0));
    if (later) {
      ctx.report(
        'warning',
        'step-reference-order',
        `\`${name}\` does not run before this point, so its output variables are not set yet. Output variables can only be used by steps that run after the step that sets them.`,
        toRange(index.span),
      );
    }
  }
  return true;
}

/**
 * A step of a process template the process uses: Octopus names it `<template use's name>-<step>`
 * (`Deploy K8s Manifest-Deploy Container`). The template's steps live in the space, not in the
 * repository, so any step name under a use's name is taken as known.
 */
function inProcessTemplate(ctx: ProcessCheckContext, name: string): boolean {
  const lower = name.toLowerCase();
  return ctx.project.process.processTemplates.some((use) =>
    [use.name, use.slug].some((n) => n && (lower === n.toLowerCase() || lower.startsWith(`${n.toLowerCase()}-`))),
  );
}

/**
 * A step of one of the project's runbooks: a project variable is evaluated in the runbooks too,
 * so its value may use a runbook step's output. With a `process` scope, only those runbooks count.
 */
function inRunbook(ctx: ProcessCheckContext, name: string, scope: readonly string[] | undefined): boolean {
  const wanted = scope?.map((s) => s.toLowerCase());
  return (ctx.project.runbooks ?? []).some(
    (runbook) =>
      (!wanted ||
        wanted.some(
          (s) =>
            s === `runbook/${runbook.slug}`.toLowerCase() ||
            s === runbook.slug.toLowerCase() ||
            s === runbook.name.toLowerCase(),
        )) &&
      stepLocations(runbook.process.steps).has(name.toLowerCase()),
  );
}

function isPropertyOfAction(ctx: ProcessCheckContext, site: TemplateSite, name: string): boolean {
  const action = ctx.project.process.steps[site.stepIndex!]?.actions[site.actionIndex ?? 0];
  if (!action) return false;
  const lower = name.toLowerCase();
  for (const property of action.properties.keys()) if (property.toLowerCase() === lower) return true;
  const ref = templateReference(action);
  const template = ref && findStepTemplate(ctx.space, ref.value);
  return !!template?.parameters.some((p) => p.name.toLowerCase() === lower);
}

/**
 * The references of a parsed template, kept with it: `parseTemplateCached` hands back the same
 * nodes for the same text, so an unchanged value is not walked again on the next check.
 */
const referencesByTemplate = new WeakMap<readonly TemplateNode[], TemplateReference[]>();

function referencesOf(nodes: readonly TemplateNode[]): TemplateReference[] {
  let references = referencesByTemplate.get(nodes);
  if (!references) referencesByTemplate.set(nodes, (references = collectReferences(nodes)));
  return references;
}

interface StepLocation {
  stepIndex: number;
  actionIndex?: number;
}

/**
 * Each step and action name (lower case) to the first step that has it: its own name first, then
 * its actions'; then, for names no step or action has, their slugs (current Octopus writes slugs).
 * Built once per check, so a process whose every step refers to another is not quadratic.
 */
function stepLocations(steps: readonly Step[]): Map<string, StepLocation> {
  const out = new Map<string, StepLocation>();
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    const name = step.name.toLowerCase();
    if (!out.has(name)) out.set(name, { stepIndex: s, actionIndex: 0 });
    step.actions.forEach((action: Action, a) => {
      const actionName = action.name.toLowerCase();
      if (!out.has(actionName)) out.set(actionName, { stepIndex: s, actionIndex: a });
    });
  }
  const bySlug = new Map<string, StepLocation>();
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    const slug = slugOf(step).toLowerCase();
    if (!bySlug.has(slug)) bySlug.set(slug, { stepIndex: s, actionIndex: 0 });
    step.actions.forEach((action: Action, a) => {
      const actionSlug = slugOf(action).toLowerCase();
      if (!bySlug.has(actionSlug)) bySlug.set(actionSlug, { stepIndex: s, actionIndex: a });
    });
  }
  for (const [slug, location] of bySlug) if (!out.has(slug)) out.set(slug, location);
  return out;
}

function* templateSites(steps: Step[], ctx: ProcessCheckContext, variableValues: boolean): Generator<TemplateSite> {
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    if (step.condition.expression) yield { text: step.condition.expression, stepIndex: s, actionIndex: 0 };
    for (let a = 0; a < step.actions.length; a++) {
      for (const text of step.actions[a].properties.values()) yield { text, stepIndex: s, actionIndex: a };
    }
  }
  if (!variableValues) return;
  for (const variable of ctx.project.variables) {
    for (const value of variable.values)
      if (value.template) yield { text: value.template, processScope: value.scope.process?.map((p) => p.name) };
  }
}
