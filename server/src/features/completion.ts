import type {
  ClientCapabilities,
  CompletionItem,
  CompletionList,
  CompletionParams,
  MarkupContent,
  Range,
} from 'vscode-languageserver';
import {
  getCompletions,
  getOclCompletions,
  type CompletionItem as EngineItem,
  type CompletionList as EngineList,
} from '@stepwise/core/languageService';
import { sameRange } from '@stepwise/core';
import type { WorkspaceDocuments } from '../workspace/workspaceDocuments';

/** `textDocument/completion`: the engine's items (they are LSP-shaped), made smaller where the client allows. */
export function provideCompletion(
  workspace: WorkspaceDocuments,
  params: CompletionParams,
  shaper: CompletionShaper,
): CompletionList | null {
  const triggerCharacter = params.context?.triggerCharacter;
  const ocl = workspace.openOcl(params.textDocument.uri);
  // In OCL a typed space opens nothing (values follow `=`, names start lines).
  if (ocl)
    return triggerCharacter === ' '
      ? { isIncomplete: false, items: [] }
      : shaper.shape(getOclCompletions(ocl.parsed, ocl.path, ocl.document, params.position, { triggerCharacter }));
  const document = workspace.open(params.textDocument.uri);
  if (!document) return null;
  return shaper.shape(getCompletions(document, params.position, { triggerCharacter }));
}

/** How many recent lists keep their documentation for `completionItem/resolve`. */
const KEPT_LISTS = 8;

/**
 * A list of a few hundred variables with their values per environment is large (a 10,000-line
 * file gave 306 items, 177 KB), and the editor shows one item's documentation at a time. Where the
 * client can resolve items, the documentation stays here until asked for; where it takes list
 * defaults, the range every item replaces is sent once. Other clients get full items.
 */
export class CompletionShaper {
  private lazyDocumentation = false;
  private defaultEditRange = false;
  private readonly kept = new Map<number, (MarkupContent | undefined)[]>();
  private nextList = 1;

  configure(capabilities: ClientCapabilities): void {
    const completion = capabilities.textDocument?.completion;
    this.lazyDocumentation = !!completion?.completionItem?.resolveSupport?.properties.includes('documentation');
    this.defaultEditRange = !!completion?.completionList?.itemDefaults?.includes('editRange');
  }

  /** Whether the server should announce `resolveProvider`. */
  get resolves(): boolean {
    return this.lazyDocumentation;
  }

  shape(list: EngineList): CompletionList {
    const range = this.defaultEditRange ? sharedRange(list.items) : undefined;
    const lazy = this.lazyDocumentation && list.items.some((i) => i.documentation !== undefined);
    if (!range && !lazy) return list;
    const id = lazy ? this.nextList++ : 0;
    const documentation: (MarkupContent | undefined)[] = [];
    // One pass that copies the fields kept (a rest pattern per item was most of this function's time).
    const items = list.items.map((from, index) => {
      const item: CompletionItem = { label: from.label };
      if (from.kind !== undefined) item.kind = from.kind;
      if (from.detail !== undefined) item.detail = from.detail;
      if (from.sortText !== undefined) item.sortText = from.sortText;
      // With a default range, the inserted text and the filter text default to the label.
      if (from.filterText !== undefined && !(range && from.filterText === from.label))
        item.filterText = from.filterText;
      if (from.insertTextFormat !== undefined) item.insertTextFormat = from.insertTextFormat;
      if (from.insertTextMode !== undefined) item.insertTextMode = from.insertTextMode;
      if (from.preselect !== undefined) item.preselect = from.preselect;
      if (from.command !== undefined) item.command = from.command;
      if (from.textEdit !== undefined) {
        if (!range) item.textEdit = from.textEdit;
        else if (from.textEdit.newText !== from.label) item.textEditText = from.textEdit.newText;
      }
      if (from.documentation !== undefined) {
        if (lazy) {
          documentation[index] = from.documentation;
          item.data = [id, index];
        } else item.documentation = from.documentation;
      }
      return item;
    });
    if (lazy) {
      this.kept.set(id, documentation);
      if (this.kept.size > KEPT_LISTS) this.kept.delete(this.kept.keys().next().value!);
    }
    return range ? { isIncomplete: list.isIncomplete, itemDefaults: { editRange: range }, items } : { ...list, items };
  }

  resolve(item: CompletionItem): CompletionItem {
    const data = item.data as unknown;
    if (!Array.isArray(data) || typeof data[0] !== 'number' || typeof data[1] !== 'number') return item;
    const documentation = this.kept.get(data[0])?.[data[1]];
    return documentation === undefined ? item : { ...item, documentation };
  }
}

/**
 * The fields of the engine's items that {@link CompletionShaper.shape} copies: a field added to the
 * engine's items fails to compile here until it is copied there too.
 */
export const COPIED_FIELDS: Record<keyof EngineItem, true> = {
  label: true,
  kind: true,
  detail: true,
  documentation: true,
  sortText: true,
  filterText: true,
  insertTextFormat: true,
  insertTextMode: true,
  textEdit: true,
  preselect: true,
  command: true,
};

/** The range every item's plain text edit replaces, when they all replace the same one. */
function sharedRange(items: EngineItem[]): Range | undefined {
  let range: Range | undefined;
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit) return undefined;
    if (!range) range = edit.range;
    else if (!sameRange(range, edit.range)) return undefined;
  }
  return range;
}
