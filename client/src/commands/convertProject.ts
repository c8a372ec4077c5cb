import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ConvertRequest, type ConvertResult } from '@stepwise/server/requestTypes';

export type ConvertTarget = 'ocl' | 'yaml';

/**
 * "Stepwise: Convert to OCL" (a process file → `.octopus/*.ocl` beside it) and "Stepwise: Convert
 * to Process YAML" (an `.ocl` file or `.octopus` folder → `<project>.process.yaml` beside
 * `.octopus`). The language server converts (core's converter, open editors' text); this writes
 * the files, asking before it overwrites any, and opens the main one. `confirm` answers the
 * overwrite question for tests; it returns the editor shown, or undefined when nothing was written.
 */
export async function convertProjectCommand(
  client: LanguageClient,
  to: ConvertTarget,
  uri?: vscode.Uri,
  confirm: (existing: vscode.Uri[]) => Promise<boolean> = askToOverwrite,
): Promise<vscode.TextEditor | undefined> {
  const source = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!source || source.scheme !== 'file' || !accepts(to, source)) {
    void vscode.window.showWarningMessage(
      to === 'ocl'
        ? 'Open or select a process file (*.process.yaml) to convert it to OCL.'
        : 'Open or select an Octopus OCL file (.octopus/*.ocl) or an .octopus folder to convert it to a process file.',
    );
    return undefined;
  }
  let result: ConvertResult;
  try {
    result = await client.sendRequest(ConvertRequest, { uri: source.toString(), to });
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Could not convert ${vscode.workspace.asRelativePath(source)}: ${(error as Error).message}`,
    );
    return undefined;
  }
  const files = result.files.map((f) => ({ uri: vscode.Uri.file(f.path), text: f.text }));
  const existing: vscode.Uri[] = [];
  for (const f of files) if (await exists(f.uri)) existing.push(f.uri);
  if (existing.length && !(await confirm(existing))) return undefined;
  for (const f of files) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(f.uri, '..'));
    await vscode.workspace.fs.writeFile(f.uri, new TextEncoder().encode(f.text));
  }
  const written = files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ');
  void vscode.window.showInformationMessage(`Wrote ${written}.${result.notes.map((n) => ` ${n}`).join('')}`);
  return vscode.window.showTextDocument(vscode.Uri.file(result.open), { preview: false });
}

/** A process file converts to OCL; anything else to YAML (an `.ocl` file or a folder: the server says when it holds no OCL project). */
function accepts(to: ConvertTarget, uri: vscode.Uri): boolean {
  return /\.process\.ya?ml$/i.test(uri.path) === (to === 'ocl');
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function askToOverwrite(existing: vscode.Uri[]): Promise<boolean> {
  const names = existing.map((u) => vscode.workspace.asRelativePath(u)).join(', ');
  const chosen = await vscode.window.showWarningMessage(
    `${names} already ${existing.length === 1 ? 'exists' : 'exist'}. Overwrite?`,
    { modal: true, detail: 'The converted project replaces their content.' },
    'Overwrite',
  );
  return chosen === 'Overwrite';
}
