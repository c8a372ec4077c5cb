import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startDeploymentServer, type DeploymentServer } from '../startDeploymentServer';
import { hostCheckHook, isLoopbackName } from './hostCheck';

/** A raw HTTP GET with the Host header we choose (fetch keeps its own). */
function get(url: string, route: string, host: string, apiKey?: string): Promise<{ status: number; body: any }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { hostname, port, path: route, headers: { Host: host, ...(apiKey ? { 'X-Octopus-ApiKey': apiKey } : {}) } },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

// DNS rebinding: a page on a foreign name that resolves to 127.0.0.1 reaches the loopback server.
describe('a server on loopback and the Host header', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stepwise-host-'));
  let server: DeploymentServer;
  before(async () => {
    server = await startDeploymentServer({ dataDir, port: 0 });
  });
  after(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a foreign name with a 400 in Octopus’s shape, on the open root document and with the key', async () => {
    for (const host of [
      'evil.example',
      'evil.example:8065',
      'localhost.evil.example',
      '127.0.0.1.nip.io',
      '[::2]:80',
      'localhost:80:80',
    ]) {
      for (const key of [undefined, server.apiKey]) {
        const answer = await get(server.url, key ? '/api/projects' : '/api', host, key);
        assert.equal(answer.status, 400, `${host}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.ErrorMessage, 'There was a problem with your request.');
        assert.match(
          answer.body.Errors[0],
          /does not name this server\. It answers to localhost, 127\.0\.0\.1 and \[::1\]; to serve other names, start it with --host\./,
        );
      }
    }
  });

  it('answers loopback names with any port', async () => {
    const port = new URL(server.url).port;
    for (const host of [
      `127.0.0.1:${port}`,
      '127.0.0.1',
      `localhost:${port}`,
      'LocalHost',
      '127.12.0.9:1',
      `[::1]:${port}`,
    ]) {
      const root = await get(server.url, '/api', host);
      assert.equal(root.status, 200, `${host}: ${JSON.stringify(root.body)}`);
      assert.equal((await get(server.url, '/api/projects', host, server.apiKey)).status, 200, host);
    }
  });

  it('knows loopback names, and accepts any name when listening on every address', () => {
    assert.deepEqual(
      ['localhost', '::1', '127.0.0.1', '127.255.255.255', '127.0.0.256', '128.0.0.1', 'localhost.', '0.0.0.0'].map(
        isLoopbackName,
      ),
      [true, true, true, true, false, false, false, false],
    );
    assert.equal(hostCheckHook('0.0.0.0'), undefined);
    assert.equal(hostCheckHook('::'), undefined);
    assert.notEqual(hostCheckHook('192.168.1.5'), undefined);
  });
});
