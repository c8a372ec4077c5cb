import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { OctopusClient, normalizeServerUrl } from '../octopus/octopusClient';

export const DEFAULT_LOCAL_URL = 'http://127.0.0.1:8065';

export interface LocalServer {
  url: string;
  apiKey: string;
  dataFolder: string;
}

/**
 * Finds the local deployment server (`stepwise server`) and its key. Its data folder is, first
 * found: the `stepwise.localServer.dataFolder` setting, `$STEPWISE_DATA`, or a `.stepwise-data`
 * folder (or its `<workspace folder name>` subfolder) in a workspace folder or above it; the key
 * is that folder's `api-key` file. Its address
 * is the `stepwise.localServer.url` setting, `$STEPWISE_SERVER_URL`, or 127.0.0.1:8065.
 */
export function locateLocalServer(): { url: string; dataFolder: string | undefined; apiKeyFile: string | undefined } {
  const config = vscode.workspace.getConfiguration('stepwise.localServer');
  const url = normalizeServerUrl(
    config.get<string>('url')?.trim() || process.env.STEPWISE_SERVER_URL || DEFAULT_LOCAL_URL,
  );
  const candidates: string[] = [];
  const configured = config.get<string>('dataFolder')?.trim();
  const folders = vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) ?? [];
  if (configured)
    candidates.push(path.isAbsolute(configured) ? configured : path.resolve(folders[0] ?? '.', configured));
  if (process.env.STEPWISE_DATA) candidates.push(process.env.STEPWISE_DATA);
  for (const folder of folders) {
    // `stepwise server`'s default (./.stepwise-data), and npm start's (.stepwise-data/<folder name>).
    for (let dir = folder; ; dir = path.dirname(dir)) {
      candidates.push(path.join(dir, '.stepwise-data'), path.join(dir, '.stepwise-data', path.basename(folder)));
      if (path.dirname(dir) === dir) break;
    }
  }
  const dataFolder = candidates.find((dir) => existsSync(path.join(dir, 'api-key')));
  return { url, dataFolder, apiKeyFile: dataFolder && path.join(dataFolder, 'api-key') };
}

/** The local server when it answers `GET /api` within a second and a half, else undefined. */
export async function detectLocalServer(): Promise<LocalServer | undefined> {
  const { url, dataFolder, apiKeyFile } = locateLocalServer();
  if (!apiKeyFile || !dataFolder) return undefined;
  let apiKey: string;
  try {
    apiKey = readFileSync(apiKeyFile, 'utf8').trim();
  } catch {
    return undefined;
  }
  if (!apiKey) return undefined;
  try {
    await new OctopusClient({ url, timeoutMs: 1500 }).root();
    return { url, apiKey, dataFolder };
  } catch {
    return undefined;
  }
}
