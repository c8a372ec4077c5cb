/**
 * Resources as the API sends them, kept as JSON text and keyed by the stored document's text: a
 * list that serves an unchanged document again skips parsing, presenting and serializing it,
 * which is most of the cost of `GET …/projects/all` (bench/deploymentServer.bench.ts). A changed
 * document has other stored text, so it is presented afresh; the cache is bounded.
 */
export class PresentedJson<T> {
  private readonly entries = new Map<string, { stored: string; text: string }>();
  /** How many documents were presented (not served from the cache): for tests. */
  presented = 0;

  constructor(
    private readonly present: (doc: T) => unknown,
    private readonly maxEntries = 5000,
  ) {}

  text(id: string, stored: string): string {
    const hit = this.entries.get(id);
    if (hit && hit.stored === stored) return hit.text;
    this.presented++;
    const text = JSON.stringify(this.present(JSON.parse(stored) as T));
    if (hit) this.entries.delete(id);
    else if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, { stored, text });
    return text;
  }
}

/** A JSON array of already-serialized items. */
export function jsonArray(texts: string[]): string {
  return `[${texts.join(',')}]`;
}

/** A paging envelope (api/paging.ts `collection`) whose `Items` are already-serialized texts. */
export function jsonCollection(envelope: object, texts: string[]): string {
  const head = JSON.stringify({ ...envelope, Items: undefined });
  return `${head.slice(0, -1)},"Items":${jsonArray(texts)}}`;
}
