import * as path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DocumentFormattingRequest,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SEMANTIC_TOKENS_LEGEND } from '@stepwise/core/languageService';
import { provideCodeActions } from './features/codeActions';
import { provideCodeLenses } from './features/codeLens';
import { CompletionShaper, provideCompletion } from './features/completion';
import { provideDefinition, provideDocumentHighlights, provideReferences } from './features/definition';
import { DiagnosticsFeature } from './features/diagnostics';
import { provideDocumentLinks } from './features/documentLinks';
import { provideDocumentSymbols } from './features/documentSymbols';
import { provideFoldingRanges } from './features/foldingRanges';
import { provideFormatting } from './features/formatting';
import { provideHover } from './features/hover';
import { providePrepareRename, provideRename } from './features/rename';
import { provideSemanticTokens, provideSemanticTokensRange } from './features/semanticTokens';
import { provideWorkspaceSymbols } from './features/workspaceSymbols';
import { registerDeploymentProcessRequest } from './features/deploymentProcess';
import { registerPreviewRequests } from './features/preview';
import { registerComparePreviewsRequest } from './features/comparePreviews';
import { registerConvertRequest } from './features/convert';
import { registerProcessMapRequest } from './features/processMap';
import { ProjectInputsNotifier } from './features/projectInputsChanged';
import { errorLine } from './errorLine';
import { AnalysisCache, isOclFile } from './workspace/documentAnalysis';
import { OclProjects } from './workspace/oclProjects';
import { STEPWISE_VERSION } from '@stepwise/core/version';
import { isSpaceFile } from '@stepwise/core/workspace/workspaceFiles';
import { SpaceLocator } from './workspace/spaceLocator';
import { pathOf } from './workspace/uris';
import { WorkspaceDocuments } from './workspace/workspaceDocuments';
import { ServerStepTemplatesNotification } from './requestTypes';
import { stepTemplatesFromServer } from '@stepwise/core/model/stepTemplateJson';

