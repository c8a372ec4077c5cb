import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createZip, multipartBody } from '@stepwise/deployment-server/testing/zipWriter';
import { startTestDeploymentServer, type TestDeploymentServer } from '../../../test/support/deploymentServer';
import { OctopusClient } from '../octopus/octopusClient';
import { packagesEntry, packageVersionProblem, ruledPackages } from './packageVersions';

// Create Release's package versions against the real local server: the deploy fixtures' Rules E2E
// project has a Stable channel whose rule is [1.0,2.0) with no pre-release tag.
describe('package versions for Create Release', () => {
  let server: TestDeploymentServer;
  let client: OctopusClient;
  before(async () => {
    server = await startTestDeploymentServer();
    client = new OctopusClient({ url: server.url, apiKey: server.apiKey, spaceId: 'Spaces-1' });
    for (const version of ['1.0.0', '1.4.0', '1.5.0-beta', '2.0.0']) {
      const upload = multipartBody('fileToUpload', `Acme.Rules.${version}.zip`, createZip({ 'a.txt': version }));
      const response = await fetch(`${server.url}/api/Spaces-1/packages/raw`, {
        method: 'POST',
        headers: { 'X-Octopus-ApiKey': server.apiKey, 'Content-Type': upload.contentType },
        body: new Uint8Array(upload.body),
      });
      assert.equal(response.status, 201, await response.text());
    }
  });
  after(() => server?.close());

  it('suggests the newest version the channel allows, from the feed search filtered by its rule', async () => {
    const project = (await client.findProject('Rules E2E'))!;
    const channels = await client.channels(project.Id);
    const stable = channels.find((c) => c.Name === 'Stable')!;
    const [pkg] = await ruledPackages(client, project, stable);
    assert.equal(pkg.actionName, 'Deploy rules app');
    assert.equal(pkg.packageId, 'Acme.Rules');
    assert.equal(pkg.suggested, '1.4.0', '2.0.0 is outside the range, 1.5.0-beta has a tag');
    assert.equal(packagesEntry(pkg, '1.4.0'), 'Deploy rules app:1.4.0');
    assert.deepEqual(
      await ruledPackages(
        client,
        project,
        channels.find((c) => c.IsDefault)!,
      ),
      [],
    );

    // What the input box says of a typed version.
    assert.equal(packageVersionProblem(stable, pkg, '1.0.0'), undefined);
    assert.equal(
      packageVersionProblem(stable, pkg, '2.0.0'),
      "Channel Stable's rule (version range [1.0,2.0) and pre-release tag ^$) refuses Acme.Rules 2.0.0: 2.0.0 is outside the version range [1.0,2.0).",
    );
    assert.match(packageVersionProblem(stable, pkg, '1.5.0-beta')!, /pre-release tag 'beta' does not match \^\$/);
    assert.equal(packageVersionProblem(stable, pkg, ' '), 'Acme.Rules needs a version.');

    // The server keeps to the same rule.
    const refused = await client
      .createRelease({
        ProjectName: 'Rules E2E',
        ChannelName: 'Stable',
        ReleaseVersion: '9.0.0',
        Packages: ['Deploy rules app:2.0.0'],
      })
      .then(
        () => undefined,
        (error: Error) => error.message,
      );
    assert.match(refused ?? '', /does not satisfy the version rule of channel 'Stable'/);
  });
});
