import * as vscode from 'vscode';

const PROCESS_FILE = /\.process\.ya?ml$/i;

/** "hello-world.process.yaml" → "Hello World". */
export function projectNameFromFileName(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(PROCESS_FILE, '');
  const words = base.split(/[-_.\s]+/).filter(Boolean);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') || 'Hello World';
}

/** A minimal process file that checks clean with or without a space file (docs/process-files.md). */
export function starterProcessFile(project: string): string {
  const plain =
    /^[A-Za-z_][\w .-]*$/.test(project) &&
    !/^(true|false|null|yes|no|on|off|y|n)$/i.test(project) &&
    !/[ .]$/.test(project);
  const name = plain ? project : JSON.stringify(project);
  return [
    '# One Octopus project: its variables and its deployment process (see Stepwise docs/process-files.md).',
    `project: ${name}`,
    '',
    'variables:',
    '  Greeting: Hello',
    '',
    'steps:',
    '  - name: Say hello',
    '    type: script',
    '    syntax: bash',
    '    script: |',
    '      echo "#{Greeting} from #{Octopus.Environment.Name}"',
    '',
  ].join('\n');
}

/**
 * Stepwise: New Process File… — asks for the file's path (default `hello-world.process.yaml` in
 * the workspace folder), writes a starter process file there and opens it. `uri` skips the question.
 */
export async function newProcessFileCommand(uri?: vscode.Uri): Promise<vscode.TextEditor | undefined> {
  let target = uri;
  if (!target) {
    const folder =
      (vscode.workspace.workspaceFolders?.length ?? 0) > 1
        ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Create the process file in which folder?' })
        : vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const relative = await vscode.window.showInputBox({
        title: 'New process file',
        prompt: `Path in ${folder.name}; one process file describes one Octopus project`,
        value: 'hello-world.process.yaml',
        valueSelection: [0, 'hello-world'.length],
        ignoreFocusOut: true,
        validateInput: async (value) => {
          const v = value.trim();
          if (!v) return 'Enter a file name, e.g. hello-world.process.yaml';
          if (!PROCESS_FILE.test(v)) return 'Process files end in .process.yaml (or .process.yml).';
          if (/(^|[\\/])\.\.([\\/]|$)/.test(v) || /^([\\/]|[a-z]:)/i.test(v)) return 'Enter a path inside the folder.';
          return (await exists(vscode.Uri.joinPath(folder.uri, v)))
            ? `${v} already exists: choose another name.`
            : undefined;
        },
      });
      if (!relative) return undefined;
      target = vscode.Uri.joinPath(folder.uri, relative.trim());
    } else {
      target = await vscode.window.showSaveDialog({
        title: 'New process file',
        saveLabel: 'Create',
        filters: { 'Process files': ['process.yaml', 'process.yml'] },
      });
      if (!target) return undefined;
      if (!PROCESS_FILE.test(target.path)) target = target.with({ path: `${target.path}.process.yaml` });
    }
  }
  if (await exists(target)) {
    void vscode.window.showErrorMessage(
      `${vscode.workspace.asRelativePath(target)} already exists: Stepwise did not overwrite it.`,
    );
    return undefined;
  }
  await vscode.workspace.fs.writeFile(
    target,
    new TextEncoder().encode(starterProcessFile(projectNameFromFileName(target.path))),
  );
  return vscode.window.showTextDocument(target);
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
