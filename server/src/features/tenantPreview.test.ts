import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../../../test/support/lspClient';
import { fileUri, repoRoot } from '../../../test/support/paths';
import type { CodeLens } from 'vscode-languageserver-protocol';
import { ComparePreviewsRequest, DeploymentOptionsRequest, PreviewRequest, StepwiseErrorCodes } from '../requestTypes';
import type { ProcessPreview } from '@stepwise/core/preview';

// A real file beside a real space file with tenants: the server finds the space up the tree.
const file = path.join(repoRoot, 'test-fixtures/tenants/web.process.yaml');
const uri = pathToFileURL(file).toString();

describe('stepwise/preview with a tenant over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
    const version = await client.open(uri, readFileSync(file, 'utf8'));
    await client.waitForDiagnostics(uri, { version });
  });
  after(async () => {
    await client.shutdown();
  });

  it("offers the project's tenants and previews one tenant's deployment", async () => {
    const options = (await client.request(DeploymentOptionsRequest, { uri })) as { tenants: string[] };
    assert.deepEqual(options.tenants, ['Acme', 'Globex']);
    const preview = (await client.request(PreviewRequest, {
      uri,
      environment: 'Test',
      tenant: 'Acme',
    })) as ProcessPreview;
    assert.equal(preview.tenant, 'Acme');
    assert.equal(
      preview.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'echo "Alias=acme Domain=acme.example.com Db=db-test.acme Key=******** Tenant=Acme"',
    );
  });

  it('answers BadContext for an unknown tenant, naming the known ones', async () => {
    await assert.rejects(
      client.request(PreviewRequest, { uri, environment: 'Test', tenant: 'Nobody' }),
      (e: unknown) => {
        const error = e as { code: number; message: string };
        return (
          error.code === StepwiseErrorCodes.BadContext &&
          error.message === "Unknown tenant 'Nobody'. The space has: Acme, Globex."
        );
      },
    );
  });
});

describe('per-tenant code lenses over LSP', () => {
  it('a tenanted process: a lens per tenant and environment it is connected to, each opening that preview', async () => {
    const client = await LspClient.start();
    try {
      const text = readFileSync(file, 'utf8');
      await client.open(uri, text);
      const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
      const lines = text.split('\n');
      const titlesAt = (step: string) =>
        lenses.filter((l) => l.range.start.line === lines.indexOf(`  - name: ${step}`)).map((l) => l.command!.title);
      assert.deepEqual(titlesAt('Hello'), [
        'Test · Acme: server',
        'Production · Acme: server',
        'Production · Globex: server',
      ]);
      // Only Acme is tagged Hosting/Dedicated.
      assert.deepEqual(titlesAt('Dedicated only'), [
        'Test · Acme: server',
        'Production · Acme: server',
        'Production · Globex: skipped',
      ]);
      const globex = lenses.find((l) => l.command!.title.startsWith('Production · Globex'))!;
      assert.deepEqual(globex.command!.arguments, [uri, 'Production', 'Globex']);
      assert.equal(globex.command!.command, 'stepwise.previewProcess');
    } finally {
      await client.shutdown();
    }
  });

  describe('more than six tenant × environment pairs, in a process file and in OCL', () => {
    let dir: string;
    let client: LspClient;
    const tenantNames = ['Acme', 'Globex', 'Initech', 'Umbrella'];
    before(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'stepwise-tenant-lenses-'));
      // Four tenants in two environments: eight pairs. Only Acme and Initech are dedicated.
      const space = [
        'environments: [Test, Production]',
        'lifecycles:',
        '  - name: Default',
        '    phases:',
        '      - environments: [Test, Production]',
        'tag-sets:',
        '  - name: Hosting',
        '    tags: [Shared, Dedicated]',
        'tenants:',
        ...tenantNames.flatMap((name, i) => [
          `  - name: ${name}`,
          `    tags: [Hosting/${i % 2 ? 'Shared' : 'Dedicated'}]`,
          '    projects:',
          '      - { project: Web, environments: [Test, Production] }',
        ]),
        '',
      ].join('\n');
      mkdirSync(path.join(dir, '.octopus'));
      writeFileSync(path.join(dir, '.octopus', 'space.yaml'), space);
      mkdirSync(path.join(dir, 'web', '.octopus'), { recursive: true });
      writeFileSync(
        path.join(dir, 'web', '.octopus', 'deployment_process.ocl'),
        [
          'step "dedicated-only" {',
          '    name = "Dedicated only"',
          '',
          '    action {',
          '        action_type = "Octopus.Script"',
          '        tenant_tags = ["Hosting/Dedicated"]',
          '        properties = {',
          '            Octopus.Action.Script.ScriptBody = "echo dedicated"',
          '            Octopus.Action.Script.ScriptSource = "Inline"',
          '            Octopus.Action.Script.Syntax = "Bash"',
          '        }',
          '    }',
          '}',
          '',
        ].join('\n'),
      );
      client = await LspClient.start({ rootUri: fileUri(dir) });
    });
    after(async () => {
      await client.shutdown();
      rmSync(dir, { recursive: true, force: true });
    });

    const expectAskingLenses = (lenses: CodeLens[], fileUri: string) => {
      assert.deepEqual(
        lenses.map((l) => l.command!.title),
        ['Test: runs for 2 of 4 tenants…', 'Production: runs for 2 of 4 tenants…'],
      );
      assert.deepEqual(lenses[1].command!.arguments, [fileUri, 'Production', { askForTenant: true }]);
    };

    it('a process file: one lens per environment, asking for the tenant', async () => {
      const processFile = path.join(dir, 'web.process.yaml');
      const text = [
        'project: Web',
        'steps:',
        '  - name: Dedicated only',
        '    type: script',
        '    tenant-tags: [Hosting/Dedicated]',
        '    syntax: bash',
        '    script: echo dedicated',
        '',
      ].join('\n');
      writeFileSync(processFile, text);
      const processUri = fileUri(processFile);
      await client.open(processUri, text);
      const lenses = (await client.request('textDocument/codeLens', {
        textDocument: { uri: processUri },
      })) as CodeLens[];
      expectAskingLenses(lenses, processUri);
    });

    it('deployment_process.ocl: the same lenses above its step', async () => {
      const oclFile = path.join(dir, 'web', '.octopus', 'deployment_process.ocl');
      const oclUri = fileUri(oclFile);
      await client.open(oclUri, readFileSync(oclFile, 'utf8'), 'stepwise-ocl');
      const lenses = (await client.request('textDocument/codeLens', { textDocument: { uri: oclUri } })) as CodeLens[];
      assert.ok(lenses.every((l) => l.range.start.line === 0));
      expectAskingLenses(lenses, oclUri);
    });
  });
});

