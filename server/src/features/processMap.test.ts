import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ProcessMapModel } from '@stepwise/core/processMap/processMap';
import { appUri, appText, at, startWithApp } from '../../../test/support/editorFixture';
import type { LspClient } from '../../../test/support/lspClient';
import { ProcessMapRequest } from '../requestTypes';

describe('stepwise/processMap over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await startWithApp();
  });
  after(async () => {
    await client.shutdown();
  });

  it('maps every step per environment of the lifecycle, as the code lenses see it', async () => {
    const map = (await client.request(ProcessMapRequest.method, { uri: appUri })) as ProcessMapModel;
    assert.deepEqual(map.environments, ['Development', 'Test', 'Production']);
    const approve = map.steps.find((s) => s.name === 'Approve')!;
    assert.deepEqual(
      approve.cells.map((c) => (c.runs ? c.targets.join(',') : 'skipped')),
      ['skipped', 'skipped', 'server'],
    );
    assert.equal(approve.range.start.line, at(client, appUri, '- name: Approve', 0).position.line);
  });

  it('follows an edit, with the new problem on its step', async () => {
    const before = (await client.request(ProcessMapRequest.method, { uri: appUri })) as ProcessMapModel;
    const edited = appText.replace('- name: Approve', '- name: Approve now');
    await client.change(appUri, [{ text: edited }]);
    const after = (await client.request(ProcessMapRequest.method, { uri: appUri })) as ProcessMapModel;
    assert.ok(after.steps.some((s) => s.name === 'Approve now'));
    assert.equal(after.steps.length, before.steps.length);
    await client.change(appUri, [{ text: edited.replace(/type: manual/, 'type: manul') }]);
    const broken = (await client.request(ProcessMapRequest.method, { uri: appUri })) as ProcessMapModel;
    assert.deepEqual(
      broken.steps.filter((s) => s.problems.some((p) => p.severity === 'error')).map((s) => s.name),
      ['Approve now'],
    );
    await client.change(appUri, [{ text: appText }]);
  });

  it('answers an unknown file or malformed params with an error, not a crash', async () => {
    await assert.rejects(
      client.request(ProcessMapRequest.method, { uri: 'file:///nowhere/x.process.yaml' }),
      /not open/,
    );
    await assert.rejects(client.request(ProcessMapRequest.method, { uri: 5 }), /params\.uri must be a string/);
    await assert.rejects(
      client.request(ProcessMapRequest.method, { uri: appUri, tenantPage: 'next' }),
      /params\.tenantPage must be/,
    );
    const map = (await client.request(ProcessMapRequest.method, { uri: appUri })) as ProcessMapModel;
    assert.ok(map.steps.length > 0, 'the server answers on');
  });
});
