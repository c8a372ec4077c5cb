/**
 * The outline: for a process file its variables, channels, and steps with their actions; for a
 * space file its environments, lifecycles with phases, targets and variable sets with variables.
 */
import type { Variable } from '../model/types';
import type { Range } from '../text';
import { SymbolKind, type DocumentSymbol, type ServiceDocument } from './types';

export function getDocumentSymbols(document: ServiceDocument): DocumentSymbol[] {
  return document.kind === 'process' ? processSymbols(document) : spaceSymbols(document);
}

function processSymbols(document: Extract<ServiceDocument, { kind: 'process' }>): DocumentSymbol[] {
  const { project } = document;
  const out: DocumentSymbol[] = [];
  const section = (key: string) => sectionRange(document, key);

  const variables = section('variables');
  if (variables && project.variables.length) {
    out.push({
      name: 'variables',
      kind: SymbolKind.Namespace,
      range: variables.range,
      selectionRange: variables.keyRange,
      children: project.variables.map(variableSymbol),
    });
  }
  const channels = section('channels');
  if (channels && project.channels.length) {
    out.push({
      name: 'channels',
      kind: SymbolKind.Namespace,
      range: channels.range,
      selectionRange: channels.keyRange,
      children: project.channels.map((c) => ({
        name: c.name,
        detail: c.lifecycle ? `lifecycle ${c.lifecycle.name}` : undefined,
        kind: SymbolKind.EnumMember,
        range: c.nameRange,
        selectionRange: c.nameRange,
      })),
    });
  }
  const steps = section('steps');
  if (steps) {
    out.push({
      name: 'steps',
      kind: SymbolKind.Namespace,
      range: steps.range,
      selectionRange: steps.keyRange,
      children: project.process.steps.map((step, i) => {
        const single = step.inlineAction ? step.actions[0] : undefined;
        const roles = step.roles.length ? ` · ${step.roles.map((r) => r.name).join(', ')}` : '';
        return {
          name: step.name || `step ${i + 1}`,
          detail: (single ? single.type || 'no type' : `${step.actions.length} actions`) + roles,
          kind: SymbolKind.Function,
          range: step.range,
          selectionRange: within(step.nameRange, step.range),
          children: step.inlineAction
            ? []
            : step.actions.map((action, j) => ({
                name: action.name || `action ${j + 1}`,
                detail: action.type || undefined,
                kind: SymbolKind.Method,
                range: action.range,
                selectionRange: within(action.nameRange, action.range),
              })),
        };
      }),
    });
  }
  return out;
}

function spaceSymbols(document: Extract<ServiceDocument, { kind: 'space' }>): DocumentSymbol[] {
  const { space } = document;
  const out: DocumentSymbol[] = [];
  const section = (key: string) => sectionRange(document, key);
  const environments = section('environments');
  if (environments && space.environments.length) {
    out.push({
      name: 'environments',
      kind: SymbolKind.Namespace,
      range: environments.range,
      selectionRange: environments.keyRange,
      children: space.environments.map((e, i) => ({
        name: e.name,
        detail: `${i + 1}`,
        kind: SymbolKind.EnumMember,
        range: e.range,
        selectionRange: e.range,
      })),
    });
  }
  const lifecycles = section('lifecycles');
  if (lifecycles && space.lifecycles.length) {
    out.push({
      name: 'lifecycles',
      kind: SymbolKind.Namespace,
      range: lifecycles.range,
      selectionRange: lifecycles.keyRange,
      children: space.lifecycles.map((l) => {
        const end = l.phases.length ? l.phases[l.phases.length - 1].nameRange.end : l.nameRange.end;
        return {
          name: l.name,
          detail: l.phases.map((p) => p.name).join(' → '),
          kind: SymbolKind.Class,
          range: { start: l.nameRange.start, end },
          selectionRange: l.nameRange,
          children: l.phases.map((p) => ({
            name: p.name || 'phase',
            detail: [...p.environments, ...p.automatic].map((e) => e.name).join(', '),
            kind: SymbolKind.Event,
            range: p.nameRange,
            selectionRange: p.nameRange,
          })),
        };
      }),
    });
  }
  const targets = section('targets');
  if (targets && space.targets.length) {
    out.push({
      name: 'targets',
      kind: SymbolKind.Namespace,
      range: targets.range,
      selectionRange: targets.keyRange,
      children: space.targets.map((t) => ({
        name: t.name,
        detail: [t.environments.map((e) => e.name).join(', '), t.roles.map((r) => r.name).join(', ')]
          .filter(Boolean)
          .join(' · '),
        kind: SymbolKind.Object,
        range: t.nameRange,
        selectionRange: t.nameRange,
      })),
    });
  }
  const sets = section('variable-sets');
  if (sets && space.variableSets.length) {
    out.push({
      name: 'variable-sets',
      kind: SymbolKind.Namespace,
      range: sets.range,
      selectionRange: sets.keyRange,
      children: space.variableSets.map((s) => ({
        name: s.name,
        kind: SymbolKind.Package,
        range: s.range,
        selectionRange: within(s.nameRange, s.range),
        children: s.variables.map(variableSymbol),
      })),
    });
  }
  return out;
}

function variableSymbol(v: Variable): DocumentSymbol {
  const last = v.values[v.values.length - 1];
  const end = last && compare(last.entryRange.end, v.nameRange.end) > 0 ? last.entryRange.end : v.nameRange.end;
  const detail = v.sensitive
    ? 'sensitive'
    : v.prompt
      ? 'prompted'
      : v.values.length > 1
        ? `${v.values.length} values`
        : undefined;
  return {
    name: v.name,
    detail,
    kind: SymbolKind.Variable,
    range: { start: v.nameRange.start, end },
    selectionRange: v.nameRange,
  };
}

/** The range of a top-level section (`steps:` and its value) and of its key. */
function sectionRange(document: ServiceDocument, key: string): { range: Range; keyRange: Range } | undefined {
  const root = document.parsed.document?.contents as {
    items?: { key: { value?: unknown; range?: number[] } | null; value: { range?: number[] } | null }[];
  } | null;
  const pair = root?.items?.find((p) => p.key?.value === key);
  if (!pair?.key?.range) return undefined;
  const lines = document.parsed.lines;
  const end = pair.value?.range ? pair.value.range[1] : pair.key.range[1];
  return {
    range: lines.rangeOf({ start: pair.key.range[0], end }),
    keyRange: lines.rangeOf({ start: pair.key.range[0], end: pair.key.range[1] }),
  };
}

/** A selection range must lie inside its symbol's range (LSP requires it). */
function within(inner: Range, outer: Range): Range {
  return compare(inner.start, outer.start) >= 0 && compare(inner.end, outer.end) <= 0
    ? inner
    : { start: outer.start, end: outer.start };
}

function compare(a: Range['start'], b: Range['start']): number {
  return a.line - b.line || a.character - b.character;
}