describe('stepwise/comparePreviews over LSP', () => {
  let client: LspClient;
  before(async () => {
    client = await LspClient.start();
    const version = await client.open(uri, readFileSync(file, 'utf8'));
    await client.waitForDiagnostics(uri, { version });
  });
  after(async () => {
    await client.shutdown();
  });

  it('one environment for two tenants: both previews and what differs, in words', async () => {
    const result = await client.request(ComparePreviewsRequest, {
      uri,
      left: { environment: 'Production', tenant: 'Acme' },
      right: { environment: 'Production', tenant: 'Globex' },
    });
    assert.equal(result.left.tenant, 'Acme');
    assert.equal(result.right.tenant, 'Globex');
    assert.deepEqual(result.differences, [
      'Hello: Octopus.Action.Script.ScriptBody is "echo \\"Alias=acme Domain=acme.example.com Db=db.acme Key=******** Tenant=Acme\\"" in Production for Acme, ' +
        '"echo \\"Alias=globex Domain=example.com Db=db.globex Key=******** Tenant=Globex\\"" in Production for Globex',
      'Dedicated only: runs in Production for Acme, skipped in Production for Globex (runs only for tenants tagged Hosting/Dedicated)',
    ]);
  });

  it('two environments for one tenant, and the same side twice (nothing differs)', async () => {
    const envs = await client.request(ComparePreviewsRequest, {
      uri,
      left: { environment: 'Test', tenant: 'Acme' },
      right: { environment: 'Production', tenant: 'Acme' },
    });
    assert.equal(envs.differences.length, 1);
    assert.match(
      envs.differences[0],
      /^Hello: .*Db=db-test\.acme.* in Test for Acme, .*Db=db\.acme .* in Production for Acme$/,
    );
    const same = await client.request(ComparePreviewsRequest, {
      uri,
      left: { environment: 'Production', tenant: 'Globex' },
      right: { environment: 'Production', tenant: 'Globex' },
    });
    assert.deepEqual(same.differences, []);
  });

  it('an unknown tenant answers BadContext naming the side; a malformed side InvalidParams', async () => {
    await assert.rejects(
      client.request(ComparePreviewsRequest, {
        uri,
        left: { environment: 'Test', tenant: 'Acme' },
        right: { environment: 'Test', tenant: 'Nobody' },
      }),
      (e: { code: number; message: string }) =>
        e.code === StepwiseErrorCodes.BadContext &&
        e.message === "Test for Nobody: Unknown tenant 'Nobody'. The space has: Acme, Globex.",
    );
    await assert.rejects(
      client.request('stepwise/comparePreviews', { uri, left: { environment: 'Test' }, right: { tenant: 'Acme' } }),
      (e: { code: number; message: string }) => e.code === -32602 && /right\.environment/.test(e.message),
    );
  });
});
