import { existsSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { readSpace, type Space, type StepTemplate } from '@stepwise/core';
import { withServerStepTemplates } from '@stepwise/core/model/stepTemplateJson';
import { nearestSpaceFile } from '@stepwise/core/workspace/workspaceFiles';

/**
 * Finds the space a process file deploys into: the nearest `.octopus/space.yaml` up the tree.
 * Used by the CLI and the language server alike; the server passes the text of open editors
 * through `readOverride` so unsaved edits to the space file count.
 */
export class SpaceLocator {
  private readonly parsed = new Map<string, { key: string; space: Space | undefined }>();
  private readonly lookups = new Map<string, string | undefined>();
  /** Step templates of the connected Octopus server (its `/actiontemplates`), added to every space file's. */
  private serverTemplates: readonly StepTemplate[] = [];
  private serverGeneration = 0;

  constructor(private readonly readOverride: (file: string) => string | undefined = () => undefined) {}

  /** The space file for a process file, or undefined when there is none up the tree. */
  findSpaceFile(processFile: string): string | undefined {
    const dir = path.dirname(path.resolve(processFile));
    if (this.lookups.has(dir)) return this.lookups.get(dir);
    const found = nearestSpaceFile(
      processFile,
      (candidate) => this.readOverride(candidate) !== undefined || existsSync(candidate),
    );
    this.lookups.set(dir, found);
    return found;
  }

  spaceFor(processFile: string): { file: string; space: Space | undefined } | undefined {
    const file = this.findSpaceFile(processFile);
    return file ? { file, space: this.load(file) } : undefined;
  }

  /** The connected server's step templates (none when no server is connected). */
  setServerStepTemplates(templates: readonly StepTemplate[]): void {
    this.serverTemplates = templates;
    this.serverGeneration++;
  }

  /** Loads (and caches, by content or modification time) the space in a file. */
  load(file: string): Space | undefined {
    const override = this.readOverride(file);
    let key: string;
    let text: string | undefined = override;
    if (override !== undefined) key = `text:${override.length}:${hash(override)}`;
    else {
      try {
        const stat = statSync(file);
        key = `mtime:${stat.mtimeMs}:${stat.size}`;
      } catch {
        return undefined;
      }
    }
    key += `|server:${this.serverGeneration}`;
    const cached = this.parsed.get(file);
    if (cached?.key === key) return cached.space;
    try {
      text ??= readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
    const read = readSpace(text, file);
    const space = read && withServerStepTemplates(read, this.serverTemplates);
    this.parsed.set(file, { key, space });
    return space;
  }

  /** Forget lookups after files were created or deleted. */
  invalidate(): void {
    this.lookups.clear();
  }
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