/** Wires the engine to an LSP connection. Every handler is guarded: bad input never ends the server. */
export function startLanguageServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const openText = (file: string): string | undefined => {
    for (const d of documents.all()) if (pathOf(d.uri) === file) return d.getText();
    return undefined;
  };
  const spaces = new SpaceLocator(openText);
  const openUnder = (folder: string): string[] =>
    documents
      .all()
      .map((d) => pathOf(d.uri))
      .filter((f): f is string => !!f && f.startsWith(folder + path.sep));
  const analyses = new AnalysisCache(spaces, new OclProjects(openText, openUnder));
  const diagnostics = new DiagnosticsFeature(connection, documents, analyses);
  const workspace = new WorkspaceDocuments(documents, analyses, spaces);

  /**
   * Runs a request handler; a failure is logged in one line and answered with `fallback`, never thrown.
   * Malformed params never get here: the connection answers them InvalidParams (transport/paramsCheck.ts).
   */
  const guard =
    <P, R>(name: string, fallback: R, handler: (params: P) => R) =>
    (params: P): R => {
      try {
        return handler(params);
      } catch (error) {
        connection.console.error(`Stepwise: ${name} failed: ${errorLine(error)}`);
        return fallback;
      }
    };

  let refreshesViews = { codeLens: false, semanticTokens: false };
  let registersFormatting = false;
  const completions = new CompletionShaper();
  connection.onInitialize((params) => {
    completions.configure(params.capabilities);
    // Formatting is for OCL only: where the client allows, it is offered on `.ocl` files alone, so
    // process files keep whichever YAML formatter the user chose.
    registersFormatting = !!params.capabilities.textDocument?.formatting?.dynamicRegistration;
    refreshesViews = {
      codeLens: !!params.capabilities.workspace?.codeLens?.refreshSupport,
      semanticTokens: !!params.capabilities.workspace?.semanticTokens?.refreshSupport,
    };
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspace.setRoots(folders.map(pathOf).filter((p): p is string => !!p));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        completionProvider: { triggerCharacters: ['{', '|', '[', '.', ' '], resolveProvider: completions.resolves },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: { label: 'Stepwise' },
        workspaceSymbolProvider: true,
        foldingRangeProvider: true,
        documentFormattingProvider: !registersFormatting,
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
        documentLinkProvider: { resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'stepwise', version: STEPWISE_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (registersFormatting) {
      void connection.client.register(DocumentFormattingRequest.type, {
        documentSelector: [{ language: 'stepwise-ocl' }, { pattern: '**/*.ocl' }],
      });
    }
  });

  const inputsChanged = new ProjectInputsNotifier(connection, documents);
  const spaceFileChanged = (changed?: string) => {
    analyses.spacesChanged();
    diagnostics.scheduleAll();
    // Lenses (where steps run) and token colours (which names are variables) depend on the space too.
    if (refreshesViews.codeLens) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    if (refreshesViews.semanticTokens) void connection.languages.semanticTokens.refresh().catch(() => undefined);
    inputsChanged.spaceChanged(changed);
  };
  // An `.ocl` file is checked with its whole project folder: an edit in one re-checks the others open.
  const oclFileChanged = (paths: string[], changed?: string) => {
    analyses.oclChanged();
    for (const d of documents.all()) if (isOclFile(d)) diagnostics.schedule(d.uri);
    inputsChanged.oclChanged(paths, changed);
  };
  documents.onDidChangeContent(({ document }) => {
    if (isSpaceFile(pathOf(document.uri) ?? '')) spaceFileChanged(document.uri);
    else if (isOclFile(document)) oclFileChanged([pathOf(document.uri) ?? ''], document.uri);
    else diagnostics.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    analyses.forget(document.uri);
    diagnostics.clear(document.uri);
    if (isOclFile(document)) oclFileChanged([pathOf(document.uri) ?? '']);
    if (isSpaceFile(pathOf(document.uri) ?? '')) spaceFileChanged();
  });
  connection.onNotification(ServerStepTemplatesNotification, (params) => {
    const templates = Array.isArray(params?.templates) ? params.templates : [];
    spaces.setServerStepTemplates(stepTemplatesFromServer(templates));
    spaceFileChanged();
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    if (changes.some((c) => isSpaceFile(pathOf(c.uri) ?? ''))) spaceFileChanged();
    const ocl = changes.map((c) => pathOf(c.uri) ?? '').filter((p) => p.endsWith('.ocl'));
    if (ocl.length) oclFileChanged(ocl);
  });
  connection.onCodeAction(guard('code actions', [], (p) => provideCodeActions(workspace, p)));
  connection.onCompletion(guard('completion', null, (p) => provideCompletion(workspace, p, completions)));
  // An item that cannot be resolved comes back as it was.
  connection.onCompletionResolve((item) => guard('completion resolve', item, () => completions.resolve(item))(item));
  connection.onHover(guard('hover', null, (p) => provideHover(workspace, p)));
  connection.onDefinition(guard('definition', null, (p) => provideDefinition(workspace, p)));
  connection.onReferences(guard('references', null, (p) => provideReferences(workspace, p)));
  connection.onDocumentHighlight(guard('highlights', null, (p) => provideDocumentHighlights(workspace, p)));
  connection.onPrepareRename(guard('prepare rename', null, (p) => providePrepareRename(workspace, p)));
  connection.onRenameRequest(guard('rename', null, (p) => provideRename(workspace, p)));
  connection.onDocumentSymbol(guard('document symbols', null, (p) => provideDocumentSymbols(workspace, p)));
  connection.onWorkspaceSymbol(guard('workspace symbols', [], (p) => provideWorkspaceSymbols(workspace, p)));
  connection.onFoldingRanges(guard('folding ranges', null, (p) => provideFoldingRanges(workspace, p)));
  connection.onDocumentFormatting(guard('formatting', null, (p) => provideFormatting(workspace, p)));
  connection.languages.semanticTokens.on(
    guard('semantic tokens', { data: [] }, (p) => provideSemanticTokens(workspace, p)),
  );
  connection.languages.semanticTokens.onRange(
    guard('semantic tokens', { data: [] }, (p) => provideSemanticTokensRange(workspace, p)),
  );
  connection.onDocumentLinks(guard('document links', null, (p) => provideDocumentLinks(workspace, p)));
  connection.onCodeLens(guard('code lenses', null, (p) => provideCodeLenses(workspace, p)));
  registerPreviewRequests(connection, documents, analyses);
  registerComparePreviewsRequest(connection, documents, analyses);
  registerProcessMapRequest(connection, documents, analyses);
  registerDeploymentProcessRequest(connection, documents, analyses);
  registerConvertRequest(connection, openText, openUnder);

  process.on('uncaughtException', (error) =>
    connection.console.error(`Stepwise: unexpected error: ${errorLine(error)}`),
  );
  documents.listen(connection);
  connection.listen();
}
