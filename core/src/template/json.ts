/**
 * Lenient JSON as Newtonsoft's JsonConvert.DeserializeObject reads it (unquoted property names,
 * single quotes, comments, NaN/Infinity), with its rendering rules: scalars via Value<string>()
 * and objects/arrays re-serialised compactly.
 */
import { formatDouble } from './dotnet/number';

export type JsonValue =
  | { t: 'null' }
  | { t: 'bool'; v: boolean }
  | { t: 'int'; text: string }
  | { t: 'float'; v: number }
  | { t: 'string'; v: string }
  | { t: 'array'; items: JsonValue[] }
  | { t: 'object'; props: Map<string, JsonValue> };

const MAX_JSON_DEPTH = 64;

/** Parses a whole JSON document, or returns undefined when Newtonsoft would throw (or read nothing). */
export function parseLenientJson(text: string): JsonValue | undefined {
  const reader = new Reader(text);
  try {
    reader.skip();
    if (reader.done()) return undefined;
    const value = reader.value(0);
    reader.skip();
    if (!reader.done()) return undefined;
    return value;
  } catch (e) {
    if (e instanceof JsonError) return undefined;
    throw e;
  }
}

/** Not an Error: most values are not JSON, and capturing a stack trace per attempt is costly. */
class JsonError {}

class Reader {
  private pos = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  skip(): void {
    const t = this.text;
    for (;;) {
      while (this.pos < t.length && /\s/.test(t[this.pos])) this.pos++;
      if (t.startsWith('//', this.pos)) {
        while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      } else if (t.startsWith('/*', this.pos)) {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) throw new JsonError();
        this.pos = end + 2;
      } else return;
    }
  }

  value(depth: number): JsonValue {
    if (depth > MAX_JSON_DEPTH) throw new JsonError();
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"' || c === "'") return { t: 'string', v: this.string() };
    const number = /^[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)/.exec(
      t.slice(this.pos, this.pos + 400),
    );
    if (number) {
      this.pos += number[0].length;
      const text = number[0];
      if (/[.eE]/.test(text)) return { t: 'float', v: Number(text) };
      return { t: 'int', text: BigInt(text).toString() };
    }
    for (const [word, value] of [
      ['true', { t: 'bool', v: true }],
      ['false', { t: 'bool', v: false }],
      ['null', { t: 'null' }],
      ['undefined', { t: 'null' }],
      ['NaN', { t: 'float', v: NaN }],
      ['Infinity', { t: 'float', v: Infinity }],
      ['-Infinity', { t: 'float', v: -Infinity }],
    ] as const) {
      if (t.startsWith(word, this.pos) && !/[\w$]/.test(t[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return value as JsonValue;
      }
    }
    throw new JsonError();
  }

  private string(): string {
    const t = this.text;
    const quote = t[this.pos++];
    let out = '';
    while (this.pos < t.length) {
      const c = t[this.pos++];
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = t[this.pos++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new JsonError();
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        case undefined:
          throw new JsonError();
        default:
          out += e;
      }
    }
    throw new JsonError();
  }

  private propertyName(): string {
    const t = this.text;
    if (t[this.pos] === '"' || t[this.pos] === "'") return this.string();
    const start = this.pos;
    while (this.pos < t.length && !/[\s:]/.test(t[this.pos])) {
      if (!/[\p{L}\p{Nd}_$@\-.]/u.test(t[this.pos])) throw new JsonError();
      this.pos++;
    }
    if (this.pos === start) throw new JsonError();
    return t.slice(start, this.pos);
  }

  private object(depth: number): JsonValue {
    this.pos++;
    const props = new Map<string, JsonValue>();
    this.skip();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { t: 'object', props };
    }
    for (;;) {
      this.skip();
      const name = this.propertyName();
      this.skip();
      if (this.text[this.pos] !== ':') throw new JsonError();
      this.pos++;
      this.skip();
      props.set(name, this.value(depth + 1));
      this.skip();
      const c = this.text[this.pos++];
      if (c === '}') return { t: 'object', props };
      if (c !== ',') throw new JsonError();
      this.skip();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return { t: 'object', props };
      }
    }
  }

  private array(depth: number): JsonValue {
    this.pos++;
    const items: JsonValue[] = [];
    this.skip();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { t: 'array', items };
    }
    for (;;) {
      this.skip();
      items.push(this.value(depth + 1));
      this.skip();
      const c = this.text[this.pos++];
      if (c === ']') return { t: 'array', items };
      if (c !== ',') throw new JsonError();
      this.skip();
      if (this.text[this.pos] === ']') {
        this.pos++;
        return { t: 'array', items };
      }
    }
  }
}

/** Newtonsoft `JValue.Value<string>()`: null for JSON null. */
export function jsonScalarText(value: JsonValue): string | null {
  switch (value.t) {
    case 'null':
      return null;
    case 'bool':
      return value.v ? 'True' : 'False';
    case 'int':
      return value.text;
    case 'float':
      return Number.isFinite(value.v)
        ? formatDouble(value.v)
        : Number.isNaN(value.v)
          ? 'NaN'
          : value.v > 0
            ? 'Infinity'
            : '-Infinity';
    case 'string':
      return value.v;
    default:
      return serializeJson(value);
  }
}

/** Newtonsoft `JsonConvert.SerializeObject(token)` with default (compact) settings. */
export function serializeJson(value: JsonValue): string {
  switch (value.t) {
    case 'null':
      return 'null';
    case 'bool':
      return value.v ? 'true' : 'false';
    case 'int':
      return value.text;
    case 'float': {
      if (!Number.isFinite(value.v)) return Number.isNaN(value.v) ? 'NaN' : value.v > 0 ? 'Infinity' : '-Infinity';
      const text = formatDouble(value.v);
      return /[.E]/.test(text) ? text : text + '.0';
    }
    case 'string':
      return quoteJson(value.v);
    case 'array':
      return '[' + value.items.map(serializeJson).join(',') + ']';
    case 'object':
      return '{' + [...value.props].map(([k, v]) => quoteJson(k) + ':' + serializeJson(v)).join(',') + '}';
  }
}

function quoteJson(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (c === '"') out += '\\"';
    else if (c === '\\') out += '\\\\';
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (c === '\b') out += '\\b';
    else if (c === '\f') out += '\\f';
    else if (code < 0x20 || code === 0x85 || code === 0x2028 || code === 0x2029)
      out += '\\u' + code.toString(16).padStart(4, '0');
    else out += c;
  }
  return out + '"';
}
