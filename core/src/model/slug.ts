/**
 * Octopus's slug of a name (lower case; runs of other characters than letters and digits become
 * one `-`). OCL files refer to steps, environments, channels, feeds and pools by slug.
 */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{Nd}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** Names and their slugs, for references that may use either (`Production` or `production`). */
export function namesAndSlugs(names: readonly string[]): string[] {
  return [...new Set([...names, ...names.map(slugify).filter(Boolean)])];
}
