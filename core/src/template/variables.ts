/**
 * Variables as Octostache binds them: a case-insensitive name → value map whose names are parsed
 * into a tree (`Octopus.Action[Step A].Name` → Octopus → Action → [Step A] → Name), so templates
 * can walk paths, iterate indexed children and fall back to JSON values.
 */
import type { SymbolExpression } from './ast';
import { parseSymbolPath } from './parseTemplate';

/** One node of the variable tree (Octostache's Binding). */
export class BindingNode {
  private children?: Map<string, BindingNode>;
  private indexed?: Map<string, { key: string; node: BindingNode }>;

  constructor(public item: string | null = null) {}

  child(name: string): BindingNode | undefined {
    return this.children?.get(name.toLowerCase());
  }

  setChild(name: string, node: BindingNode): void {
    (this.children ??= new Map()).set(name.toLowerCase(), node);
  }

  index(key: string): BindingNode | undefined {
    return this.indexed?.get(key.toLowerCase())?.node;
  }

  /** Adds an indexed child if missing; an indexed node's own value defaults to its key. */
  ensureIndex(key: string): BindingNode {
    const lower = key.toLowerCase();
    const map = (this.indexed ??= new Map());
    let entry = map.get(lower);
    if (!entry) {
      entry = { key, node: new BindingNode(key) };
      map.set(lower, entry);
    }
    return entry.node;
  }

  ensureChild(name: string): BindingNode {
    let node = this.child(name);
    if (!node) {
      node = new BindingNode();
      this.setChild(name, node);
    }
    return node;
  }

  get indexCount(): number {
    return this.indexed?.size ?? 0;
  }

  /** Indexed children in insertion order. */
  indexedChildren(): BindingNode[] {
    return this.indexed ? [...this.indexed.values()].map((e) => e.node) : [];
  }

  /** Binds `name = value` into this tree; names that are not symbols are ignored. */
  bind(name: string, value: string): void {
    const symbol = variableSymbol(name);
    if (!symbol) return;
    bindPath(this, symbol, value);
  }

  /** A copy sharing this node's children (for copy-on-write overlays). */
  shallowClone(): BindingNode {
    const copy = new BindingNode(this.item);
    if (this.children) copy.children = new Map(this.children);
    if (this.indexed) copy.indexed = new Map(this.indexed);
    return copy;
  }

  /** Replaces a child or indexed entry with `node`, keeping its key as first written. */
  replaceChild(kind: 'child' | 'index', key: string, node: BindingNode): void {
    if (kind === 'child') this.setChild(key, node);
    else {
      const map = (this.indexed ??= new Map());
      const existing = map.get(key.toLowerCase());
      map.set(key.toLowerCase(), { key: existing?.key ?? key, node });
    }
  }

  static fromEntries(entries: Iterable<[string, string]>): BindingNode {
    const root = new BindingNode();
    for (const [name, value] of entries) root.bind(name, value);
    return root;
  }
}

const symbols = new Map<string, SymbolExpression | null>();

/** A variable name parsed as a symbol path; names repeat across dictionaries, so parses are kept (up to 20,000). */
function variableSymbol(name: string): SymbolExpression | null {
  let symbol = symbols.get(name);
  if (symbol === undefined) {
    symbol = parseSymbolPath(name, { prefix: true });
    if (symbols.size >= 20_000) symbols.clear();
    symbols.set(name, symbol);
  }
  return symbol;
}

function bindPath(root: BindingNode, symbol: SymbolExpression, value: string): void {
  let node = root;
  for (const segment of symbol.segments) {
    if (segment.kind === 'identifier') node = node.ensureChild(segment.name);
    else if (segment.index.kind === 'text') node = node.ensureIndex(segment.index.text);
    else return; // `Name[#{X}]` cannot be bound (Octostache throws); skip it
  }
  node.item = value;
}

/**
 * A case-insensitive variable set (the last value set for a name wins). Reuse one dictionary for
 * many evaluations: its variable tree is built once and kept until a variable changes.
 */
