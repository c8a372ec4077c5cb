import { isCollection, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { LineIndex, type Span } from '../text';

/** Limits that keep hostile input (alias bombs, huge or deeply nested files) cheap to reject. */
export const YAML_LIMITS = {
  /** Larger files are not parsed at all; the user gets one diagnostic. */
  maxBytes: 8 * 1024 * 1024,
  /** Nesting deeper than this is reported, and the file is not checked further. */
  maxDepth: 200,
  /** Passed to `yaml`'s toJS: aliases expanding to more nodes than this fail. */
  maxAliasCount: 1000,
};

/**
 * How every YAML text is parsed (also the pieces `reparseEdit` re-parses alone). logLevel 'error':
 * the library would print its warnings to stderr (process.emitWarning); what matters is a diagnostic.
 */
export const PARSE_OPTIONS = {
  keepSourceTokens: false,
  uniqueKeys: true,
  prettyErrors: false,
  strict: true,
  logLevel: 'error',
} as const;

export interface ParsedYaml {
  text: string;
  lines: LineIndex;
  /** Undefined when the text could not be parsed at all (too large, too deep). */
  document: Document.Parsed | undefined;
  /** The plain JS value of the document, or undefined when it has errors that make it unusable. */
  value: unknown;
  diagnostics: Diagnostic[];
}

/** Parses one YAML document, reporting syntax errors at their position and never throwing. */
export function parseYaml(text: string): ParsedYaml {
  const lines = new LineIndex(text);
  const diagnostics: Diagnostic[] = [];
  const result: ParsedYaml = { text, lines, document: undefined, value: undefined, diagnostics };
  const whole = lines.rangeOf({ start: 0, end: Math.min(text.length, firstLineEnd(text)) });

  if (text.length > YAML_LIMITS.maxBytes) {
    diagnostics.push({
      severity: 'error',
      code: 'file-too-large',
      message: `This file is ${(text.length / 1024 / 1024).toFixed(1)} MB; Stepwise checks files up to ${YAML_LIMITS.maxBytes / 1024 / 1024} MB.`,
      range: whole,
    });
    return result;
  }
  if (text.includes('\uFFFD') || /[\u0000-\u0008\u000E-\u001F]/.test(text)) {
    const at = text.search(/[\uFFFD\u0000-\u0008\u000E-\u001F]/);
    diagnostics.push({
      severity: 'error',
      code: 'invalid-encoding',
      message: 'This file is not valid UTF-8 text (it has a byte sequence or control character YAML does not allow).',
      range: lines.rangeOf({ start: at, end: at + 1 }),
    });
    return result;
  }
  const depthAt = findExcessiveNesting(text, YAML_LIMITS.maxDepth);
  if (depthAt >= 0) {
    diagnostics.push({
      severity: 'error',
      code: 'nesting-too-deep',
      message: `Nesting is deeper than ${YAML_LIMITS.maxDepth} levels; Stepwise does not check this file further.`,
      range: lines.rangeOf({ start: depthAt, end: depthAt + 1 }),
    });
    return result;
  }

  let document: Document.Parsed;
  try {
    document = parseDocument(text, PARSE_OPTIONS);
  } catch (e) {
    diagnostics.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: `YAML could not be read: ${(e as Error).message}`,
      range: whole,
    });
    return result;
  }
  result.document = document;
  for (const error of document.errors) {
    const unclosed =
      error.code === 'MISSING_CHAR' && /quote/.test(error.message)
        ? unclosedQuote(document, error.pos[0], text)
        : undefined;
    diagnostics.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: unclosed
        ? `This string has no closing ${unclosed.quote}: it runs on to the end of the file.`
        : yamlMessage(error.message),
      range: lines.rangeOf(unclosed?.span ?? errorSpan(error.pos, text)),
    });
  }
  for (const warning of document.warnings) {
    diagnostics.push({
      severity: 'warning',
      code: 'yaml-syntax',
      message: yamlMessage(warning.message),
      range: lines.rangeOf(errorSpan(warning.pos, text)),
    });
  }
  // A list or map as a key (`[a]: 1`) is YAML, but no key of these files; as JS it would turn into
  // the text "[ a ]", which no check could place. One error at the key instead.
  const collectionKey = document.errors.length === 0 ? findCollectionKey(document) : undefined;
  if (collectionKey?.range) {
    const [start, end] = collectionKey.range;
    const lineEnd = Math.min(end, start + firstLineEnd(text.slice(start, end)));
    const source = text.slice(start, lineEnd).trim();
    const shown = source.length > 40 || lineEnd < end ? `${source.slice(0, 40)}…` : source;
    diagnostics.push({
      severity: 'error',
      code: 'yaml-syntax',
      message: `A key here is a list or map (\`${shown}\`); keys in these files are plain names.`,
      range: lines.rangeOf({ start, end: lineEnd }),
    });
  } else if (document.errors.length === 0) {
    try {
      result.value = document.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
    } catch (e) {
      diagnostics.push({
        severity: 'error',
        code: 'yaml-alias-limit',
        message: `Aliases in this file expand too far (${(e as Error).message.replace(/\.$/, '')}); Stepwise does not check it further.`,
        range: whole,
      });
      result.document = undefined;
    }
  }
  return result;
}

