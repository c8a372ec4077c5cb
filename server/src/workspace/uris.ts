import { fileURLToPath } from 'node:url';

/** The file path of a `file:` URI, or undefined for other schemes (untitled, remote). */
export function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
