import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('Stepwise', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'stepwise-process' },
      { scheme: 'untitled', language: 'stepwise-process' },
      { scheme: 'file', pattern: '**/.octopus/space.{yaml,yml}' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.octopus/space.{yaml,yml}'),
    },
    outputChannel,
  };
  client = new LanguageClient('stepwise', 'Stepwise Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('stepwise.restartServer', async () => {
      await client?.restart();
      vscode.window.setStatusBarMessage('$(check) Stepwise language server restarted', 3000);
    }),
    vscode.commands.registerCommand('stepwise.showOutput', () => outputChannel.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
