import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../../../test/support/lspClient';
import { ServerStepTemplatesNotification } from '../requestTypes';

const spaceUri = 'file:///tmp/stepwise-server-templates/.octopus/space.yaml';
const processUri = 'file:///tmp/stepwise-server-templates/web.process.yaml';
const spaceText = `environments: [Test]
step-templates:
  - name: Local only
    action-type: Octopus.Script
    properties: { Octopus.Action.Script.ScriptBody: echo }
`;
const processText = `project: Web
steps:
  - name: Notify
    type: script
    properties:
      Octopus.Action.Template.Id: ActionTemplates-1021
      Octopus.Action.Template.Version: "3"
      Slack.Channel: "#deploys"
`;
// What GET /api/Spaces-1/actiontemplates/all of an Octopus server answers (a real server cannot run here).
const serverTemplates = [
  {
    Id: 'ActionTemplates-1021',
    Name: 'Slack - Notify',
    ActionType: 'Octopus.Script',
    Version: 4,
    Properties: { 'Octopus.Action.Script.ScriptBody': 'curl "#{Slack.HookUrl}" -d "#{Slack.Channel}"' },
    Parameters: [
      { Name: 'Slack.HookUrl', Label: 'Hook URL', DisplaySettings: { 'Octopus.ControlType': 'Sensitive' } },
      { Name: 'Slack.Channel', Label: 'Channel', DefaultValue: '#general' },
    ],
  },
  { Id: 'not-a-template' },
];

describe('step templates of the connected server over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
    await client.open(spaceUri, spaceText, 'yaml');
  });
  after(async () => {
    await client.shutdown();
  });

  const codes = (published: { diagnostics: { code?: unknown }[] }) => published.diagnostics.map((d) => d.code).sort();

  it('checks an action against the server templates once the extension sends them, and forgets them after', async () => {
    const version = await client.open(processUri, processText);
    assert.deepEqual(codes(await client.waitForDiagnostics(processUri, { version })), ['unknown-step-template']);

    await client.notify(ServerStepTemplatesNotification, {
      origin: 'https://octopus.example.com',
      templates: serverTemplates,
    });
    const withServer = await client.waitForDiagnostics(processUri, {
      until: (p) => !codes(p).includes('unknown-step-template'),
    });
    assert.deepEqual(codes(withServer), ['missing-template-parameter', 'step-template-outdated']);

    const preview = (await client.request('stepwise/preview', { uri: processUri, environment: 'Test' })) as {
      steps: { actions: { properties: Record<string, string> }[] }[];
    };
    assert.equal(
      preview.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'curl "#{Slack.HookUrl}" -d "#deploys"',
    );

    await client.notify(ServerStepTemplatesNotification, { templates: [] });
    const without = await client.waitForDiagnostics(processUri, {
      until: (p) => codes(p).includes('unknown-step-template'),
    });
    assert.deepEqual(codes(without), ['unknown-step-template']);
  });
});
