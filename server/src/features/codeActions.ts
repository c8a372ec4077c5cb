import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type Range } from 'vscode-languageserver';
import type { DiagnosticData } from '../../../core/src/index';

/** Quick fixes carried by the diagnostics themselves: quote a cut-off template, did-you-mean. */
export function provideCodeActions(params: CodeActionParams): CodeAction[] {
  const actions: CodeAction[] = [];
  const uri = params.textDocument.uri;
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== 'stepwise') continue;
    const data = diagnostic.data as DiagnosticData | undefined;
    if (!data) continue;
    if (diagnostic.code === 'template-cut-by-comment' && data.replacement && data.fixRange) {
      actions.push(fix('Quote the value so the template is kept', uri, data.fixRange, data.replacement, diagnostic, true));
    }
    for (const [i, suggestion] of (data.suggestions ?? []).entries()) {
      actions.push(fix(`Change to '${suggestion}'`, uri, suggestionRange(diagnostic, suggestion), suggestion, diagnostic, i === 0));
    }
  }
  return actions;
}

function suggestionRange(diagnostic: Diagnostic, _suggestion: string): Range {
  return diagnostic.range;
}

function fix(title: string, uri: string, range: Range, newText: string, diagnostic: Diagnostic, isPreferred: boolean): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred,
    edit: { changes: { [uri]: [{ range, newText }] } },
  };
}
