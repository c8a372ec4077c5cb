/**
 * Writes OCL as Octopus's OclWriter does (OctopusDeploy/Ocl `source/Ocl/OclWriter.cs`): 4-space
 * indent; `name = value`; a blank line before a block that follows an attribute (unless it is its
 * parent's first child) and before anything that follows a block; empty blocks as `name {}`;
 * strings holding a newline as `<<-EOT` heredocs indented two levels past the attribute, with the
 * end tag at the same indent; dictionary keys sorted, quoted when they hold `"` or whitespace;
 * names with other characters than letters, digits, `_` and `-` get `_` in their place.
 *
 * `legacy` reproduces files written before August 2022 (Ocl 5d1e807 "Write fewer newlines"):
 * a blank line before every block, empty blocks over two lines, and (before January 2023,
 * 2abf077) the heredoc end tag one level left of its content.
 *
 * The input is a plain tree (`OclNode`), the shape of the Ocl test vectors, so a model can be
 * written without inventing source spans; `toOclNode` turns a parsed tree into one.
 */
import type { OclElement, OclValue } from './ast';

export type OclNodeValue =
  | null
  | boolean
  | string
  | { int: number }
  | { decimal: string }
  | { heredoc: string; indented: boolean; tag: string }
  | OclNodeValue[]
  | { dict: Record<string, OclNodeValue> };

export interface OclAttributeNode {
  type: 'attribute';
  name: string;
  value: OclNodeValue;
}

export interface OclBlockNode {
  type: 'block';
  name: string;
  labels: string[];
  children: OclNode[];
}

export type OclNode = OclAttributeNode | OclBlockNode;

export interface OclWriteOptions {
  /** Files written before August 2022 (see the module header). */
  legacy?: boolean;
}

const INDENT = '    ';

export function writeOcl(nodes: readonly OclNode[], options: OclWriteOptions = {}): string {
  const writer = new Writer(options);
  for (const node of nodes) writer.node(node);
  return writer.out.join('');
}

class Writer {
  readonly out: string[] = [];
  private indent = 0;
  private isFirstLine = true;
  private isFirstChildInBlock = false;
  private lastWrittenWasBlock = false;

  constructor(private readonly options: OclWriteOptions) {}

  node(node: OclNode): void {
    if (node.type === 'attribute') this.attribute(node);
    else this.block(node);
  }

  private attribute(node: OclAttributeNode): void {
    this.nextLine();
    this.writeIndent();
    this.identifier(node.name);
    this.out.push(' = ');
    this.value(node.value);
  }

  private block(node: OclBlockNode): void {
    const blankBefore = this.options.legacy
      ? !this.lastWrittenWasBlock
      : !this.isFirstChildInBlock && !this.lastWrittenWasBlock;
    if (!this.isFirstLine && blankBefore) this.out.push('\n');
    this.nextLine();
    this.writeIndent();
    this.identifier(node.name);
    for (const label of node.labels) this.out.push(' ', singleLine(label));
    this.out.push(' {');
    if (node.children.length) {
      this.indent++;
      this.isFirstChildInBlock = true;
      for (const child of node.children) {
        this.node(child);
        this.isFirstChildInBlock = false;
      }
      this.indent--;
      this.out.push('\n');
      this.writeIndent();
    } else if (this.options.legacy) {
      this.out.push('\n');
      this.writeIndent();
    }
    this.out.push('}');
    this.lastWrittenWasBlock = true;
  }

  private nextLine(): void {
    if (!this.isFirstLine) this.out.push('\n');
    if (this.lastWrittenWasBlock) this.out.push('\n');
    this.isFirstLine = false;
    this.lastWrittenWasBlock = false;
  }

  private writeIndent(extra = 0): void {
    this.out.push(INDENT.repeat(this.indent + extra));
  }

