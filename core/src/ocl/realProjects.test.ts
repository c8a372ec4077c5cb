// Real `.octopus` folders (testdata/real-projects, provenance in its README): every project loads
// with no error and no warning, and OCL → process file → OCL keeps the meaning of every file.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectToYaml } from '../model/projectToYaml';
import { loadProcess } from '../model/loadProcess';
import { validateProcess } from '../validate';
import { parseYaml } from '../yaml/parseYaml';
import type { OclElement, OclValue } from './ast';
import { isOclProjectFile, type OclFile } from './loadOclProject';
import { parseOcl } from './parseOcl';
import { projectToOcl } from './projectToOcl';
import { validateOclProject } from './validateOcl';

const ROOT = path.join(import.meta.dirname, 'testdata', 'real-projects');

/** Each project folder (`octopus/` and the sub-folders holding project files) with its files. */
function realProjects(): Map<string, OclFile[]> {
  const out = new Map<string, OclFile[]>();
  const read = (folder: string, name: string) => {
    const files: OclFile[] = [];
    const add = (relative: string) => {
      if (isOclProjectFile(relative))
        files.push({ path: relative, text: readFileSync(path.join(folder, ...relative.split('/')), 'utf8') });
    };
    for (const entry of readdirSync(folder)) {
      const full = path.join(folder, entry);
      if (statSync(full).isFile()) add(entry);
      else if (entry === 'runbooks') for (const runbook of readdirSync(full)) add(`runbooks/${runbook}`);
      else read(full, `${name}/${entry}`);
    }
    if (files.length) out.set(name, files);
  };
  for (const repo of readdirSync(ROOT).filter((f) => statSync(path.join(ROOT, f)).isDirectory()))
    read(path.join(ROOT, repo, 'octopus'), repo);
  return out;
}

const projects = realProjects();

/** A tree's meaning: attribute and dictionary key order aside, heredoc or quoted alike. */
function meaning(elements: readonly OclElement[]): unknown {
  const value = (v: OclValue): unknown =>
    v.kind === 'array'
      ? v.items.map(value)
      : v.kind === 'dictionary'
        ? Object.fromEntries(
            [...v.entries].sort((a, b) => (a.key < b.key ? -1 : 1)).map((e) => [e.key, value(e.value)]),
          )
        : v.kind === 'string' || v.kind === 'number' || v.kind === 'boolean'
          ? v.value
          : null;
  return {
    attributes: elements
      .flatMap((e) => (e.kind === 'attribute' ? [[e.name, value(e.value)] as const] : []))
      .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
    blocks: elements.flatMap((e) =>
      e.kind === 'block' ? [[e.name, e.labels.map((l) => l.value), meaning(e.children)]] : [],
    ),
  };
}

test('the real projects are all there: 5 repositories, 14 project folders, 60 files', () => {
  assert.equal(new Set([...projects.keys()].map((k) => k.split('/')[0])).size, 5);
  assert.equal(projects.size, 14);
  assert.equal([...projects.values()].flat().length, 60);
});

test('every real project loads with no error and no warning', () => {
  for (const [name, files] of projects) {
    const { diagnostics, project } = validateOclProject(files, { name });
    const found = [...diagnostics]
      .flatMap(([file, list]) => list.map((d) => ({ file, ...d })))
      .filter((d) => d.severity === 'error' || d.severity === 'warning')
      .map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}: ${d.message}`);
    assert.deepEqual(found, [], name);
    if (files.some((f) => f.path === 'deployment_process.ocl' && /^step /m.test(f.text)))
      assert.ok(project.process.steps.length > 0, `${name}: its steps are loaded`);
  }
});

test('OCL → process file → OCL keeps every block, label and attribute of every real file', () => {
  let compared = 0;
  for (const [name, files] of projects) {
    const { project } = validateOclProject(files, { name });
    const yaml = projectToYaml(project);
    assert.deepEqual(
      validateProcess(yaml).diagnostics.filter((d) => d.code.startsWith('schema-') || d.code === 'yaml-syntax'),
      [],
      `${name}: the process file written is valid`,
    );
    const written = projectToOcl(loadProcess(parseYaml(yaml)));
    for (const source of files) {
      const original = parseOcl(source.text);
      const back = written.find((w) => w.path === source.path);
      // An empty file (Octopus writes `variables.ocl` with no variables) is not written back: the same meaning.
      if (!back && original.document.children.length === 0) continue;
      assert.ok(back, `${name}/${source.path} is written back`);
      const again = parseOcl(back.text);
      assert.deepEqual(again.errors, [], `${name}/${source.path}`);
      assert.deepEqual(meaning(again.document.children), meaning(original.document.children), `${name}/${source.path}`);
      compared++;
    }
  }
  assert.ok(compared >= 50, `${compared} files compared`);
});
