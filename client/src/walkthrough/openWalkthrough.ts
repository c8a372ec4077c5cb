import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'stepwise.demo';

/**
 * `npm start` sets STEPWISE_WALKTHROUGH=1 for the VS Code it opens on the demo: the walkthrough
 * opens there once per workspace (VS Code only opens one by itself after an install from the
 * Marketplace, which the demo's VS Code never sees).
 */
export function openWalkthroughOnStart(context: vscode.ExtensionContext): void {
  const shown = 'stepwise.walkthroughShown';
  if (process.env.STEPWISE_WALKTHROUGH !== '1' || context.workspaceState.get(shown)) return;
  void context.workspaceState.update(shown, true);
  void vscode.commands.executeCommand(
    'workbench.action.openWalkthrough',
    `${context.extension.id}#${WALKTHROUGH_ID}`,
    false,
  );
}
