import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { attachProblems, buildProcessMap } from '@stepwise/core/processMap/processMap';
import { ProcessMapRequest, StepwiseErrorCodes, type ProcessMapModel, type ProcessMapParams } from '../requestTypes';
import type { AnalysisCache } from '../workspace/documentAnalysis';

/**
 * `stepwise/processMap`: the map of an open process file, its problems on their steps. A file
 * with YAML errors still maps what loaded, so the map keeps up while the user types.
 */
export function registerProcessMapRequest(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: AnalysisCache,
): void {
  // By method name: vscode-languageserver carries its own copy of the protocol package, whose
  // RequestType the compiler does not take for the one the client shares with us.
  connection.onRequest(ProcessMapRequest.method, (params: ProcessMapParams): ProcessMapModel => {
    const document = documents.get(params.uri);
    if (!document)
      throw new ResponseError(StepwiseErrorCodes.NotAProcessFile, `${params.uri} is not open in the language server.`);
    const analysis = analyses.get(document);
    if (analysis.kind !== 'process')
      throw new ResponseError(
        StepwiseErrorCodes.NotAProcessFile,
        'Only process files (*.process.yaml) have a process map.',
      );
    if (!analysis.project)
      throw new ResponseError(
        StepwiseErrorCodes.Unreadable,
        'The process file cannot be read; fix its YAML errors to see the map.',
      );
    return attachProblems(
      buildProcessMap(analysis.project, analysis.space, { channel: params.channel, release: params.release }),
      analysis.diagnostics,
    );
  });
}
