/** Writing YAML text: names as scalars, snippet bodies as block YAML, edits inside strings. */

/** Whether `text` can be written as a plain YAML scalar and read back as the same string. */
export function isPlainSafe(text: string, inFlow = false): boolean {
  if (text === '' || text !== text.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/^[-?:][^\s,[\]{}]/.test(text)) return false;
  if (/: |:$| #|\t|\n/.test(text)) return false;
  if (inFlow && /[,[\]{}]/.test(text)) return false;
  // Words YAML would read as something other than a string.
  if (/^(?:true|false|yes|no|on|off|null|~|y|n)$/i.test(text)) return false;
  if (
    /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$/i.test(text) ||
    /^0x[0-9a-f]+$/i.test(text) ||
    /^0o[0-7]+$/i.test(text)
  )
    return false;
  if (/^[-+]?\.(?:inf|nan)$/i.test(text)) return false;
  return true;
}

/** A name as a YAML scalar: plain when that reads back the same, else double-quoted. */
export function yamlScalar(text: string, inFlow = false): string {
  return isPlainSafe(text, inFlow) ? text : doubleQuoted(text);
}

export function doubleQuoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}"`;
}

export type ScalarStyle = 'plain' | 'double' | 'single' | 'block';

/** The style of the scalar starting at `offset` in `text`. */
export function scalarStyleAt(text: string, offset: number): ScalarStyle {
  const c = text[offset];
  if (c === '"') return 'double';
  if (c === "'") return 'single';
  if (c === '|' || c === '>') return 'block';
  return 'plain';
}

/** Text to write inside a scalar of a style so that it reads back as `text`. */
export function escapeInside(text: string, style: ScalarStyle): string {
  if (style === 'double') return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  if (style === 'single') return text.replace(/'/g, "''");
  return text;
}

/** Replacement for a whole scalar that held a name: keeps its quotes when it had them. */
export function replaceScalar(newName: string, style: ScalarStyle, inFlow: boolean): string {
  if (style === 'double') return doubleQuoted(newName);
  if (style === 'single') return `'${newName.replace(/'/g, "''")}'`;
  return yamlScalar(newName, inFlow);
}

// ── Snippet bodies (the schemas' `defaultSnippets`) as block YAML ───────────

const MULTILINE_KEYS = new Set(['script']);

/**
 * A snippet body (JSON with `${1:…}` placeholders) written as block YAML. The first line is
 * inserted at the cursor; later lines start at `column`. Strings that YAML would misread (a
 * template after a space would start a comment) are double-quoted; `script` is a block scalar.
 */
export function snippetYaml(body: unknown, column: number): string {
  const lines = objectLines(body, column);
  return lines.map((line, i) => (i === 0 ? line.trimStart() : line)).join('\n');
}

function objectLines(value: unknown, column: number): string[] {
  const pad = ' '.repeat(column);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [pad + scalarSnippet(value)];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const k = escapeSnippetText(key);
    if (Array.isArray(v)) {
      if (v.every((x) => x === null || typeof x !== 'object'))
        out.push(`${pad}${k}: [${v.map((x) => scalarSnippet(x, true)).join(', ')}]`);
      else {
        out.push(`${pad}${k}:`);
        for (const item of v) {
          const itemLines = objectLines(item, column + 4);
          out.push(`${pad}  - ${itemLines[0].trimStart()}`, ...itemLines.slice(1));
        }
      }
    } else if (v && typeof v === 'object') {
      const entries = Object.values(v as Record<string, unknown>);
      if (entries.every((x) => x === null || typeof x !== 'object') && entries.length <= 3) {
        out.push(
          `${pad}${k}: { ${Object.entries(v as Record<string, unknown>)
            .map(([ik, iv]) => `${escapeSnippetText(ik)}: ${scalarSnippet(iv, true)}`)
            .join(', ')} }`,
        );
      } else {
        out.push(`${pad}${k}:`, ...objectLines(v, column + 2));
      }
    } else if (typeof v === 'string' && MULTILINE_KEYS.has(key)) {
      out.push(`${pad}${k}: |`, `${pad}  ${escapeTemplateBraces(v)}`);
    } else {
      out.push(`${pad}${k}: ${scalarSnippet(v)}`);
    }
  }
  return out;
}

function scalarSnippet(value: unknown, inFlow = false): string {
  if (typeof value !== 'string') return String(value);
  const plainText = value
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{?\d+\}?/g, 'x');
  const escaped = escapeTemplateBraces(value);
  if (plainText.includes('#{') || !isPlainSafe(plainText, inFlow)) return `"${escaped.replace(/"/g, '\\"')}"`;
  return escaped;
}

/** In snippet syntax `}` ends a placeholder: the `}` that closes a `#{…}` inside one is escaped. */
export function escapeTemplateBraces(text: string): string {
  let out = '';
  let templates = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '#' && text[i + 1] === '{') {
      templates++;
      out += '#{';
      i++;
    } else if (c === '}' && templates > 0) {
      templates--;
      out += '\\}';
    } else out += c;
  }
  return out;
}

function escapeSnippetText(text: string): string {
  return text;
}
