/**
 * Semantic tokens for OCL files: the parts of every `#{…}` template in the file's strings and
 * heredocs, classified as in process files (project variables, Octopus's, loop variables); and
 * the script of a script step (`Octopus.Action.Script.ScriptBody`) lexed by its
 * `Octopus.Action.Script.Syntax` — wherever that key is in the dictionary (Octopus sorts keys, so
 * it comes after the body, which a TextMate grammar cannot look ahead to) — and a package step's
 * custom deployment scripts by their key's extension. Templates win: no script token covers one.
 */
import type { OclDictionary, OclElement, OclString, OclValue } from '../ocl/ast';
import type { ParsedOcl } from '../ocl/parseOcl';
import type { LineIndex, Range } from '../text';
import { oclStringAt } from './oclContext';
import { lexScript, scriptSyntaxOf, type ScriptSyntax, type ScriptToken } from './scriptTokens';
import { getTemplateTokens, type SemanticToken } from './semanticTokens';
import type { StringAt } from './stringOffsets';
import type { ProcessDocument } from './types';
import { visibleVariables } from './variableInfo';

export function getOclSemanticTokens(
  parsed: ParsedOcl,
  document: ProcessDocument | undefined,
  range?: Range,
): SemanticToken[] {
  const strings: OclString[] = [];
  const scripts: { body: OclString; syntax: ScriptSyntax }[] = [];
  const value = (v: OclValue) => {
    if (v.kind === 'string' && v.value.includes('#{')) strings.push(v);
    else if (v.kind === 'array') for (const item of v.items) value(item);
    else if (v.kind === 'dictionary') {
      scripts.push(...scriptsOf(v));
      for (const entry of v.entries) value(entry.value);
    }
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
  const templates = getTemplateTokens(
    strings.map((s) => oclStringAt(parsed, s)),
    parsed.lines,
    variables,
    range,
  );
  if (scripts.length === 0) return templates;
  const from = range ? parsed.lines.offsetAt(range.start) : 0;
  const to = range ? parsed.lines.offsetAt(range.end) : parsed.text.length;
  const script: SemanticToken[] = [];
  for (const { body, syntax } of scripts) {
    if (body.span.end < from || body.span.start > to) continue;
    const string = scriptStringAt(parsed, body);
    if (string)
      scriptTokens(
        string,
        syntax,
        parsed.lines,
        script,
        range && { from: string.toValue(from), to: string.toValue(to) },
      );
  }
  // A long script partly in view: only its lines in the range.
  if (range) {
    const inRange = script.filter((t) => t.line >= range.start.line && t.line <= range.end.line);
    return merge(templates, inRange);
  }
  return merge(templates, script);
}

const SCRIPT_BODY = 'Octopus.Action.Script.ScriptBody';
const SCRIPT_SYNTAX = 'Octopus.Action.Script.Syntax';
/** A package step's custom deployment scripts (`Octopus.Action.CustomScripts.PreDeploy.ps1`): the syntax is the extension. */
const CUSTOM_SCRIPT = /^Octopus\.Action\.CustomScripts\.\w+\.(ps1|sh|py)$/;
const BY_EXTENSION = { ps1: 'powershell', sh: 'bash', py: 'python' } as const;

/** The scripts of a properties dictionary whose syntax is one we lex. */
function scriptsOf(properties: OclDictionary): { body: OclString; syntax: ScriptSyntax }[] {
  const found: { body: OclString; syntax: ScriptSyntax }[] = [];
  let body: OclString | undefined;
  let syntaxValue: string | undefined;
  for (const entry of properties.entries) {
    if (entry.value.kind !== 'string') continue;
    if (entry.key === SCRIPT_BODY) body = entry.value;
    else if (entry.key === SCRIPT_SYNTAX) syntaxValue = entry.value.value;
    else {
      const custom = CUSTOM_SCRIPT.exec(entry.key);
      if (custom) found.push({ body: entry.value, syntax: BY_EXTENSION[custom[1] as keyof typeof BY_EXTENSION] });
    }
  }
  const syntax = scriptSyntaxOf(syntaxValue);
  if (body && syntax) found.push({ body, syntax });
  return found;
}

/** The script's tokens in document positions, one per line piece (a heredoc's indent is not covered). */
function scriptTokens(
  string: StringAt,
  syntax: ScriptSyntax,
  lines: LineIndex,
  out: SemanticToken[],
  within?: { from: number; to: number },
): void {
  const value = string.value;
  for (const token of lexed(value, syntax)) {
    if (within && (token.end < within.from || token.start > within.to)) continue;
    let start = token.start;
    while (start < token.end) {
      let end = start;
      while (end < token.end && value[end] !== '\n' && value[end] !== '\r') end++;
      if (end > start) {
        // The end is where the next character starts (the last one may be an escape, `\"`).
        const doc = string.toDocument({ start, end });
        const a = lines.positionAt(doc.start);
        const b = lines.positionAt(end < value.length ? string.toDocument({ start: end, end }).start : doc.end);
        if (a.line === b.line && b.character > a.character)
          out.push({
            line: a.line,
            character: a.character,
            length: b.character - a.character,
            type: token.type,
            modifiers: [],
          });
      }
      start = end + 1;
    }
  }
}

/**
 * A script body's map to the document, made once per parse of the file: a long heredoc's map
 * takes far longer than lexing it, and a range request comes per scroll.
 */
const scriptStrings = new WeakMap<OclString, { parsed: ParsedOcl; string: StringAt | undefined }>();
function scriptStringAt(parsed: ParsedOcl, body: OclString): StringAt | undefined {
  const known = scriptStrings.get(body);
  if (known?.parsed === parsed) return known.string;
  const string = oclStringAt(parsed, body);
  scriptStrings.set(body, { parsed, string });
  return string;
}

/**
 * The last few scripts lexed, per syntax, by text: a range request per scroll, or a request after
 * an edit elsewhere in the file, does not lex the same script again (a 10,000-line PowerShell
 * script takes about 26 ms to lex on the project's machine; mapping the tokens in view is less).
 */
const lexedScripts = new Map<ScriptSyntax, Map<string, ScriptToken[]>>();
/** How many scripts were lexed (not found in the cache): for tests that count work. */
export const scriptLexing = { count: 0 };
function lexed(text: string, syntax: ScriptSyntax): ScriptToken[] {
  let cache = lexedScripts.get(syntax);
  if (!cache) lexedScripts.set(syntax, (cache = new Map()));
  let tokens = cache.get(text);
  if (tokens)
    cache.delete(text); // set again below: most recently used last
  else {
    scriptLexing.count++;
    tokens = lexScript(text, syntax);
    if (cache.size >= 16) cache.delete(cache.keys().next().value!);
  }
  cache.set(text, tokens);
  return tokens;
}

/** Both lists sorted into one, a script token giving way where it would overlap a template's. */
function merge(templates: readonly SemanticToken[], script: SemanticToken[]): SemanticToken[] {
  script.sort((a, b) => a.line - b.line || a.character - b.character);
  const out: SemanticToken[] = [];
  let t = 0;
  const before = (a: SemanticToken, b: SemanticToken) =>
    a.line < b.line || (a.line === b.line && a.character < b.character);
  const push = (token: SemanticToken, isTemplate: boolean) => {
    const last = out[out.length - 1];
    if (last && last.line === token.line && token.character < last.character + last.length) {
      if (!isTemplate) {
        // Trim the script token's start to after the template's end.
        const end = token.character + token.length;
        const character = last.character + last.length;
        if (end > character) out.push({ ...token, character, length: end - character });
        return;
      }
      // A template token inside a script token: the script token ends where it starts.
      last.length = token.character - last.character;
      if (last.length <= 0) out.pop();
    }
    out.push(token);
  };
  for (const s of script) {
    while (t < templates.length && before(templates[t], s)) push(templates[t++], true);
    push(s, false);
  }
  while (t < templates.length) push(templates[t++], true);
  return out;
}