/** The first mapping key that is a list or map, if any. */
function findCollectionKey(document: Document.Parsed): Node | undefined {
  let found: Node | undefined;
  visit(document, {
    Pair(_key, pair) {
      if (isCollection(pair.key)) {
        found = pair.key;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * The parser reports a missing closing quote where the file ends; the mistake is where the
 * string opens. Finds the quoted scalar that runs to `at` and returns its first line.
 */
function unclosedQuote(document: Document.Parsed, at: number, text: string): { quote: string; span: Span } | undefined {
  let found: Scalar | undefined;
  visit(document, {
    Scalar(_key, node) {
      if (
        (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) &&
        node.range &&
        node.range[1] >= at - 1
      ) {
        found = node;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (!found?.range) return undefined;
  const start = found.range[0];
  let end = start;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return { quote: found.type === Scalar.QUOTE_DOUBLE ? '`"`' : "`'`", span: { start, end } };
}

function yamlMessage(message: string): string {
  // The library appends " at line X, column Y:" and a code excerpt; the editor shows the position already.
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
  return first.endsWith('.') ? first : `${first}.`;
}

function errorSpan(pos: [number, number], text: string): Span {
  const start = Math.min(pos[0], text.length);
  let end = Math.min(Math.max(pos[1], start), text.length);
  if (end === start && start < text.length && text[start] !== '\n' && text[start] !== '\r') end = start + 1;
  return { start, end };
}

function firstLineEnd(text: string): number {
  const nl = text.indexOf('\n');
  return nl < 0 ? text.length : nl;
}

/**
 * A cheap scan for flow-collection nesting (`[[[[…` or `{{{…`) and indentation depth, run before
 * the parser so that pathological files never reach its recursion. Returns the offset where the
 * limit is passed, or -1.
 */
export function findExcessiveNesting(text: string, maxDepth: number): number {
  let depth = 0;
  let inSingle = false;
  let inDouble = false;
  let lineStart = true;
  let indent = 0;
  let inComment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
      inComment = false;
      continue;
    }
    if (inComment) continue;
    if (lineStart) {
      if (c === 32 || c === 45 /* - */) {
        indent++;
        if (indent > maxDepth * 4) return i;
        continue;
      }
      lineStart = false;
    }
    if (inDouble) {
      if (c === 92) i++;
      else if (c === 34) inDouble = false;
      continue;
    }
    if (inSingle) {
      if (c === 39) inSingle = false;
      continue;
    }
    if (c === 35 && (i === 0 || text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) inComment = true;
    else if (c === 34 && depth > 0) inDouble = true;
    else if (c === 39 && depth > 0) inSingle = true;
    else if (c === 91 || c === 123) {
      if (++depth > maxDepth) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}
