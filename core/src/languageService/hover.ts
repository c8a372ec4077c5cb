import { parameterMarkdown, templateOfPropertiesAt } from '../model/stepTemplates';
/**
 * Hover: what a key means and the Octopus property it maps to (from the schemas); for a
 * variable, every value with its scope (sensitive values masked) and where it comes from; for a
 * system variable, Octopus's description; for filters and keywords, what they do; for names of
 * environments, roles, targets and steps, what the space says about them.
 */
import { isScalar } from 'yaml';
import type { Project, Space, Variable } from '../model/types';
import type { FileKind } from '../schema/schemas';
import type { Position, Span } from '../text';
import { findSystemVariable } from '../variables/systemVariables';
import { symbolText } from '../template/print';
import { templateElementAt, type TemplateElement } from '../template/cursor';
import { parsedTemplateOf, stringAt } from './stringOffsets';
import { scalarAt, type PathSegment } from './yamlPath';
import { filterMarkdown, TEMPLATE_KEYWORD_DOCS } from './filterCatalog';
import { knownNames, nameKindAt, NAME_KIND_LABEL, same, type NameKind } from './names';
import { outputVariables } from './outputVariables';
import { describe, enumValuesAt, propertyAt, schemasAt } from './schemaAt';
import type { Hover, ServiceDocument } from './types';
import { siteDescription, valuesByEnvironment, valuesByEnvironmentMarkdown } from './valuesByEnvironment';
import {
  escapeMarkdown,
  systemVariableMarkdown,
  variableMarkdown,
  variablesForReference,
  visibleVariables,
} from './variableInfo';

export interface HoverOptions {
  /** Extra markdown for a variable, e.g. which value wins in each environment. */
  describeVariable?: (variables: Variable[]) => string | undefined;
}

