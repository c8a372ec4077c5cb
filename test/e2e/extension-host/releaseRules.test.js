// Create Release with a channel's version rules, against the local deployment server the harness
// started (it imported test-fixtures/e2e/deploy: Rules E2E has a Stable channel whose rule is
// [1.0,2.0) with no pre-release tag). The command takes its answers as arguments, so nothing
// waits on a prompt; what the prompts would say is tested in client/src/commands/packageVersions.test.ts.
'use strict';
const assert = require('assert');
const vscode = require('vscode');
const { test } = require('./harness');

const serverUrl = process.env.STEPWISE_E2E_SERVER_URL;
const apiKey = process.env.STEPWISE_E2E_SERVER_KEY;
const SERVER_NAME = 'E2E Rules Server';

function requireServer() {
  if (process.env.STEPWISE_E2E_SERVER_ERROR)
    throw new Error(`the local deployment server did not start: ${process.env.STEPWISE_E2E_SERVER_ERROR}`);
  if (!serverUrl || !apiKey)
    throw new Error('no local deployment server: run these tests through test/e2e/run.mjs, which starts one');
}

async function octopus(route) {
  const response = await fetch(`${serverUrl}${route}`, { headers: { 'X-Octopus-ApiKey': apiKey } });
  if (!response.ok) throw new Error(`GET ${route} → ${response.status}: ${await response.text()}`);
  return response.json();
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A zip archive holding one stored (uncompressed) file. */
function zipOf(name, text) {
  const file = Buffer.from(name);
  const data = Buffer.from(text);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(local.length + file.length + data.length, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

async function upload(version) {
  const form = new FormData();
  form.append('fileToUpload', new Blob([zipOf('a.txt', version)]), `Acme.Rules.${version}.zip`);
  const response = await fetch(`${serverUrl}/api/Spaces-1/packages/raw`, {
    method: 'POST',
    headers: { 'X-Octopus-ApiKey': apiKey },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload of ${version} → ${response.status}: ${await response.text()}`);
}

const state = { connection: undefined };

const releasesOf = async () => {
  const project = (await octopus('/api/Spaces-1/projects?partialName=Rules')).Items[0];
  return (await octopus(`/api/Spaces-1/projects/${project.Id}/releases`)).Items;
};

test('Create Release in a channel with a version rule takes the newest package version the rule allows', async () => {
  requireServer();
  for (const version of ['1.0.0', '1.4.0', '1.5.0-beta', '2.0.0']) await upload(version);
  state.connection = await vscode.commands.executeCommand('stepwise.addServer', {
    url: serverUrl,
    apiKey,
    name: SERVER_NAME,
  });
  const created = await vscode.commands.executeCommand('stepwise.createRelease', {
    connection: SERVER_NAME,
    project: 'Rules E2E',
    channel: 'Stable',
    packageVersions: 'suggested',
    version: '1.0.0',
    releaseNotes: '',
    push: false,
    quiet: true,
  });
  assert.ok(created && created.release, 'the command returns the release');
  const release = await octopus(`/api/Spaces-1/releases/${created.release.Id}`);
  const channel = await octopus(`/api/Spaces-1/channels/${release.ChannelId}`);
  assert.strictEqual(channel.Name, 'Stable');
  assert.deepStrictEqual(
    release.SelectedPackages.map((p) => `${p.ActionName}:${p.Version}`),
    ['Deploy rules app:1.4.0'],
    '2.0.0 is outside [1.0,2.0) and 1.5.0-beta has a pre-release tag',
  );
});

test('Create Release refuses a package version the channel’s rule breaks, and creates nothing', async () => {
  requireServer();
  const before = await releasesOf();
  const created = await vscode.commands.executeCommand('stepwise.createRelease', {
    connection: SERVER_NAME,
    project: 'Rules E2E',
    channel: 'Stable',
    packageVersions: { 'Deploy rules app': '2.0.0' },
    version: '1.0.1',
    releaseNotes: '',
    push: false,
    quiet: true,
  });
  assert.strictEqual(created, undefined);
  assert.strictEqual((await releasesOf()).length, before.length, 'no release was created');
  assert.strictEqual(
    await vscode.commands.executeCommand('stepwise.removeServer', state.connection, { confirm: false }),
    true,
  );
});
