/**
 * Octopus service messages: lines a script prints to talk to the server, such as
 * `##octopus[setVariable name='<base64>' value='<base64>']` or `##octopus[stdout-warning]`.
 * Attribute values are base64 (UTF-8), as Calamari's helpers write them.
 */
export interface ServiceMessage {
  name: string;
  attributes: Record<string, string>;
}

const MESSAGE = /^##octopus\[([A-Za-z][\w-]*)((?:\s+[A-Za-z][\w-]*='[^']*')*)\s*\]\s*$/;
const ATTRIBUTE = /([A-Za-z][\w-]*)='([^']*)'/g;

export function parseServiceMessage(line: string): ServiceMessage | undefined {
  const match = MESSAGE.exec(line.trim());
  if (!match) return undefined;
  const attributes: Record<string, string> = {};
  for (const [, key, value] of match[2].matchAll(ATTRIBUTE)) attributes[key] = decode(value);
  return { name: match[1], attributes };
}

function decode(value: string): string {
  // Octopus's messages are base64; a plain value (hand-written) is kept as it is.
  if (/^[A-Za-z0-9+/]*={0,2}$/.test(value) && value.length % 4 === 0) {
    const text = Buffer.from(value, 'base64').toString('utf8');
    if (!text.includes('\uFFFD')) return text;
  }
  return value;
}

export function encodeServiceValue(value: string): string {
  return Buffer.from(value, 'utf8').toString('base64');
}
