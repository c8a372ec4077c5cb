// Definition, references and rename across the files of a real OCL project (OctopusSamples/OctopusBuilds:
// variables.ocl refers to steps of deployment_process.ocl by name; the steps have slugs as labels).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, positionOf } from '../../../test/support/serviceDocuments';
import { loadOclProject } from '../ocl/loadOclProject';
import { sampleProjects } from '../ocl/testdata/projects';
import { getDefinition, getReferences } from './definition';
import { oclProcessDocument } from './oclContext';
import { prepareRename, rename } from './rename';
import { LanguageServiceError, type Location, type ProcessDocument, type WorkspaceEdit } from './types';

function project(files = sampleProjects().get('OctopusSamples__OctopusBuilds')!) {
  const { project, files: loaded } = loadOclProject(files);
  const documents = loaded.map((f) =>
    oclProcessDocument(`file:///p/.octopus/${f.path}`, f.parsed, project, undefined, undefined, f.path),
  );
  const file = (name: string) => documents.find((d) => d.ocl!.path === name)!;
  return { documents, process: file('deployment_process.ocl'), variables: file('variables.ocl') };
}

const { documents, process, variables } = project();
const at = (d: ProcessDocument, needle: string, offset = 1, n = 0) => positionOf(d.parsed.text, needle, offset, n);

function describeLocations(locations: Location[]): string[] {
  return locations.map((l) => {
    const d = documents.find((x) => x.uri === l.uri)!;
    const { lines, text } = d.parsed;
    return `${d.ocl!.path}:${l.range.start.line + 1} ${text.slice(lines.offsetAt(l.range.start), lines.offsetAt(l.range.end))}`;
  });
}

function applied(edit: WorkspaceEdit, docs: ProcessDocument[] = documents): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [uri, edits] of Object.entries(edit.changes)) {
    const d = docs.find((x) => x.uri === uri)!;
    out[d.ocl!.path] = applyEdits(d.parsed.text, edits);
  }
  return out;
}

describe('names across an OCL project', () => {
  it('Octopus.Action[Name] in variables.ocl → the step in deployment_process.ocl (its name and its slug)', () => {
    const position = at(variables, 'Action[Calculate Deployment Mode]', 8);
    assert.deepEqual(describeLocations(getDefinition(variables, position, documents)), [
      'deployment_process.ocl:1 "calculate-deployment-mode"',
      'deployment_process.ocl:2 "Calculate Deployment Mode"',
    ]);
  });

  it('a variable used in deployment_process.ocl → its `variable` block in variables.ocl, and back', () => {
    const use = at(process, '#{Project.Database.RunOnDeploy}', 3);
    assert.deepEqual(describeLocations(getDefinition(process, use, documents)), [
      'variables.ocl:13 "Project.Database.RunOnDeploy"',
    ]);
    const references = describeLocations(
      getReferences(variables, at(variables, '"Project.Database.RunOnDeploy"'), documents, false),
    );
    assert.equal(references.length, 4);
    assert.ok(
      references.every((r) => r.startsWith('deployment_process.ocl:') && r.endsWith(' Project.Database.RunOnDeploy')),
    );
  });

  it('references of a step by its slug label include the uses by name in the other file', () => {
    const references = describeLocations(
      getReferences(process, at(process, 'step "auto-approve-database-delta-script"', 7), documents, false),
    );
    assert.deepEqual(references, ['variables.ocl:10 Auto-Approve Database Delta Script']);
  });

  it('renaming a step where its name is written edits the name and every reference by name, not the slug', () => {
    const edit = rename(process, at(process, 'name = "Calculate Deployment Mode"', 9), 'Work out the mode', documents);
    const files = applied(edit);
    assert.match(
      files['deployment_process.ocl'],
      /step "calculate-deployment-mode" \{\n {4}name = "Work out the mode"/,
    );
    assert.match(files['variables.ocl'], /#\{Octopus\.Action\[Work out the mode\]\.Output\.RunOnDeploy\}/);
    const reloaded = project(
      Object.entries({ ...Object.fromEntries(documents.map((d) => [d.ocl!.path, d.parsed.text])), ...files }).map(
        ([path, text]) => ({ path, text }),
      ),
    );
    assert.deepEqual(
      describeLocations(
        getDefinition(reloaded.variables, at(reloaded.variables, 'Action[Work out', 8), reloaded.documents),
      ).length,
      2,
    );
  });

  it('renaming a step at its slug edits the label and the references by slug', () => {
    const text = variables.parsed.text.replace(
      'Octopus.Action[Calculate Deployment Mode]',
      'Octopus.Action[calculate-deployment-mode]',
    );
    const changed = project([
      { path: 'deployment_process.ocl', text: process.parsed.text },
      { path: 'variables.ocl', text },
    ]);
    assert.equal(
      prepareRename(changed.variables, at(changed.variables, 'Action[calculate', 8), changed.documents).placeholder,
      'calculate-deployment-mode',
    );
    const files = applied(
      rename(changed.variables, at(changed.variables, 'Action[calculate', 8), 'mode', changed.documents),
      changed.documents,
    );
    assert.match(files['deployment_process.ocl'], /^step "mode" \{\n {4}name = "Calculate Deployment Mode"/);
    assert.match(files['variables.ocl'], /#\{Octopus\.Action\[mode\]\.Output\.RunOnDeploy\}/);
  });

  it('refuses a taken slug, a taken name and a slug Octopus would not write', () => {
    const slug = at(process, 'step "calculate-deployment-mode"', 7);
    assert.throws(
      () => rename(process, slug, 'verify-application', documents),
      (e: Error) => e instanceof LanguageServiceError && /already has the slug `verify-application`/.test(e.message),
    );
    assert.throws(() => rename(process, slug, 'Calculate Mode', documents), /is not a slug.*`calculate-mode`/);
    const name = at(process, 'name = "Calculate Deployment Mode"', 9);
    assert.throws(
      () => rename(process, name, 'verify application', documents),
      /already a step named `Verify application`/,
    );
  });

  it('renaming a variable edits its block label and every use in both files', () => {
    const edit = rename(
      variables,
      at(variables, '"Project.Database.RunOnDeploy"', 1),
      'Project.Database.Deploy',
      documents,
    );
    const files = applied(edit);
    assert.match(files['variables.ocl'], /variable "Project\.Database\.Deploy" \{/);
    assert.equal(files['deployment_process.ocl'].split('#{Project.Database.Deploy}').length - 1, 4);
    assert.ok(!files['deployment_process.ocl'].includes('RunOnDeploy'));
  });
});
