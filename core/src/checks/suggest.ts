import { distance } from 'fastest-levenshtein';

/**
 * The candidates closest to `name` (case-insensitively), close enough to be a plausible typo:
 * 1 edit for names of up to 3 characters, else a third of the length (at least 2, at most 4).
 */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = name.toLowerCase();
  const limit = name.length <= 3 ? 1 : Math.min(4, Math.max(2, Math.floor(name.length / 3)));
  const scored: { candidate: string; score: number }[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = candidate.toLowerCase();
    if (seen.has(key) || key === lower) continue;
    seen.add(key);
    const score = distance(lower, key);
    if (score <= limit) scored.push({ candidate, score });
  }
  scored.sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, max).map((s) => s.candidate);
}

/** " Did you mean `X`?" or "" — appended to messages about unknown names. */
export function didYouMean(suggestions: string[]): string {
  if (suggestions.length === 0) return '';
  if (suggestions.length === 1) return ` Did you mean \`${suggestions[0]}\`?`;
  return ` Did you mean ${suggestions
    .slice(0, -1)
    .map((s) => `\`${s}\``)
    .join(', ')} or \`${suggestions[suggestions.length - 1]}\`?`;
}
