import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorWorkspace, positionOf } from '../../../test/support/serviceDocuments';
import { getHover } from './hover';
import type { ServiceDocument } from './types';

const { app, space } = editorWorkspace();
const text = app.parsed.text;

function hoverAt(document: ServiceDocument, needle: string, offset = 1, n = 0): string | undefined {
  return getHover(document, positionOf(document.parsed.text, needle, offset, n))?.contents.value;
}

describe('hover', () => {
  it('a key: what it means and the Octopus property it maps to', () => {
    const value = hoverAt(app, 'run-on:')!;
    assert.match(value, /^\*\*run-on\*\* \(action\)/);
    assert.match(value, /Octopus.Action.RunOnServer/);
    assert.match(hoverAt(app, 'lifecycle:')!, /Project.LifecycleId/);
    assert.match(hoverAt(space, 'automatic:')!, /automatic/);
  });

  it('a variable reference: every value with its scope, and where it comes from', () => {
    const value = hoverAt(app, '#{Greeting}', 3)!;
    assert.match(value, /\*\*Greeting\*\* — project variable/);
    assert.match(value, /\| `Hello, Test!` \| `environment Test` \|/);
    assert.match(value, /\| `Hello!` \| `unscoped` \|/);
    const set = hoverAt(app, '#{LogLevel', 3)!;
    assert.match(set, /variable set \*\*Common\*\*/);
  });

  it('masks sensitive values', () => {
    const value = hoverAt(app, 'ApiKey:', 1)!;
    assert.match(value, /sensitive/);
    assert.match(value, /\*{8}/);
    assert.doesNotMatch(value, /s3cr3t/);
  });

  it('the range is the reference itself, inside the string', () => {
    const position = positionOf(text, '#{Greeting}', 4);
    const hover = getHover(app, position)!;
    const start = positionOf(text, '#{Greeting}', 2);
    assert.deepEqual(hover.range, { start, end: { line: start.line, character: start.character + 'Greeting'.length } });
  });

  it('a system variable: Octopus’s description', () => {
    assert.match(
      hoverAt(app, 'Octopus.Machine.Name', 9)!,
      /Octopus system variable.*\n\nThe name used to register the machine/,
    );
  });

  it('a filter and a keyword', () => {
    assert.match(hoverAt(app, 'ToUpper', 2)!, /\*\*ToUpper\*\* — Octostache filter/);
    assert.match(hoverAt(app, '#{each', 3)!, /#\{each item in Collection\}/);
  });

  it('a loop variable and paths into it', () => {
    assert.match(hoverAt(app, 'server in', 1)!, /loop variable: each item of `Servers`/);
    assert.match(hoverAt(app, '#{server.Name}', 4)!, /from the loop variable `server`/);
  });

  it('a step inside Octopus.Action[…], and its output variable', () => {
    assert.match(hoverAt(app, 'Action[Build]', 8)!, /\*\*Build\*\* — step 1: type `script`, roles web-server/);
    assert.match(
      hoverAt(app, '.Output.Ready', 9)!,
      /output variable `Ready` of `Build`.*Set by `Build`'s script \(line 27\)/s,
    );
  });

  it('names from the space: environments, roles', () => {
    assert.match(
      hoverAt(app, 'environments: [Production]', 16)!,
      /\*\*Production\*\* — environment\n\nEnvironment 3 of 3 in the space\.\nTargets: PWeb01 \(web-server, db-migrator\)\.\nLifecycle phases: Default → Production\./,
    );
    assert.match(
      hoverAt(app, 'roles: [web-server]', 9)!,
      /Targets with this role: TWeb01 \(Test\), PWeb01 \(Production\)/,
    );
  });

  it('an enum value: its description', () => {
    assert.match(hoverAt(app, 'run-on: server', 9)!, /Octopus.Action.RunOnServer/);
    assert.match(hoverAt(app, 'type: manual', 7)!, /Octopus.Manual/);
  });

  it('a variable defined in a space file’s set', () => {
    assert.match(hoverAt(space, 'SupportEmail', 2)!, /\*\*SupportEmail\*\* — variable set \*\*Common\*\*/);
  });

  it('nothing on plain text', () => {
    assert.equal(hoverAt(app, 'curl -fsS', 2), undefined);
    assert.equal(hoverAt(app, '# The process', 3), undefined);
  });

  it('takes what the caller knows per environment', () => {
    const position = positionOf(text, '#{Greeting}', 3);
    const hover = getHover(app, position, { describeVariable: (vs) => `winner for ${vs[0].name}` })!;
    assert.match(hover.contents.value, /winner for Greeting$/);
  });
});
