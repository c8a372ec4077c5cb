// Red Hat's yaml-language-server, the baseline the benchmarks compare the Stepwise server with:
// started over stdio and configured with the process schema for `*.process.yaml`.
import path from 'node:path';
import { LspClient } from '../test/support/lspClient';
import { fileUri, repoRoot } from '../test/support/paths';

const YAML_LS_BIN = path.join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

/** `editorFeatures` turns on completion and hover (off when only validation is measured). */
export async function startYamlLanguageServer(
  workspace: string,
  schemaPath: string,
  options: { editorFeatures: boolean },
): Promise<LspClient> {
  const client = await LspClient.start({
    command: [process.execPath, YAML_LS_BIN, '--stdio'],
    rootUri: fileUri(workspace),
  });
  await client.setSettings({
    yaml: {
      schemas: { [fileUri(schemaPath)]: '*.process.yaml' },
      validate: true,
      hover: options.editorFeatures,
      completion: options.editorFeatures,
      format: { enable: false },
      schemaStore: { enable: false },
      maxItemsComputed: 5000,
    },
    http: { proxy: '', proxyStrictSSL: false },
    editor: {},
  });
  return client;
}
