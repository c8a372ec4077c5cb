/**
 * The version to suggest for a project's next release: the newest one with its last number
 * raised (`1.0.3` → `1.0.4`, `2.1.0-beta.4` → `2.1.0-beta.5`); `0.0.1` for the first, as
 * Octopus's default versioning template (`#{Octopus.Version.LastMajor}.….#{Octopus.Version.NextPatch}`) gives.
 */
export function nextVersion(latest: string | undefined, taken: Iterable<string> = []): string {
  const used = new Set([...taken].map((v) => v.toLowerCase()));
  if (latest) used.add(latest.toLowerCase());
  let candidate = latest ? bump(latest) : '0.0.1';
  for (let i = 0; used.has(candidate.toLowerCase()) && i < 1000; i++) candidate = bump(candidate);
  return candidate;
}

function bump(version: string): string {
  const match = /^(.*?)(\d+)(\D*)$/.exec(version);
  if (!match) return `${version}.1`;
  const [, head, digits, tail] = match;
  const next = String(BigInt(digits) + 1n).padStart(digits.length, '0');
  return `${head}${next}${tail}`;
}
