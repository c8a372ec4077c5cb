/**
 * The shapes the language service answers in. They are LSP's own shapes (same field names, same
 * numeric kinds), declared here so the engine needs no LSP library: the server passes them
 * through untouched.
 */
import type { Project, Space } from '../model/types';
import type { Position, Range } from '../text';
import type { ParsedYaml } from '../yaml/parseYaml';

/** A process file as the language service sees it: one analysis of one document version. */
export interface ProcessDocument {
  kind: 'process';
  uri: string;
  parsed: ParsedYaml;
  project: Project;
  /** The space the project deploys into, when a space file (or server) provides one. */
  space: Space | undefined;
  /** The URI of the space file `space` was read from, when it came from a file. */
  spaceUri: string | undefined;
  /**
   * For one file of an OCL project: its path in the project folder. `parsed` is then that file's
   * text and lines (no YAML tree), and `project` is shared by every file of the project.
   */
  ocl?: { path: string };
}

/** A space file (`.octopus/space.yaml`). */
export interface SpaceDocument {
  kind: 'space';
  uri: string;
  parsed: ParsedYaml;
  space: Space;
}

export type ServiceDocument = ProcessDocument | SpaceDocument;

/**
 * The files a cross-file request (references, rename, workspace symbols) may look at: the
 * document asked about, the space file, and the other process files that deploy into that space.
 */
export interface ServiceWorkspace {
  documents: ServiceDocument[];
}

export interface Location {
  uri: string;
  range: Range;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** LSP's `WorkspaceEdit` in its `changes` form: edits by document URI. */
export interface WorkspaceEdit {
  changes: Record<string, TextEdit[]>;
}

export interface MarkupContent {
  kind: 'markdown' | 'plaintext';
  value: string;
}

// ── Completion ─────────────────────────────────────────────────────────────

/** LSP `CompletionItemKind` values used here. */
export const CompletionItemKind = {
  Text: 1,
  Function: 3,
  Field: 5,
  Variable: 6,
  Module: 9,
  Property: 10,
  Value: 12,
  Enum: 13,
  Keyword: 14,
  Snippet: 15,
  Reference: 18,
  Folder: 19,
  EnumMember: 20,
  Constant: 21,
  Event: 23,
  Operator: 24,
} as const;
export type CompletionItemKind = (typeof CompletionItemKind)[keyof typeof CompletionItemKind];

export const InsertTextFormat = { PlainText: 1, Snippet: 2 } as const;
export type InsertTextFormat = (typeof InsertTextFormat)[keyof typeof InsertTextFormat];

/** LSP `InsertTextMode`: `asIs` keeps our indentation of multi-line snippets exactly. */
export const InsertTextMode = { asIs: 1, adjustIndentation: 2 } as const;
export type InsertTextMode = (typeof InsertTextMode)[keyof typeof InsertTextMode];

export interface CompletionItem {
  label: string;
  kind: CompletionItemKind;
  detail?: string;
  documentation?: MarkupContent;
  sortText?: string;
  filterText?: string;
  insertTextFormat?: InsertTextFormat;
  insertTextMode?: InsertTextMode;
  textEdit: TextEdit;
  preselect?: boolean;
  /** A command the client runs after inserting, e.g. to open completion again. */
  command?: { title: string; command: string };
}

export interface CompletionList {
  isIncomplete: boolean;
  items: CompletionItem[];
}

// ── Hover ──────────────────────────────────────────────────────────────────

export interface Hover {
  contents: MarkupContent;
  range: Range;
}

// ── Symbols ────────────────────────────────────────────────────────────────

/** LSP `SymbolKind` values used here. */
export const SymbolKind = {
  File: 1,
  Module: 2,
  Namespace: 3,
  Package: 4,
  Class: 5,
  Method: 6,
  Property: 7,
  Field: 8,
  Function: 12,
  Variable: 13,
  Constant: 14,
  String: 15,
  Array: 18,
  Object: 19,
  Key: 20,
  EnumMember: 22,
  Event: 24,
} as const;
export type SymbolKind = (typeof SymbolKind)[keyof typeof SymbolKind];

export interface DocumentSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children?: DocumentSymbol[];
}

export interface SymbolInformation {
  name: string;
  kind: SymbolKind;
  location: Location;
  containerName?: string;
}

// ── Folding, links, lenses ─────────────────────────────────────────────────

export interface FoldingRange {
  startLine: number;
  endLine: number;
  kind?: 'comment' | 'imports' | 'region';
}

export interface DocumentLink {
  range: Range;
  target: string;
  tooltip?: string;
}

export interface Command {
  title: string;
  command: string;
  /** LSP 3.18; clients without it ignore it. */
  tooltip?: string;
  arguments?: unknown[];
}

export interface CodeLens {
  range: Range;
  command?: Command;
}

// ── Code actions ───────────────────────────────────────────────────────────

/** A diagnostic as the client sends it back with a code-action request (LSP's shape; `data` as the engine set it). */
export interface ContextDiagnostic {
  range: Range;
  /** LSP 3.18 allows markup. */
  message: string | { kind: string; value: string };
  code?: string | number;
  source?: string;
  severity?: unknown;
  data?: unknown;
}

export interface CodeAction<D extends ContextDiagnostic = ContextDiagnostic> {
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  diagnostics?: D[];
  isPreferred?: boolean;
  edit: WorkspaceEdit;
}

// ── Shared ─────────────────────────────────────────────────────────────────

/** A request's position in the document asked about. */
export interface TextDocumentPosition {
  document: ServiceDocument;
  position: Position;
}

/** Raised for a request the service refuses (e.g. a rename that would clash); the server answers it as an error. */
export class LanguageServiceError extends Error {}
