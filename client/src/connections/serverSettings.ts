import * as vscode from 'vscode';

/** One entry of the `stepwise.servers` setting. The API key is never here: it is in SecretStorage. */
export interface ServerEntry {
  name: string;
  url: string;
  /** Space name (or id); empty: the server's default space. */
  space?: string;
}

export function readServerEntries(): ServerEntry[] {
  const raw = vscode.workspace.getConfiguration('stepwise').get<unknown[]>('servers') ?? [];
  return raw
    .filter(
      (e): e is ServerEntry =>
        !!e && typeof e === 'object' && typeof (e as ServerEntry).url === 'string' && !!(e as ServerEntry).url.trim(),
    )
    .map((e) => ({
      name: typeof e.name === 'string' && e.name.trim() ? e.name.trim() : e.url,
      url: e.url.trim(),
      space: typeof e.space === 'string' && e.space.trim() ? e.space.trim() : undefined,
    }));
}

/** Writes the list to the user settings, where a server belongs (not to one workspace). */
export async function writeServerEntries(entries: ServerEntry[]): Promise<void> {
  const clean = entries.map((e) =>
    e.space ? { name: e.name, url: e.url, space: e.space } : { name: e.name, url: e.url },
  );
  await vscode.workspace.getConfiguration('stepwise').update('servers', clean, vscode.ConfigurationTarget.Global);
}