export function getHover(document: ServiceDocument, position: Position, options: HoverOptions = {}): Hover | undefined {
  const parsed = document.parsed;
  const offset = parsed.lines.offsetAt(position);
  const at = scalarAt(parsed, offset);
  if (!at) return undefined;
  const kind: FileKind = document.kind;
  const project = document.kind === 'process' ? document.project : undefined;
  const space = document.space;
  const hover = (value: string, span: Span): Hover => ({
    contents: { kind: 'markdown', value },
    range: parsed.lines.rangeOf(span),
  });

  if (at.isKey) {
    const key = String(at.node.value ?? '');
    const mapPath = at.path.slice(0, -1);
    const variables = variablesDefinedAt(document, at.path);
    if (variables) {
      const perEnvironment =
        options.describeVariable?.(variables) ??
        valuesByEnvironmentMarkdown(valuesByEnvironment(variables, document, []));
      return hover(variableMarkdown(variables, perEnvironment), at.span);
    }
    if (mapPath[mapPath.length - 1] === 'properties') {
      const template = templateOfPropertiesAt(project, space, mapPath);
      const parameter = template?.parameters.find((p) => p.name.toLowerCase() === key.toLowerCase());
      if (template && parameter) return hover(parameterMarkdown(template, parameter), at.span);
      return hover(`**${escapeMarkdown(key)}** — raw Octopus action property, passed through as text.`, at.span);
    }
    const property = propertyAt(kind, mapPath, key);
    if (!property) return undefined;
    const description = describe(property.schema) ?? describe(schemasAt(kind, at.path)[0] ?? {});
    const title = `**${key}**${property.parentTitle ? ` (${property.parentTitle.toLowerCase()})` : ''}${property.required ? ' — required' : ''}`;
    return hover([title, description].filter(Boolean).join('\n\n'), at.span);
  }

  // Inside a string: a template first.
  if (typeof at.node.value === 'string' && at.node.value.includes('#{')) {
    const string = stringAt(parsed, at.node);
    if (string) {
      const valueOffset = string.toValue(offset);
      const element = templateElementAt(parsedTemplateOf(string).nodes, valueOffset);
      if (element) {
        const found = templateHover(document, element, at.path, options);
        if (found) return hover(found.markdown, string.toDocument(found.span));
      }
    }
    return undefined;
  }

  const nameKind = nameKindAt(kind, at.path);
  if (nameKind && isScalar(at.node) && at.node.value !== null) {
    const markdown = nameMarkdown(nameKind, String(at.node.value), project, space);
    if (markdown) return hover(markdown, at.span);
  }
  const value = String(at.node.value ?? '');
  const enumValue = enumValuesAt(kind, at.path).find((e) => e.value === value);
  if (enumValue?.description) {
    const keyName = at.path[at.path.length - 1];
    return hover(
      `**${value}**${typeof keyName === 'string' ? ` (\`${keyName}\`)` : ''}\n\n${enumValue.description}`,
      at.span,
    );
  }
  if (at.path[at.path.length - 1] === 'type' && kind === 'process') {
    const typeDoc = describe(propertyAt(kind, at.path.slice(0, -1), 'type')?.schema ?? {});
    return typeDoc ? hover(`**${value}** (\`type\`)\n\n${typeDoc}`, at.span) : undefined;
  }
  return undefined;
}

/** For a key under `variables:` (process) or a set's `variables:` (space): the variable(s) it defines. */
function variablesDefinedAt(document: ServiceDocument, path: PathSegment[]): Variable[] | undefined {
  if (document.kind === 'process' && path.length === 2 && path[0] === 'variables') {
    const name = String(path[1]);
    const own = document.project.variables.filter((v) => v.name === name);
    if (!own.length) return undefined;
    const others = visibleVariables(document.project, document.space).filter(
      (v) => same(v.name, name) && !own.includes(v),
    );
    return [...own, ...others];
  }
  if (
    document.kind === 'space' &&
    path.length === 4 &&
    path[0] === 'variable-sets' &&
    path[2] === 'variables' &&
    typeof path[1] === 'number'
  ) {
    const set = document.space.variableSets[path[1]];
    const found = set?.variables.filter((v) => v.name === String(path[3]));
    return found?.length ? found : undefined;
  }
  return undefined;
}

export function templateHover(
  document: ServiceDocument,
  element: TemplateElement,
  path: PathSegment[],
  options: HoverOptions,
): { markdown: string; span: Span } | undefined {
  const project = document.kind === 'process' ? document.project : undefined;
  switch (element.kind) {
    case 'filter': {
      const markdown = filterMarkdown(element.filter.name);
      return {
        markdown:
          markdown ||
          `**${escapeMarkdown(element.filter.name)}** — not a built-in Octostache filter: Octopus would leave the whole \`#{…}\` as it is.`,
        span: element.filter.nameSpan,
      };
    }
    case 'keyword': {
      const doc = TEMPLATE_KEYWORD_DOCS[element.keyword];
      return { markdown: `\`${doc.detail}\`\n\n${doc.description}`, span: element.span };
    }
    case 'loopVariable':
      return {
        markdown: `**${escapeMarkdown(element.name)}** — loop variable: each item of \`${symbolText(element.block.collection)}\` in turn.`,
        span: element.span,
      };
    case 'reference':
      break;
  }
  const { symbol, segmentIndex } = element;
  const segments = symbol.segments.map((s) =>
    s.kind === 'identifier'
      ? { kind: 'identifier' as const, text: s.name }
      : { kind: 'index' as const, text: s.index.kind === 'text' ? s.index.text : '' },
  );
  const name = symbolText(symbol);
  const first = segments[0];

  if (first?.kind === 'identifier' && element.loopVariables.some((v) => same(v, first.text))) {
    return {
      markdown: `**${escapeMarkdown(name)}** — from the loop variable \`${first.text}\` of an enclosing \`#{each}\`.`,
      span: symbol.span,
    };
  }

  // `Octopus.Action[Name]…` / `Octopus.Step[Name]…`
  const [octopus, kind, index] = symbol.segments;
  if (
    octopus?.kind === 'identifier' &&
    same(octopus.name, 'Octopus') &&
    kind?.kind === 'identifier' &&
    /^(action|step)$/i.test(kind.name) &&
    index?.kind === 'index' &&
    index.index.kind === 'text'
  ) {
    const stepName = index.index.text.trim();
    if (segmentIndex === 2) {
      const markdown = nameMarkdown('step', stepName, project, document.space);
      return {
        markdown: markdown ?? `No step or action is named \`${escapeMarkdown(stepName)}\` in this process.`,
        span: index.span,
      };
    }
    const output =
      segments[3]?.text.toLowerCase() === 'output' && segments[4]
        ? segments
            .slice(4)
            .map((s) => s.text)
            .join('.')
        : undefined;
    if (output && project) {
      const setBy = outputVariables(project).find((o) => same(o.action, stepName) && same(o.name, output));
      const where = setBy
        ? `Set by \`${escapeMarkdown(setBy.action)}\`'s script (line ${setBy.line + 1}).`
        : `Set by \`${escapeMarkdown(stepName)}\` at deployment time (Stepwise does not see where).`;
      return {
        markdown: `**${escapeMarkdown(name)}** — output variable \`${escapeMarkdown(output)}\` of \`${escapeMarkdown(stepName)}\`.\n\n${where}`,
        span: symbol.span,
      };
    }
  }

  const variables =
    document.kind === 'process' ? visibleVariables(project, document.space) : setVariablesOf(document.space, path);
  const found = variablesForReference(variables, segments);
  if (found) {
    const into =
      found.segmentCount < segments.length
        ? `\`${escapeMarkdown(name)}\` reads a path inside this value (JSON, or indexed variables).`
        : undefined;
    const perEnvironment =
      options.describeVariable?.(found.variables) ??
      valuesByEnvironmentMarkdown(
        valuesByEnvironment(found.variables, document, path),
        siteDescription(document, path),
      );
    const extra = [perEnvironment, into].filter(Boolean).join('\n\n');
    return { markdown: variableMarkdown(found.variables, extra || undefined), span: symbol.span };
  }
  const system = findSystemVariable(name);
  if (system) return { markdown: systemVariableMarkdown(system), span: symbol.span };
  if (/^env:/i.test(name))
    return {
      markdown: `**${escapeMarkdown(name)}** — the environment variable \`${escapeMarkdown(name.slice(4))}\` of the process running the step.`,
      span: symbol.span,
    };
  return {
    markdown: `**${escapeMarkdown(name)}** — not a variable of this project, an included set, or Octopus.`,
    span: symbol.span,
  };
}

function setVariablesOf(space: Space | undefined, path: PathSegment[]): Variable[] {
  if (!space) return [];
  if (path[0] === 'variable-sets' && typeof path[1] === 'number') return space.variableSets[path[1]]?.variables ?? [];
  return space.variableSets.flatMap((s) => s.variables);
}

/** What the project and space say about a name. */
export function nameMarkdown(
  kind: NameKind,
  name: string,
  project: Project | undefined,
  space: Space | undefined,
): string | undefined {
  const label = NAME_KIND_LABEL[kind];
  const title = `**${escapeMarkdown(name)}** — ${label}`;
  switch (kind) {
    case 'environment': {
      if (!space?.defines.environments)
        return `${title}\n\nNo space file defines environments, so Stepwise cannot check this name.`;
      const index = space.environments.findIndex((e) => same(e.name, name));
      if (index < 0) return `${title}\n\nNot an environment of the space.`;
      const targets = space.targets.filter((t) => t.environments.some((e) => same(e.name, name)));
      const phases = space.lifecycles.flatMap((l) =>
        l.phases
          .filter((p) => [...p.environments, ...p.automatic].some((e) => same(e.name, name)))
          .map((p) => `${l.name} → ${p.name}`),
      );
      return [
        title,
        '',
        `Environment ${index + 1} of ${space.environments.length} in the space.`,
        targets.length
          ? `Targets: ${targets.map((t) => `${t.name} (${t.roles.map((r) => r.name).join(', ') || 'no roles'})`).join(', ')}.`
          : 'No deployment targets.',
        phases.length ? `Lifecycle phases: ${phases.join(', ')}.` : '',
      ]
        .filter((l, i) => l || i === 1)
        .join('\n');
    }
    case 'role': {
      if (!space?.defines.targets)
        return `${title}\n\nNo space file defines targets, so Stepwise cannot tell where this role runs.`;
      const targets = space.targets.filter((t) => t.roles.some((r) => same(r.name, name)));
      return `${title}\n\n${targets.length ? `Targets with this role: ${targets.map((t) => `${t.name} (${t.environments.map((e) => e.name).join(', ')})`).join(', ')}.` : 'No deployment target has this role.'}`;
    }
    case 'target': {
      const target = space?.targets.find((t) => same(t.name, name));
      if (!target) return space?.defines.targets ? `${title}\n\nNot a deployment target of the space.` : undefined;
      return `${title}\n\nEnvironments: ${target.environments.map((e) => e.name).join(', ') || 'none'}. Roles: ${target.roles.map((r) => r.name).join(', ') || 'none'}.`;
    }
    case 'step': {
      if (!project) return undefined;
      for (const [i, step] of project.process.steps.entries()) {
        const action = step.actions.find((a) => same(a.name, name));
        if (!same(step.name, name) && !action) continue;
        const a = action ?? step.actions[0];
        const what =
          step.inlineAction || !action ? `step ${i + 1}` : `action of step ${i + 1}, \`${escapeMarkdown(step.name)}\``;
        const details = [
          a?.type ? `type \`${a.type}\`` : undefined,
          step.roles.length ? `roles ${step.roles.map((r) => r.name).join(', ')}` : undefined,
          a?.environments.length ? `only in ${a.environments.map((e) => e.name).join(', ')}` : undefined,
          a?.excludedEnvironments.length ? `not in ${a.excludedEnvironments.map((e) => e.name).join(', ')}` : undefined,
        ].filter(Boolean);
        return `**${escapeMarkdown(action?.name ?? step.name)}** — ${what}${details.length ? `: ${details.join(', ')}` : ''}.`;
      }
      return undefined;
    }
    default: {
      const known = knownNames(kind, project, space)?.find((n) => same(n.name, name));
      return known ? `${title}\n\n${known.detail}.` : undefined;
    }
  }
}
