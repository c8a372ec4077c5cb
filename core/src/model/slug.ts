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

/**
 * A step's or action's slug as Octopus knows it: the one written (OCL label, YAML `slug:`), else
 * the one Octopus derives from its name when it creates it. References may use it
 * (`#{Octopus.Action[deploy-web].Output.Url}`), as current Octopus writes them.
 */
export function slugOf(thing: { name: string; slug?: { value: string } }): string {
  return thing.slug?.value || slugify(thing.name);
}
