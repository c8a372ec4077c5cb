import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDeploymentServer } from '@stepwise/deployment-server';
import { fixturesDir } from './paths';

/** The workspace the release-and-deploy tests import: a Dev (automatic) → Test → Production space. */
export const deployFixturesDir = path.join(fixturesDir, 'e2e', 'deploy');

export interface TestDeploymentServer {
  url: string;
  apiKey: string;
  dataDir: string;
  /** Stops the server and deletes its data folder. */
  close(): Promise<void>;
}

/**
 * A real local deployment server on a free loopback port, with a fresh data folder and the
 * deploy fixtures imported — what the extension's HTTP client is tested against.
 */
export async function startTestDeploymentServer(workspace = deployFixturesDir): Promise<TestDeploymentServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stepwise-client-test-'));
  const server = await startDeploymentServer({ dataDir, port: 0, workspace });
  return {
    url: server.url,
    apiKey: server.apiKey,
    dataDir,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
