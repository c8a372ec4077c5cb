import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeProcessChanges, describeVariableChanges } from '@stepwise/core/octopus/describeChanges';
import { nameIds, processResource, variableSetResource } from '@stepwise/core/octopus/toApiResources';
import { DeploymentProcessRequest, StepwiseErrorCodes } from '../requestTypes';
import type { AnalysisCache } from '../workspace/documentAnalysis';

/**
 * `stepwise/deploymentProcess`: an open process file as the Octopus API's DeploymentProcess and
 * project VariableSet, ready to PUT (ids and `Version` of the server's copy when given), with
 * what differs from that copy.
 */
export function registerDeploymentProcessRequest(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: AnalysisCache,
): void {
  connection.onRequest(DeploymentProcessRequest, (params) => {
    const document = documents.get(params.uri);
    const analysis = document && analyses.get(document);
    const validation = analysis?.kind === 'ocl' ? analysis.ocl?.validation : undefined;
    if (!analysis || !(analysis.kind === 'process' || validation) || !analysis.project) {
      throw new ResponseError(
        StepwiseErrorCodes.NotAProcessFile,
        'Only an open process file (*.process.yaml) or an OCL project file (.octopus/*.ocl) can be turned into a deployment process.',
      );
    }
    // An OCL project is every file of its folder: an error in any of them stops the push.
    const errors = validation
      ? [...validation.diagnostics].flatMap(([file, list]) =>
          list.filter((d) => d.severity === 'error').map((d) => ({ ...d, message: `${file}: ${d.message}` })),
        )
      : analysis.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length || !analysis.project.name) {
      const first = errors[0];
      throw new ResponseError(
        StepwiseErrorCodes.HasErrors,
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
    const process = processResource(
      project,
      { id: params.process?.Id ?? (projectId ? `deploymentprocess-${projectId}` : ''), spaceId, projectId, ids },
      params.process,
    );
    const variables = variableSetResource(
      project.variables,
      {
        id: params.variables?.Id ?? (projectId ? `variableset-${projectId}` : ''),
        spaceId,
        ownerId: projectId,
        ids,
        process,
      },
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
