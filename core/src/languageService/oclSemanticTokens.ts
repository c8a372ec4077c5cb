/**
 * Semantic tokens for OCL files: the parts of every `#{…}` template in the file's strings and
 * heredocs, classified as in process files (project variables, Octopus's, loop variables).
 */
import type { OclElement, OclString, OclValue } from '../ocl/ast';
import type { ParsedOcl } from '../ocl/parseOcl';
import type { Range } from '../text';
import { oclStringAt } from './oclContext';
import { getTemplateTokens, type SemanticToken } from './semanticTokens';
import type { ProcessDocument } from './types';
import { visibleVariables } from './variableInfo';

export function getOclSemanticTokens(
  parsed: ParsedOcl,
  document: ProcessDocument | undefined,
  range?: Range,
): SemanticToken[] {
  const strings: OclString[] = [];
  const value = (v: OclValue) => {
    if (v.kind === 'string' && v.value.includes('#{')) strings.push(v);
    else if (v.kind === 'array') for (const item of v.items) value(item);
    else if (v.kind === 'dictionary') for (const entry of v.entries) value(entry.value);
  };
  const elements = (list: readonly OclElement[]) => {
    for (const e of list) {
      if (e.kind === 'block') {
        for (const label of e.labels)
          if (label.value.includes('#{')) strings.push({ kind: 'string', value: label.value, span: label.span });
        elements(e.children);
      } else value(e.value);
    }
  };
  elements(parsed.document.children);
  const variables = document ? visibleVariables(document.project, document.space) : [];
  return getTemplateTokens(
    strings.map((s) => oclStringAt(parsed, s)),
    parsed.lines,
    variables,
    range,
  );
}
