import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

/** The language client for the bundled Stepwise language server (dist/server.js). */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6009'] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'stepwise-process' },
      { scheme: 'untitled', language: 'stepwise-process' },
      { scheme: 'file', pattern: '**/.octopus/space.{yaml,yml}' },
      { scheme: 'file', language: 'stepwise-ocl' },
    ],
    synchronize: {
      // Saved changes to a project's other `.ocl` files re-check the open ones.
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/.octopus/space.{yaml,yml}'),
        vscode.workspace.createFileSystemWatcher('**/.octopus/**/*.ocl'),
      ],
    },
    outputChannel,
  };
  return new LanguageClient('stepwise', 'Stepwise Language Server', serverOptions, clientOptions);
}
