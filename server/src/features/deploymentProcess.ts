import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DeploymentProcessResource, ReferenceDataItem, VariableSetResource } from '../../../core/src/octopus/apiResources';
import { describeProcessChanges, describeVariableChanges } from '../../../core/src/octopus/describeChanges';
import { nameIds, processResource, variableSetResource } from '../../../core/src/octopus/toApiResources';
import type { AnalysisCache } from '../workspace/documentAnalysis';

/** What the client knows of the server it will push to; everything optional. */
export interface DeploymentProcessParams {
  uri: string;
  /** The server's current process and variables: their ids are kept and the result says what differs. */
  process?: DeploymentProcessResource;
  variables?: VariableSetResource;
  /** The server's ids for the names the file uses (default: the `ScopeValues` of `variables`). */
  environments?: ReferenceDataItem[];
  machines?: ReferenceDataItem[];
  channels?: ReferenceDataItem[];
  spaceId?: string;
  projectId?: string;
}

export interface DeploymentProcessResult {
  /** The `project:` of the file. */
  projectName: string;
  process: DeploymentProcessResource;
  variables: VariableSetResource;
  /** What pushing would change on the server, in words; empty when nothing. */
  processChanges: string[];
  variableChanges: string[];
}

export const DeploymentProcessErrorCodes = { NotAProcessFile: -32001, HasErrors: -32004 } as const;

/**
 * `stepwise/deploymentProcess`: an open process file as the Octopus API's DeploymentProcess and
 * project VariableSet, ready to PUT (ids and `Version` of the server's copy when given), with
 * what differs from that copy.
 */
export function registerDeploymentProcessRequest(connection: Connection, documents: TextDocuments<TextDocument>, analyses: AnalysisCache): void {
  connection.onRequest('stepwise/deploymentProcess', (params: DeploymentProcessParams): DeploymentProcessResult => {
    const document = documents.get(params.uri);
    const analysis = document && analyses.get(document);
    const validation = analysis?.kind === 'ocl' ? analysis.ocl?.validation : undefined;
    if (!analysis || !(analysis.kind === 'process' || validation) || !analysis.project) {
      throw new ResponseError(DeploymentProcessErrorCodes.NotAProcessFile, 'Only an open process file (*.process.yaml) or an OCL project file (.octopus/*.ocl) can be turned into a deployment process.');
    }
    // An OCL project is every file of its folder: an error in any of them stops the push.
    const errors = validation
      ? [...validation.diagnostics].flatMap(([file, list]) => list.filter((d) => d.severity === 'error').map((d) => ({ ...d, message: `${file}: ${d.message}` })))
      : analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length || !analysis.project.name) {
      const first = errors[0];
      throw new ResponseError(
        DeploymentProcessErrorCodes.HasErrors,
        errors.length
          ? `The process file has ${errors.length} error${errors.length === 1 ? '' : 's'} (line ${first.range.start.line + 1}: ${first.message}). Fix ${errors.length === 1 ? 'it' : 'them'} first.`
          : 'The process file names no project (`project:`).',
      );
    }
    const project = analysis.project;
    // The server's variable set lists the ids behind its scopes: enough when no lists are given.
    const known = params.variables?.ScopeValues;
    const ids = nameIds({
      environments: params.environments ?? known?.Environments,
      machines: params.machines ?? known?.Machines,
      channels: params.channels ?? known?.Channels,
    });
    const spaceId = params.process?.SpaceId ?? params.spaceId ?? 'Spaces-1';
    const projectId = params.process?.ProjectId ?? params.projectId ?? '';
    const process = processResource(project, { id: params.process?.Id ?? (projectId ? `deploymentprocess-${projectId}` : ''), spaceId, projectId, ids }, params.process);
    const variables = variableSetResource(
      project.variables,
      { id: params.variables?.Id ?? (projectId ? `variableset-${projectId}` : ''), spaceId, ownerId: projectId, ids, process },
      params.variables,
    );
    // A PUT carries the version it was based on; the server checks it and counts up itself.
    if (params.process) process.Version = params.process.Version;
    if (params.variables) variables.Version = params.variables.Version;
    return {
      projectName: project.name,
      process,
      variables,
      processChanges: describeProcessChanges(process, params.process),
      variableChanges: describeVariableChanges(variables, params.variables),
    };
  });
}
