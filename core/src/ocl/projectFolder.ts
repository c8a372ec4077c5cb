/**
 * Which project an `.ocl` file belongs to, from its path alone, as the CLI, the language server,
 * the extension and the local server all need to agree: the project folder is `.octopus/` or
 * `.octopus/<project>/` (runbooks in `runbooks/` below it), and the project is named after
 * `<project>`, or after the folder holding `.octopus` (the repository). Paths with `/` or `\`.
 */

/** The project folder an `.ocl` file belongs to. */
export function oclProjectFolderOf(file: string): string {
  const dir = parentOf(file);
  return baseName(dir) === 'runbooks' ? parentOf(dir) : dir;
}

/** A project's name from its folder: `.octopus/backend` → `backend`, `repo/.octopus` → `repo`. */
export function oclProjectName(folder: string): string {
  const trimmed = folder.replace(/[\\/]+$/, '');
  const base = baseName(trimmed);
  return base === '.octopus' ? baseName(parentOf(trimmed)) : base;
}

function parentOf(p: string): string {
  const at = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return at <= 0 ? p.slice(0, at + 1) || '.' : p.slice(0, at);
}

function baseName(p: string): string {
  return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
}
