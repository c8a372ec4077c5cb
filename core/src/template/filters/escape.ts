/** Escaping filters for HTML, XML, JSON, URIs, YAML and Java .properties. */
import type { TemplateFilter } from './types';

function mapChars(text: string, map: (ch: string, index: number) => string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += map(text[i], i);
  return out;
}

function entityEscaper(entities: Record<string, string>): TemplateFilter {
  return (arg, options) => (options.length || arg === null ? null : mapChars(arg, (c) => entities[c] ?? c));
}

export const htmlEscape = entityEscaper({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '/': '&#x2F;',
});
export const xmlEscape = entityEscaper({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' });
export const jsonEscape = entityEscaper({ '"': '\\"', '\r': '\\r', '\t': '\\t', '\n': '\\n', '\\': '\\\\' });

function percentEncode(text: string, keep: RegExp): string {
  let out = '';
  for (const ch of text) {
    if (ch.length === 1 && keep.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `Uri.EscapeUriString`: keeps RFC 3986 unreserved and reserved characters. */
export const uriEscape: TemplateFilter = (arg, options) =>
  options.length || arg === null ? null : percentEncode(arg, /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]/);
/** `Uri.EscapeDataString`: keeps only unreserved characters. */
export const uriDataEscape: TemplateFilter = (arg, options) =>
  options.length || arg === null ? null : percentEncode(arg, /[A-Za-z0-9\-._~]/);

export const yamlSingleQuoteEscape: TemplateFilter = (arg, options) => {
  if (arg === null || options.length) return null;
  // One newline reads as a space in single-quoted YAML, so each run of newlines gets one more.
  const lines = arg.replace(/(?:\r?\n)+/g, (run) => (run.startsWith('\r') ? '\r\n' : '\n') + run);
  return lines.replace(/'/g, "''");
};

function unicodeEscape(ch: string): string {
  return '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0');
}

export const yamlDoubleQuoteEscape: TemplateFilter = (arg, options) => {
  if (options.length || arg === null) return null;
  return mapChars(arg, (c) => {
    switch (c) {
      case '\r':
        return '\\r';
      case '\n':
        return '\\n';
      case '\t':
        return '\\t';
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      default: {
        const code = c.charCodeAt(0);
        return code >= 0x20 && code <= 0x7e ? c : unicodeEscape(c);
      }
    }
  });
};

function propertiesCommon(c: string): string {
  switch (c) {
    case '\\':
      return '\\\\';
    case '\r':
      return '\\r';
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    default:
      return c.charCodeAt(0) < 0xff ? c : unicodeEscape(c);
  }
}

export const propertiesKeyEscape: TemplateFilter = (arg, options) => {
  if (options.length || arg === null) return null;
  return mapChars(arg, (c) => (c === ' ' ? '\\ ' : c === ':' ? '\\:' : c === '=' ? '\\=' : propertiesCommon(c)));
};

export const propertiesValueEscape: TemplateFilter = (arg, options) => {
  if (options.length || arg === null) return null;
  return mapChars(arg, (c, i) => (c === ' ' && i === 0 ? '\\ ' : propertiesCommon(c)));
};
