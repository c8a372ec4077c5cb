import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { stringify } from 'yaml';
import { PreviewRequest } from '@stepwise/server/requestTypes';
import { oclProjectFolderOf } from '@stepwise/core/ocl/projectFolder';

export const PREVIEW_SCHEME = 'stepwise-preview';

export interface PreviewTarget {
  source: vscode.Uri;
  environment: string;
  channel?: string;
  /** A tenanted deployment's tenant; untenanted when absent. */
  tenant?: string;
  /** A run of this runbook (name or slug) instead of a deployment. */
  runbook?: string;
}

/** `stepwise-preview:/Hello World (Test).yaml?…`: a read-only YAML document per source and environment. */
export function previewUri(target: PreviewTarget, projectName: string): vscode.Uri {
  const query = new URLSearchParams({ source: target.source.toString(), environment: target.environment });
  if (target.channel) query.set('channel', target.channel);
  if (target.tenant) query.set('tenant', target.tenant);
  if (target.runbook) query.set('runbook', target.runbook);
  const label = `${projectName || 'Process'}${target.runbook ? ` runbook ${target.runbook}` : ''} (${target.environment}${target.channel ? `, ${target.channel}` : ''}${target.tenant ? `, ${target.tenant}` : ''}).preview.yaml`;
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${label.replace(/[\\/]/g, '-')}`, query: query.toString() });
}

function parsePreviewUri(uri: vscode.Uri): PreviewTarget {
  const query = new URLSearchParams(uri.query);
  return {
    source: vscode.Uri.parse(query.get('source') ?? ''),
    environment: query.get('environment') ?? '',
    channel: query.get('channel') ?? undefined,
    tenant: query.get('tenant') ?? undefined,
    runbook: query.get('runbook') ?? undefined,
  };
}

/**
 * Serves preview documents from the language server's `stepwise/preview` and refreshes every
 * open preview of a process file shortly after that file is edited (or its space file changes).
 */
export class PreviewDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === PREVIEW_SCHEME) this.open.delete(d.uri.toString());
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    this.open.add(uri.toString());
    const target = parsePreviewUri(uri);
    const source = await vscode.workspace.openTextDocument(target.source);
    const header = `# Preview: ${target.runbook ? `runbook ${target.runbook}, ` : ''}${target.environment}${target.channel ? `, channel ${target.channel}` : ''}${target.tenant ? `, tenant ${target.tenant}` : ''} — ${vscode.workspace.asRelativePath(target.source)}\n# Read-only; it follows your edits. Sensitive values show as ********.\n`;
    try {
      const preview = await this.client.sendRequest(
        PreviewRequest,
        {
          uri: source.uri.toString(),
          environment: target.environment,
          channel: target.channel,
          tenant: target.tenant,
          runbook: target.runbook,
        },
        token,
      );
      return header + stringify(preview, { lineWidth: 0 });
    } catch (error) {
      return `${header}#\n# The preview is not available: ${(error as Error).message}\n`;
    }
  }

  private sourceChanged(uri: vscode.Uri): void {
    const key = uri.toString();
    const isSpace = /\/\.octopus\/space\.ya?ml$/.test(uri.path);
    for (const preview of this.open) {
      const target = parsePreviewUri(vscode.Uri.parse(preview));
      if (!isSpace && target.source.toString() !== key && !sameOclProject(target.source, uri)) continue;
      clearTimeout(this.timers.get(preview));
      this.timers.set(
        preview,
        setTimeout(() => {
          this.timers.delete(preview);
          this.changed.fire(vscode.Uri.parse(preview));
        }, 150),
      );
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.changed.dispose();
  }
}

/** Two `.ocl` files of one project: an edit to `variables.ocl` changes the preview of `deployment_process.ocl`. */
function sameOclProject(a: vscode.Uri, b: vscode.Uri): boolean {
  return (
    a.scheme === b.scheme &&
    a.path.endsWith('.ocl') &&
    b.path.endsWith('.ocl') &&
    oclProjectFolderOf(a.path) === oclProjectFolderOf(b.path)
  );
}