export class VariableDictionary {
  /** This dictionary's own entries; an overlay looks up the rest in `parent`, which it never changes. */
  private values = new Map<string, { name: string; value: string }>();
  private parent: VariableDictionary | undefined;
  private tree: BindingNode | null = null;

  constructor(
    variables?: Record<string, string | null | undefined> | Iterable<readonly [string, string | null | undefined]>,
  ) {
    if (!variables) return;
    const entries =
      Symbol.iterator in variables
        ? (variables as Iterable<readonly [string, string | null | undefined]>)
        : Object.entries(variables);
    for (const [name, value] of entries) this.set(name, value);
  }

  /** Sets a variable; a null value is stored as "" (as Octostache's binder does). */
  set(name: string, value: string | null | undefined): void {
    this.setValueOnly(name, value ?? '');
    this.tree = null;
  }

  getRaw(name: string): string | undefined {
    return this.entry(name.toLowerCase())?.value;
  }

  has(name: string): boolean {
    return this.entry(name.toLowerCase()) !== undefined;
  }

  names(): string[] {
    return this.entries().map((v) => v.name);
  }

  get size(): number {
    return this.parent ? this.entries().length : this.values.size;
  }

  private entry(lower: string): { name: string; value: string } | undefined {
    return this.values.get(lower) ?? this.parent?.entry(lower);
  }

  /** Every entry in the order first set, with the value set last (an overlay's over its parent's). */
  private entries(): { name: string; value: string }[] {
    if (!this.parent) return [...this.values.values()];
    const inherited = this.parent.entries();
    const out = inherited.map((e) => this.values.get(e.name.toLowerCase()) ?? e);
    for (const [lower, own] of this.values) if (this.parent.entry(lower) === undefined) out.push(own);
    return out;
  }

  /**
   * A dictionary with `base`'s variables plus `overrides`, sharing `base`'s values and variable
   * tree and copying only the tree paths the overrides change: cheap enough to make for every
   * place a deployment evaluates templates. Setting a variable on it never changes `base`.
   */
  static overlay(base: VariableDictionary, overrides: Iterable<readonly [string, string]>): VariableDictionary {
    const result = new VariableDictionary();
    result.parent = base;
    const root = base.binding().shallowClone();
    const fresh = new Set<BindingNode>([root]);
    for (const [name, value] of overrides) {
      result.setValueOnly(name, value);
      const symbol = variableSymbol(name);
      if (!symbol) continue;
      let node = root;
      let ok = true;
      for (const segment of symbol.segments) {
        if (segment.kind === 'index' && segment.index.kind !== 'text') {
          ok = false;
          break;
        }
        const kind = segment.kind === 'identifier' ? 'child' : 'index';
        const key = segment.kind === 'identifier' ? segment.name : (segment.index as { text: string }).text;
        const existing = kind === 'child' ? node.child(key) : node.index(key);
        let next: BindingNode;
        if (existing && fresh.has(existing)) next = existing;
        else {
          next = existing ? existing.shallowClone() : kind === 'index' ? new BindingNode(key) : new BindingNode();
          fresh.add(next);
          node.replaceChild(kind, key, next);
        }
        node = next;
      }
      if (ok) node.item = value;
    }
    result.tree = root;
    return result;
  }

  /**
   * Sets a value without touching the tree. Entries may be shared (with a parent, or with a
   * dictionary this one was copied from), so an entry is replaced, never changed in place.
   */
  private setValueOnly(name: string, value: string): void {
    const lower = name.toLowerCase();
    this.values.set(lower, { name: this.entry(lower)?.name ?? name, value });
  }

  /** The bound variable tree (built lazily, shared by evaluations until the next `set`). */
  binding(): BindingNode {
    if (!this.tree) this.tree = BindingNode.fromEntries(this.entries().map((v) => [v.name, v.value]));
    return this.tree;
  }
}
