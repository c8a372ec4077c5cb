/** The real samples grouped into the project folders they came from (see samples/MANIFEST.tsv). */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { OclFile } from '../loadOclProject';

export const SAMPLES_DIR = path.join(import.meta.dirname, 'samples');

/** Repository → the project files of its `.octopus` folder (17 files in 10 projects). */
export function sampleProjects(): Map<string, OclFile[]> {
  const projects = new Map<string, OclFile[]>();
  for (const file of readdirSync(SAMPLES_DIR).filter((f) => f.includes('__.octopus__')).sort()) {
    const [repo, rest] = file.split('__.octopus__');
    const list = projects.get(repo) ?? [];
    list.push({ path: rest.replace('__', '/'), text: readFileSync(path.join(SAMPLES_DIR, file), 'utf8') });
    projects.set(repo, list);
  }
  return projects;
}
