import type {
  ClientCapabilities,
  CompletionItem,
  CompletionList,
  CompletionParams,
  MarkupContent,
  Range,
} from 'vscode-languageserver';
import { getCompletions, getOclCompletions } from '@stepwise/core/languageService';
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

  shape(list: CompletionList): CompletionList {
    let items = list.items;
    let itemDefaults: CompletionList['itemDefaults'];
    const range = this.defaultEditRange ? sharedRange(items) : undefined;
    if (range) {
      itemDefaults = { editRange: range };
      // Both the inserted text and the filter text default to the label: sent only where they differ.
      items = items.map(({ textEdit, filterText, ...rest }) => {
        const item: CompletionItem = filterText === rest.label ? rest : { ...rest, filterText };
        if (textEdit!.newText !== rest.label) item.textEditText = textEdit!.newText;
        return item;
      });
    }
    if (this.lazyDocumentation && items.some((i) => i.documentation !== undefined)) {
      const id = this.nextList++;
      this.kept.set(
        id,
        items.map((i) => i.documentation as MarkupContent | undefined),
      );
      if (this.kept.size > KEPT_LISTS) this.kept.delete(this.kept.keys().next().value!);
      items = items.map(({ documentation, ...rest }, index) =>
        documentation === undefined ? rest : { ...rest, data: [id, index] },
      );
    }
    return itemDefaults ? { ...list, itemDefaults, items } : { ...list, items };
  }

  resolve(item: CompletionItem): CompletionItem {
    const data = item.data as unknown;
    if (!Array.isArray(data) || typeof data[0] !== 'number' || typeof data[1] !== 'number') return item;
    const documentation = this.kept.get(data[0])?.[data[1]];
    return documentation === undefined ? item : { ...item, documentation };
  }
}

/** The range every item's plain text edit replaces, when they all replace the same one. */
function sharedRange(items: CompletionItem[]): Range | undefined {
  let range: Range | undefined;
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit)) return undefined;
    if (!range) range = edit.range;
    else if (!sameRange(range, edit.range)) return undefined;
  }
  return range;
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
