/**
 * The language service: pure functions from one analysed document (and, for cross-file
 * requests, the documents around it) and a position to plain data in LSP's shapes. One module
 * per feature; `yamlPath`, `cursorContext`, `stringOffsets` and `template/cursor` answer "what is at this offset" for all of them.
 */
export * from './types';
export { getCompletions, type CompletionOptions } from './completion';
export { getHover, type HoverOptions } from './hover';
export { getDefinition, getReferences, getDocumentHighlights, type DocumentHighlight } from './definition';
export { prepareRename, rename, type PrepareRenameResult } from './rename';
export { getDocumentSymbols } from './documentSymbols';
export { getWorkspaceSymbols } from './workspaceSymbols';
export { getFoldingRanges } from './foldingRanges';
export { getOclDocumentSymbols } from './oclDocumentSymbols';
export { getOclFoldingRanges } from './oclFoldingRanges';
export { formatOcl } from './oclFormatting';
export { getSemanticTokens, encodeSemanticTokens, SEMANTIC_TOKENS_LEGEND, type SemanticToken } from './semanticTokens';
export { getDocumentLinks, type DocumentLinkOptions } from './documentLinks';
export { getCodeActions } from './codeActions';
export { ASK_FOR_TENANT, getCodeLenses, lifecycleEnvironments, MAX_TENANT_LENSES, PREVIEW_COMMAND } from './codeLens';
export { valuesByEnvironment, type EnvironmentValue } from './valuesByEnvironment';
export { getOclHover } from './oclHover';
export { getOclCompletions } from './oclCompletion';
export { getOclSemanticTokens } from './oclSemanticTokens';
export { FILTER_DOCS, TEMPLATE_KEYWORD_DOCS, type FilterDoc, type KeywordDoc } from './filterCatalog';
export { oclProcessDocument } from './oclContext';
