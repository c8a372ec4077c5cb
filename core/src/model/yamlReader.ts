/** Small, total helpers over the `yaml` AST: wrong shapes yield `undefined`, never a throw. */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { LineIndex, Range } from '../text';
import { scalarSource } from '../yaml/scalarSource';
import type { NameRef, TemplateText } from './types';

export class YamlReader {
  constructor(
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  range(node: unknown, fallback?: Range): Range {
    const r = (node as Node | undefined)?.range;
    if (r) return this.lines.rangeOf({ start: r[0], end: r[1] });
    return fallback ?? this.lines.rangeOf({ start: 0, end: 0 });
  }

  pairs(node: unknown): Pair<Scalar, unknown>[] {
    if (!isMap(node)) return [];
    return (node as YAMLMap<Scalar, unknown>).items.filter((p) => isPair(p) && isScalar(p.key));
  }

  pair(node: unknown, key: string): Pair<Scalar, unknown> | undefined {
    if (!isMap(node)) return undefined;
    for (const item of (node as YAMLMap<unknown, unknown>).items) {
      if (isScalar(item.key) && item.key.value === key) return item as Pair<Scalar, unknown>;
    }
    return undefined;
  }

  get(node: unknown, key: string): unknown {
    return this.pair(node, key)?.value ?? undefined;
  }

  keyRange(node: unknown, key: string): Range | undefined {
    const pair = this.pair(node, key);
    return pair ? this.range(pair.key) : undefined;
  }

  /** A scalar's value as a string (numbers and booleans as written), or undefined. */
  string(node: unknown): string | undefined {
    if (!isScalar(node) || node.value === null || node.value === undefined) return undefined;
    if (typeof node.value === 'string') return node.value;
    if (typeof node.value === 'number' || typeof node.value === 'boolean' || typeof node.value === 'bigint') {
      return node.source ?? String(node.value);
    }
    return undefined;
  }

  boolean(node: unknown): boolean | undefined {
    return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
  }

  number(node: unknown): number | undefined {
    return isScalar(node) && typeof node.value === 'number' ? node.value : undefined;
  }

  nameRef(node: unknown): NameRef | undefined {
    const name = this.string(node);
    return name === undefined ? undefined : { name, range: this.range(node) };
  }

  /** A string as written with its range; an empty string counts. */
  textRef(node: unknown): { value: string; range: Range } | undefined {
    const value = this.string(node);
    return value === undefined ? undefined : { value, range: this.range(node) };
  }

  /** One name or a list of names. */
  nameList(node: unknown): NameRef[] {
    if (isSeq(node)) return node.items.map((item) => this.nameRef(item)).filter((n): n is NameRef => !!n);
    const single = this.nameRef(node);
    return single ? [single] : [];
  }

  items(node: unknown): unknown[] {
    return isSeq(node) ? node.items : [];
  }

  template(node: unknown): TemplateText | undefined {
    if (!isScalar(node)) return undefined;
    const value = this.string(node);
    if (value === undefined) return undefined;
    const source = typeof node.value === 'string' ? scalarSource(node as Scalar, this.text) : undefined;
    return { value, range: this.range(node), source };
  }
}
