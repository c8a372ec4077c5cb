/**
 * The outline of an OCL file: its blocks (steps, actions, variables, channels, packages…) as a tree,
 * each named by its label (or its `name` attribute, or the block name) with the block name as detail.
 * Built from the syntax tree alone, so a file with errors still gets an outline of what parsed.
 */
import type { OclBlock, OclElement } from '../ocl/ast';
import type { ParsedOcl } from '../ocl/parseOcl';
import { SymbolKind, type DocumentSymbol } from './types';

const KINDS: Record<string, SymbolKind> = {
  step: SymbolKind.Class,
  action: SymbolKind.Method,
  variable: SymbolKind.Variable,
  value: SymbolKind.Constant,
  channel: SymbolKind.EnumMember,
  packages: SymbolKind.Package,
  process_template: SymbolKind.Class,
};

export function getOclDocumentSymbols(parsed: ParsedOcl): DocumentSymbol[] {
  return symbolsOf(parsed, parsed.document.children);
}

function symbolsOf(parsed: ParsedOcl, elements: readonly OclElement[]): DocumentSymbol[] {
  return elements.filter((e): e is OclBlock => e.kind === 'block').map((block) => blockSymbol(parsed, block));
}

function blockSymbol(parsed: ParsedOcl, block: OclBlock): DocumentSymbol {
  const nameAttribute = block.children.find((c) => c.kind === 'attribute' && c.name === 'name');
  const displayName =
    nameAttribute?.kind === 'attribute' && nameAttribute.value.kind === 'string'
      ? nameAttribute.value.value
      : undefined;
  const label = block.labels.map((l) => l.value).join(' ');
  const name = (label || displayName || block.name).trim() || block.name;
  const detail = [block.name, displayName && displayName !== name ? displayName : undefined]
    .filter(Boolean)
    .join(' · ');
  const children = symbolsOf(parsed, block.children);
  return {
    name,
    detail,
    kind: KINDS[block.name] ?? SymbolKind.Object,
    range: parsed.lines.rangeOf(block.span),
    selectionRange: parsed.lines.rangeOf(block.labels[0]?.span ?? block.nameSpan),
    ...(children.length ? { children } : {}),
  };
}