  private identifier(name: string): void {
    let out = /^[0-9]/.test(name) ? '_' : '';
    for (const ch of name) out += /^[\p{L}\p{Nd}_-]$/u.test(ch) ? ch : '_';
    this.out.push(out || '_');
  }

  private value(value: OclNodeValue): void {
    if (value === null) this.out.push('null');
    else if (typeof value === 'boolean') this.out.push(value ? 'true' : 'false');
    else if (typeof value === 'string') {
      if (value.includes('\n')) this.heredoc(value, true, heredocTag(value));
      else this.out.push(singleLine(value));
    } else if (Array.isArray(value)) {
      this.out.push('[');
      value.forEach((item, i) => {
        if (i > 0) this.out.push(', ');
        // A heredoc cannot stand in an array (OclWriter would write one, which no parser reads): escape instead.
        if (typeof item === 'string') this.out.push(singleLine(item));
        else this.value(item);
      });
      this.out.push(']');
    } else if ('int' in value) this.out.push(String(value.int));
    else if ('decimal' in value) this.out.push(value.decimal);
    else if ('heredoc' in value) this.heredoc(value.heredoc, value.indented, value.tag);
    else this.dictionary(value.dict);
  }

  private heredoc(text: string, indented: boolean, tag: string): void {
    this.out.push(indented ? '<<-' : '<<', tag, '\n');
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      if (i > 0) this.out.push('\n');
      if (indented) this.writeIndent(2);
      this.out.push(line);
    });
    this.out.push('\n');
    if (indented) this.writeIndent(this.options.legacy ? 1 : 2);
    this.out.push(tag);
  }

  private dictionary(dict: Record<string, OclNodeValue>): void {
    this.out.push('{\n');
    for (const key of Object.keys(dict).sort(compareDictionaryKeys)) {
      this.writeIndent(1);
      this.out.push(/["\s]/.test(key) ? singleLine(key) : key, ' = ');
      this.value(dict[key]);
      this.out.push('\n');
    }
    this.writeIndent();
    this.out.push('}');
  }
}

// OclWriter sorts with LINQ's OrderBy, whose default comparer is culture-aware (.NET on ICU):
// case is secondary (`environments` sorts before `Octopus.Action…`, as real files show).
const KEY_COLLATOR = new Intl.Collator('en', { sensitivity: 'variant' });

/** Octopus's order of dictionary keys; ordinal order breaks ties the collator leaves. */
export function compareDictionaryKeys(a: string, b: string): number {
  return KEY_COLLATOR.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** `EOT`, as Octopus writes, unless a line of the text would end the heredoc early (then `EOT1`, …). */
function heredocTag(text: string): string {
  const lines = new Set(text.split('\n').map((line) => line.trim()));
  let tag = 'EOT';
  for (let n = 1; [...lines].some((line) => line.startsWith(tag)); n++) tag = `EOT${n}`;
  return tag;
}

function singleLine(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/"/g, '\\"')}"`;
}

/** A parsed tree as writer input, keeping heredocs as heredocs (tag and style included). */
export function toOclNode(element: OclElement): OclNode {
  return element.kind === 'attribute'
    ? { type: 'attribute', name: element.name, value: toOclNodeValue(element.value) }
    : {
        type: 'block',
        name: element.name,
        labels: element.labels.map((l) => l.value),
        children: element.children.map(toOclNode),
      };
}

export function toOclNodeValue(value: OclValue): OclNodeValue {
  switch (value.kind) {
    case 'string':
      return value.heredoc
        ? { heredoc: value.value, indented: value.heredoc.indented, tag: value.heredoc.tag }
        : value.value;
    case 'number':
      return value.integer ? { int: value.value } : { decimal: value.text };
    case 'boolean':
      return value.value;
    case 'null':
    case 'invalid':
      return null;
    case 'array':
      return value.items.map(toOclNodeValue);
    case 'dictionary':
      return { dict: Object.fromEntries(value.entries.map((e) => [e.key, toOclNodeValue(e.value)])) };
  }
}
