/**
 * Format Document for OCL: the file as Octopus's OclWriter would write it. A file with syntax
 * errors is left alone: writing what parsed would drop what did not.
 */
import type { ParsedOcl } from '../ocl/parseOcl';
import { toOclNode, writeOcl } from '../ocl/writeOcl';
import type { TextEdit } from './types';

export function formatOcl(parsed: ParsedOcl): TextEdit[] {
  if (parsed.errors.length) return [];
  const formatted = writeOcl(parsed.document.children.map(toOclNode));
  const text = parsed.text.replace(/\r\n/g, '\n');
  const expected = text.endsWith('\n') && !formatted.endsWith('\n') ? `${formatted}\n` : formatted;
  if (expected === parsed.text) return [];
  return [
    {
      range: { start: parsed.lines.positionAt(0), end: parsed.lines.positionAt(parsed.text.length) },
      newText: expected,
    },
  ];
}
