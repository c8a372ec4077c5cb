import { ResponseError, type TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Project } from '@stepwise/core';
import { StepwiseErrorCodes } from '../requestTypes';
import type { AnalysisCache, DocumentAnalysis } from './documentAnalysis';

export interface DocumentProject {
  analysis: DocumentAnalysis;
  format: 'process' | 'ocl';
  /** What loaded (a process file with YAML errors may still load part of it). */
  project: Project | undefined;
  /** Whether the file (for OCL: any file of its project) has syntax errors, so the model may be incomplete. */
  hasSyntaxErrors: boolean;
}

/**
 * The project an open document stands for, for the `stepwise/*` requests: a process file's, or
 * the OCL project of an `.ocl` project file (`.octopus/deployment_process.ocl`, `variables.ocl`, …).
 * Other documents are answered `NotAProcessFile`.
 */
export function documentProject(
  documents: TextDocuments<TextDocument>,
  analyses: AnalysisCache,
  uri: string,
  what: string,
): DocumentProject {
  const document = documents.get(uri);
  if (!document)
    throw new ResponseError(StepwiseErrorCodes.NotAProcessFile, `${uri} is not open in the language server.`);
  const analysis = analyses.get(document);
  if (analysis.kind === 'process')
    return {
      analysis,
      format: 'process',
      project: analysis.project,
      hasSyntaxErrors: !analysis.project || !!analysis.parsed?.document?.errors.length,
    };
  const validation = analysis.ocl?.validation;
  if (analysis.kind === 'ocl' && validation)
    return {
      analysis,
      format: 'ocl',
      project: validation.project,
      hasSyntaxErrors: validation.files.some((f) => f.parsed.errors.length > 0),
    };
  throw new ResponseError(
    StepwiseErrorCodes.NotAProcessFile,
    `Only process files (*.process.yaml) and an Octopus project's .ocl files (.octopus/deployment_process.ocl, …) ${what}.`,
  );
}
