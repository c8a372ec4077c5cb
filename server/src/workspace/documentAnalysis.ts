import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  OCL_SYNTAX_CODE,
  validateProcess,
  validateSpace,
  type Diagnostic,
  type ParsedYaml,
  type Project,
  type Space,
} from '@stepwise/core';
import { pathOf } from './uris';
import { isProcessFile, isSpaceFile } from '@stepwise/core/workspace/workspaceFiles';
import type { SpaceLocator } from './spaceLocator';
import type { OclFileAnalysis, OclProjects } from './oclProjects';

/** Everything the engine knows about one version of an open document. */
export interface DocumentAnalysis {
  uri: string;
  version: number;
  kind: 'process' | 'space' | 'ocl' | 'other';
  parsed: ParsedYaml | undefined;
  /** For `.ocl` files: the file's parse and its project's validation. */
  ocl?: OclFileAnalysis;
  /** The loaded project, for process files and OCL project files. */
  project: Project | undefined;
  /** For process files: the space they deploy into (when a space file exists); for space files: their own. */
  space: Space | undefined;
  /** The space file the process file uses, if any. */
  spaceFile: string | undefined;
  diagnostics: Diagnostic[];
}

/**
 * One analysis per document version, shared by every feature: diagnostics, completion, hover…
 * never parse the same text twice. Space-file edits bump `spaceGeneration` and so invalidate
 * the process files that use it.
 */
export class AnalysisCache {
  private readonly cache = new Map<string, { key: string; analysis: DocumentAnalysis }>();
  private spaceGeneration = 0;
  /** Bumped on every change to an open `.ocl` file: its project's other files depend on it. */
  private oclGeneration = 0;

  constructor(
    private readonly spaces: SpaceLocator,
    private readonly oclProjects: OclProjects,
  ) {}

  oclChanged(): void {
    this.oclGeneration++;
  }

  spacesChanged(): void {
    this.spaceGeneration++;
    this.spaces.invalidate();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  get(document: TextDocument): DocumentAnalysis {
    const key = `${document.version}:${this.spaceGeneration}${isOclFile(document) ? `:${this.oclGeneration}` : ''}`;
    const cached = this.cache.get(document.uri);
    if (cached?.key === key) return cached.analysis;
    const analysis = this.analyze(document, cached?.analysis);
    this.cache.set(document.uri, { key, analysis });
    return analysis;
  }

  private analyze(document: TextDocument, previous: DocumentAnalysis | undefined): DocumentAnalysis {
    const { uri, version } = document;
    const file = pathOf(uri);
    const text = document.getText();
    if (file && isSpaceFile(file)) {
      const result = validateSpace(text, uri);
      return {
        uri,
        version,
        kind: 'space',
        parsed: result.parsed,
        project: undefined,
        space: result.space,
        spaceFile: file,
        diagnostics: result.diagnostics,
      };
    }
    if (file && isOclFile(document)) {
      const located = this.spaces.spaceFor(file);
      const ocl = this.oclProjects.analyze(file, text, located?.space);
      const diagnostics = ocl.validation
        ? (ocl.validation.diagnostics.get(ocl.path) ?? [])
        : ocl.parsed.errors.map((e) => ({
            severity: 'error' as const,
            code: OCL_SYNTAX_CODE as Diagnostic['code'],
            message: e.message,
            range: ocl.parsed.lines.rangeOf(e.span),
          }));
      return {
        uri,
        version,
        kind: 'ocl',
        parsed: undefined,
        ocl,
        project: ocl.validation?.project,
        space: located?.space,
        spaceFile: located?.file,
        diagnostics,
      };
    }
    if (file && !isProcessFile(file) && document.languageId !== 'stepwise-process') {
      return {
        uri,
        version,
        kind: 'other',
        parsed: undefined,
        project: undefined,
        space: undefined,
        spaceFile: undefined,
        diagnostics: [],
      };
    }
    const located = file ? this.spaces.spaceFor(file) : undefined;
    // The previous version's parse is handed over: an edit inside a script updates it instead of re-parsing.
    const result = validateProcess(text, {
      space: located?.space,
      previous: previous?.kind === 'process' ? previous.parsed : undefined,
    });
    return {
      uri,
      version,
      kind: 'process',
      parsed: result.parsed,
      project: result.project,
      space: located?.space,
      spaceFile: located?.file,
      diagnostics: result.diagnostics,
    };
  }
}

/** Whether a document is an OCL file (by name, or by the language the editor gave it). */
export function isOclFile(document: { uri: string; languageId: string }): boolean {
  return document.languageId === 'stepwise-ocl' || (pathOf(document.uri) ?? '').endsWith('.ocl');
}
