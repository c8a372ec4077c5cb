import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { LspClient } from '../../../test/support/lspClient';
import { repoRoot } from '../../../test/support/paths';
import { DeploymentOptionsRequest, PreviewRequest, StepwiseErrorCodes } from '../requestTypes';
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
