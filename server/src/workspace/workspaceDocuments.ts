import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { validateOclProject, validateSpace } from '@stepwise/core';
import {
  oclProcessDocument,
  type ProcessDocument,
  type ServiceDocument,
  type SpaceDocument,
} from '@stepwise/core/languageService';
import { loadProcess } from '@stepwise/core/model/loadProcess';
import { parseYaml } from '@stepwise/core/yaml/parseYaml';
import type { AnalysisCache, DocumentAnalysis } from './documentAnalysis';
import { findWorkspaceFiles, isSpaceFile } from '@stepwise/core/workspace/workspaceFiles';
import type { SpaceLocator } from './spaceLocator';
import type { OclFileAnalysis } from './oclProjects';
import { pathOf } from './uris';
import { oclProjectFolderOf, oclProjectName, readOclProjectFolder } from '../cli/oclFolders';

const MAX_FILES = 2000;
const MAX_DEPTH = 12;
const LISTING_TTL_MS = 5_000;

/**
 * The documents the language service works on: open documents through their cached analysis,
 * and — for cross-file requests (references, rename, workspace symbols) — the space file and
 * the other process files on disk, read and parsed once per modification.
 */
export class WorkspaceDocuments {
  private roots: string[] = [];
  private readonly disk = new Map<string, { key: string; document: ServiceDocument | undefined }>();
  private readonly listings = new Map<string, { at: number; files: string[] }>();
  private readonly oclDisk = new Map<string, { key: string; documents: ServiceDocument[] }>();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly analyses: AnalysisCache,
    private readonly spaces: SpaceLocator,
  ) {}

  /** The workspace folders (file paths), from `initialize`. */
  setRoots(roots: string[]): void {
    this.roots = roots;
  }

  /** The language-service document for an open document, or undefined (not ours, or unreadable). */
  open(uri: string): ServiceDocument | undefined {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const analysis = this.analyses.get(document);
    return toServiceDocument(analysis, this.spaceUriOf(analysis));
  }

  /**
   * An open `.ocl` document: its parse, its path in the project folder, and (for a project file)
   * the project as a service document for the template features. Undefined for other documents.
   */
  openOcl(uri: string): (OclFileAnalysis & { document: ProcessDocument | undefined }) | undefined {
    const textDocument = this.documents.get(uri);
    if (!textDocument) return undefined;
    const analysis = this.analyses.get(textDocument);
    if (!analysis.ocl) return undefined;
    const document = analysis.project
      ? oclProcessDocument(
          uri,
          analysis.ocl.parsed,
          analysis.project,
          analysis.space,
          this.spaceUriOf(analysis),
          analysis.ocl.path,
        )
      : undefined;
    return { ...analysis.ocl, document };
  }

  /** An open process or space file, or a file of an OCL project: what names are looked up in. */
  openNamed(uri: string): ServiceDocument | undefined {
    return this.open(uri) ?? this.openOcl(uri)?.document;
  }

  /**
   * Every file of the OCL project `document` is a file of (open editors' text, else the disk), as
   * documents sharing its model; for other documents, the document alone.
   */
  projectFiles(document: ServiceDocument): ServiceDocument[] {
    if (document.kind !== 'process' || !document.ocl) return [document];
    const textDocument = this.documents.get(document.uri);
    if (!textDocument) return [document];
    const analysis = this.analyses.get(textDocument);
    const { ocl, project } = analysis;
    if (!ocl?.validation || !project) return [document];
    const spaceUri = this.spaceUriOf(analysis);
    return ocl.validation.files.map((file) => {
      if (file.path === ocl.path) return document;
      const absolute = path.join(ocl.folder, ...file.path.split('/'));
      const open = this.documents.all().find((d) => pathOf(d.uri) === absolute);
      const uri = open?.uri ?? pathToFileURL(absolute).href;
      return oclProcessDocument(uri, file.parsed, project, analysis.space, spaceUri, file.path);
    });
  }

  /** The document (with its OCL project's other files) and the space file it deploys into: enough for go to definition. */
  withSpace(document: ServiceDocument): ServiceDocument[] {
    const spaceFile = document.kind === 'process' && document.spaceUri ? pathOf(document.spaceUri) : undefined;
    const space = spaceFile ? this.load(spaceFile) : undefined;
    const files = this.projectFiles(document);
    return space ? [...files, space] : files;
  }

  /**
   * The documents a cross-file request on `document` may touch: the other files of its OCL
   * project, the space file it deploys into (or is), and every process file under that space's
   * folder that deploys into the same space.
   */
  related(document: ServiceDocument): ServiceDocument[] {
    const spaceFile =
      document.kind === 'space' ? pathOf(document.uri) : document.spaceUri ? pathOf(document.spaceUri) : undefined;
    if (!spaceFile) return this.projectFiles(document);
    const out: ServiceDocument[] = this.projectFiles(document);
    const space = this.load(spaceFile);
    if (space && space.uri !== document.uri) out.push(space);
    const root = path.dirname(path.dirname(spaceFile));
    for (const file of this.processFiles([root])) {
      if (this.spaces.findSpaceFile(file) !== spaceFile) continue;
      const found = this.load(file);
      if (found && found.uri !== document.uri) out.push(found);
    }
    // OCL projects deploying into the space: each project's files, sharing its model.
    const own = document.kind === 'process' && document.ocl ? new Set(out.map((d) => d.uri)) : new Set<string>();
    for (const folder of this.oclFolders(root)) {
      if (this.spaces.findSpaceFile(path.join(folder, 'deployment_process.ocl')) !== spaceFile) continue;
      for (const found of this.loadOclProject(folder))
        if (found.uri !== document.uri && !own.has(found.uri)) out.push(found);
    }
    return out;
  }

  /** The OCL project folders under a root (each folder holding project files once). */
  private oclFolders(root: string): string[] {
    const key = `ocl|${root}`;
    const cached = this.listings.get(key);
    if (cached && Date.now() - cached.at < LISTING_TTL_MS) return cached.files;
    const files = findWorkspaceFiles([root], { kinds: ['ocl'], maxDepth: MAX_DEPTH, maxFiles: MAX_FILES }).files;
    const folders = [...new Set(files.map((f) => oclProjectFolderOf(f)))].sort();
    this.listings.set(key, { at: Date.now(), files: folders });
    return folders;
  }

  /**
   * The files of an OCL project folder as documents sharing one model: through an open file's
   * analysis when one is open (unsaved text wins), else read from disk and kept while no file changes.
   */
  private loadOclProject(folder: string): ServiceDocument[] {
    const open = this.documents.all().find((d) => {
      const file = pathOf(d.uri);
      return !!file && file.endsWith('.ocl') && oclProjectFolderOf(file) === folder;
    });
    const openDocument = open && this.openOcl(open.uri)?.document;
    if (openDocument) return this.projectFiles(openDocument);
    const files = readOclProjectFolder(folder);
    if (!files.length) return [];
    const spaceFile = this.spaces.findSpaceFile(path.join(folder, 'deployment_process.ocl'));
    const key = `${files.map((f) => `${f.path}:${f.text.length}:${hashOf(f.text)}`).join('|')}${spaceFile ? `:${this.spaceKey(spaceFile)}` : ''}`;
    const cached = this.oclDisk.get(folder);
    if (cached?.key === key) return cached.documents;
    const space = spaceFile ? this.spaces.load(spaceFile) : undefined;
    const validation = validateOclProject(files, { name: oclProjectName(folder), space });
    const spaceUri = spaceFile ? pathToFileURL(spaceFile).href : undefined;
    const documents = validation.files.map((file) =>
      oclProcessDocument(
        pathToFileURL(path.join(folder, ...file.path.split('/'))).href,
        file.parsed,
        validation.project,
        space,
        spaceUri,
        file.path,
      ),
    );
    this.oclDisk.set(folder, { key, documents });
    return documents;
  }

  /** Open documents and every process and space file under the workspace folders. */
  all(): ServiceDocument[] {
    const out = new Map<string, ServiceDocument>();
    for (const d of this.documents.all()) {
      const found = this.open(d.uri);
      if (found) out.set(found.uri, found);
    }
    const files = this.processFiles(this.roots, true);
    for (const file of files) {
      const uri = pathToFileURL(file).href;
      if (out.has(uri)) continue;
      const found = this.load(file);
      if (found) out.set(found.uri, found);
    }
    return [...out.values()];
  }

  /** A file as a service document: the open editor's version when open, else the file on disk. */
  load(file: string): ServiceDocument | undefined {
    const uri = pathToFileURL(file).href;
    const openDocument = this.documents.all().find((d) => pathOf(d.uri) === file);
    if (openDocument) return this.open(openDocument.uri);
    let key: string;
    try {
      const stat = statSync(file);
      key = `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return undefined;
    }
    const spaceFile = isSpaceFile(file) ? undefined : this.spaces.findSpaceFile(file);
    const spaceKey = spaceFile ? `:${this.spaceKey(spaceFile)}` : '';
    const cached = this.disk.get(file);
    if (cached?.key === key + spaceKey) return cached.document;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    let document: ServiceDocument | undefined;
    if (isSpaceFile(file)) {
      const result = validateSpace(text, uri);
      document = result.space
        ? ({ kind: 'space', uri, parsed: result.parsed, space: result.space } satisfies SpaceDocument)
        : undefined;
    } else {
      const parsed = parseYaml(text);
      const space = spaceFile ? this.spaces.load(spaceFile) : undefined;
      document = parsed.document
        ? ({
            kind: 'process',
            uri,
            parsed,
            project: loadProcess(parsed),
            space,
            spaceUri: spaceFile ? pathToFileURL(spaceFile).href : undefined,
          } satisfies ProcessDocument)
        : undefined;
    }
    this.disk.set(file, { key: key + spaceKey, document });
    return document;
  }

  private spaceKey(spaceFile: string): string {
    const open = this.documents.all().find((d) => pathOf(d.uri) === spaceFile);
    if (open) return `v${open.version}`;
    try {
      const stat = statSync(spaceFile);
      return `${stat.mtimeMs}`;
    } catch {
      return 'none';
    }
  }

  private spaceUriOf(analysis: DocumentAnalysis): string | undefined {
    return analysis.spaceFile ? pathToFileURL(analysis.spaceFile).href : undefined;
  }

  /**
   * Process (and, with `spaces`, space) files under the folders, bounded in depth and number.
   * A listing is reused for a few seconds: prepareRename and rename, or a burst of workspace
   * symbol queries, walk the folders once.
   */
  private processFiles(roots: string[], spaces = false): string[] {
    const key = `${spaces}|${roots.join('|')}`;
    const cached = this.listings.get(key);
    if (cached && Date.now() - cached.at < LISTING_TTL_MS) return cached.files;
    const out = findWorkspaceFiles(roots, {
      kinds: spaces ? ['process', 'space'] : ['process'],
      maxDepth: MAX_DEPTH,
      maxFiles: MAX_FILES,
    }).files;
    this.listings.set(key, { at: Date.now(), files: out });
    return out;
  }
}

/** An analysis as the language service's document, when it is a process or space file that parsed. */
export function toServiceDocument(analysis: DocumentAnalysis, spaceUri?: string): ServiceDocument | undefined {
  if (!analysis.parsed) return undefined;
  if (analysis.kind === 'process' && analysis.project) {
    return {
      kind: 'process',
      uri: analysis.uri,
      parsed: analysis.parsed,
      project: analysis.project,
      space: analysis.space,
      spaceUri,
    };
  }
  if (analysis.kind === 'space' && analysis.space)
    return { kind: 'space', uri: analysis.uri, parsed: analysis.parsed, space: analysis.space };
  return undefined;
}

/** A cheap fingerprint of a text (FNV-1a), so a project folder read again is not checked again. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
