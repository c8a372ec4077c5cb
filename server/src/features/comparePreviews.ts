import { ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { PreviewError, previewDifferences, previewProcess, sideLabel } from '@stepwise/core/preview';
import { ComparePreviewsRequest, StepwiseErrorCodes, type PreviewSide } from '../requestTypes';
import type { AnalysisCache } from '../workspace/documentAnalysis';
import { previewAnalysis } from './preview';

/** `stepwise/comparePreviews`: two previews of an open process (environments, or tenants) and what differs. */
export function registerComparePreviewsRequest(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: AnalysisCache,
): void {
  connection.onRequest(ComparePreviewsRequest, (params) => {
    const { project, space, parsed } = previewAnalysis(documents, analyses, params.uri);
    const preview = (side: PreviewSide) => {
      try {
        return previewProcess(project, space, { ...side, variables: params.variables }, parsed?.lines);
      } catch (error) {
        if (error instanceof PreviewError)
          throw new ResponseError(StepwiseErrorCodes.BadContext, `${sideLabel(side)}: ${error.message}`);
        throw error;
      }
    };
    const left = preview(params.left);
    const right = preview(params.right);
    return { left, right, differences: previewDifferences(left, right) };
  });
}
