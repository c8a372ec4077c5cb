/**
 * Template syntax as text for people (hover, completion details): the one printer beside ast.ts.
 * Evaluation echoes what it cannot resolve in Octostache's own form instead (evaluate.ts `nodeText`).
 */
import type { SymbolExpression } from './ast';

/** `Octopus.Action[Deploy web].Output.X`; an index that is itself a template prints as `[#{…}]`. */
export function symbolText(symbol: SymbolExpression): string {
  return symbol.segments
    .map((s, i) =>
      s.kind === 'identifier' ? (i ? '.' : '') + s.name : `[${s.index.kind === 'text' ? s.index.text : '#{…}'}]`,
    )
    .join('');
}
