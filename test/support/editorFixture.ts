// LSP tests of the editor features: a server over stdio with the editor fixture open.
import { readFileSync } from 'node:fs';
import { LspClient } from './lspClient';
import { fileUri } from './paths';
import { editorAppPath, editorDir, editorOtherPath, editorSpacePath, positionOf } from './serviceDocuments';

export const appUri = fileUri(editorAppPath);
export const otherUri = fileUri(editorOtherPath);
export const spaceUri = fileUri(editorSpacePath);
export const appText = readFileSync(editorAppPath, 'utf8');

/** A server rooted at the editor fixture, with app.process.yaml open (the space file stays closed). */
export async function startWithApp(): Promise<LspClient> {
  const client = await LspClient.start({ rootUri: fileUri(editorDir) });
  const version = await client.open(appUri, appText);
  await client.waitForDiagnostics(appUri, { version });
  return client;
}

/** `{ textDocument, position }` for the `n`-th `needle` in the client's copy of `uri`, `offset` characters in. */
export function at(client: LspClient, uri: string, needle: string, offset = 1, n = 0) {
  return { textDocument: { uri }, position: positionOf(client.text(uri), needle, offset, n) };
}
