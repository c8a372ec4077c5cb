/**
 * The syntax tree of an OCL file (Octopus Configuration Language, `.octopus/*.ocl`). Every node
 * keeps the span of text it came from (UTF-16 offsets into the file), so a loader or a language
 * feature can point at the exact characters; `LineIndex` turns spans into line/character ranges.
 */
import type { Span } from '../text';

export interface OclDocument {
  kind: 'document';
  children: OclElement[];
  span: Span;
}

export type OclElement = OclBlock | OclAttribute;

export interface OclLabel {
  value: string;
  span: Span;
}

export interface OclBlock {
  kind: 'block';
  name: string;
  nameSpan: Span;
  labels: OclLabel[];
  children: OclElement[];
  /** From the name to the closing brace (or to where parsing gave up). */
  span: Span;
  /** The braces' spans; `close` is undefined when the block was never closed. */
  open: Span | undefined;
  close: Span | undefined;
}

export interface OclAttribute {
  kind: 'attribute';
  name: string;
  nameSpan: Span;
  value: OclValue;
  /** From the name to the end of the value. */
  span: Span;
}

export type OclValue = OclString | OclNumber | OclBoolean | OclNull | OclArray | OclDictionary | OclInvalid;

export interface OclString {
  kind: 'string';
  value: string;
  span: Span;
  /** Set for `<<TAG` / `<<-TAG` heredocs. */
  heredoc?: { tag: string; indented: boolean };
}

export interface OclNumber {
  kind: 'number';
  /** The text as written (`-1`, `1.50`): OCL distinguishes int and decimal, and decimals keep their digits. */
  text: string;
  value: number;
  integer: boolean;
  span: Span;
}

export interface OclBoolean {
  kind: 'boolean';
  value: boolean;
  span: Span;
}

export interface OclNull {
  kind: 'null';
  span: Span;
}

export interface OclArray {
  kind: 'array';
  items: (OclString | OclNumber)[];
  span: Span;
}

export interface OclDictionaryEntry {
  key: string;
  keySpan: Span;
  /** Whether the key was written in quotes (a key with spaces or `"` must be). */
  quoted: boolean;
  value: OclValue;
  span: Span;
}

export interface OclDictionary {
  kind: 'dictionary';
  entries: OclDictionaryEntry[];
  span: Span;
}

/** A value the parser could not read; an error was reported for it. */
export interface OclInvalid {
  kind: 'invalid';
  span: Span;
}

export interface OclSyntaxError {
  message: string;
  span: Span;
}
