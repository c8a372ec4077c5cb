import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { attachProblems, buildProcessMap } from '@stepwise/core/processMap/processMap';
import { ProcessMapRequest, StepwiseErrorCodes, type ProcessMapModel, type ProcessMapParams } from '../requestTypes';
import type { AnalysisCache } from '../workspace/documentAnalysis';
import { documentProject } from '../workspace/documentProject';

/**
 * `stepwise/processMap`: the map of an open process file (or OCL project file), its problems on their steps. A file
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
    const { analysis, format, project } = documentProject(documents, analyses, params.uri, 'have a process map');
    if (!project)
      throw new ResponseError(
        StepwiseErrorCodes.Unreadable,
        'The process file cannot be read; fix its YAML errors to see the map.',
      );
    // An OCL file's problems have ranges in that file: only deployment_process.ocl's are about steps.
    const problems =
      format === 'process' || analysis.ocl?.path === 'deployment_process.ocl' ? analysis.diagnostics : [];
    return attachProblems(
      buildProcessMap(project, analysis.space, {
        channel: params.channel,
        release: params.release,
        tenant: params.tenant,
        tenantPage: params.tenantPage,
      }),
      problems,
    );
  });
}
