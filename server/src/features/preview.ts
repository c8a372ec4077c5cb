import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { PreviewError, previewProcess } from '@stepwise/core/preview';
import { connectedTenants } from '@stepwise/core/model/tenants';
import { DeploymentOptionsRequest, PreviewRequest, StepwiseErrorCodes } from '../requestTypes';
import type { AnalysisCache } from '../workspace/documentAnalysis';
import { documentProject } from '../workspace/documentProject';

/**
 * `stepwise/preview`: the same JSON as `stepwise preview --format json`, for an open process file
 * or a file of an OCL project.
 * `stepwise/deploymentOptions`: the environments, channels and targets a preview can ask for.
 */
export function registerPreviewRequests(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: AnalysisCache,
): void {
  const analysisOf = (uri: string) => previewAnalysis(documents, analyses, uri);

  connection.onRequest(PreviewRequest, (params) => {
    const analysis = analysisOf(params.uri);
    try {
      return previewProcess(
        analysis.project,
        analysis.space,
        {
          environment: params.environment,
          channel: params.channel,
          releaseNumber: params.release,
          target: params.target,
          tenant: params.tenant,
          variables: params.variables,
        },
        analysis.parsed?.lines,
        params.runbook ? { runbook: params.runbook } : {},
      );
    } catch (error) {
      if (error instanceof PreviewError) throw new ResponseError(StepwiseErrorCodes.BadContext, error.message);
      throw error;
    }
  });

  connection.onRequest(DeploymentOptionsRequest, (params) => {
    const { project, space } = analysisOf(params.uri);
    const environments = space?.defines.environments
      ? space.environments.map((e) => e.name)
      : [
          ...new Set(
            project.process.steps.flatMap((s) =>
              s.actions.flatMap((a) => [...a.environments, ...a.excludedEnvironments].map((e) => e.name)),
            ),
          ),
        ];
    return {
      environments,
      channels: ['Default', ...project.channels.map((c) => c.name)],
      targets: space?.targets.map((t) => t.name) ?? [],
      tenants: connectedTenants(space, project.name).map((t) => t.name),
      prompted: project.variables
        .filter((v) => v.prompt)
        .map((v) => ({ name: v.name, label: v.prompt!.label, required: v.prompt!.required })),
    };
  });
}

/** The project and space of an open file that can be previewed; `Unreadable` when it has syntax errors. */
export function previewAnalysis(documents: TextDocuments<TextDocument>, analyses: AnalysisCache, uri: string) {
  const { analysis, format, project, hasSyntaxErrors } = documentProject(documents, analyses, uri, 'can be previewed');
  if (!project || hasSyntaxErrors) {
    throw new ResponseError(
      StepwiseErrorCodes.Unreadable,
      format === 'ocl'
        ? 'The project’s .ocl files have syntax errors; fix them to see the preview.'
        : 'The process file has YAML errors; fix them to see the preview.',
    );
  }
  return { ...analysis, project };
}
