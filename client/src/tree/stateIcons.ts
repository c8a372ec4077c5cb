import * as vscode from 'vscode';
import type { DeploymentState } from '../deployments/deploymentState';

/** A deployment's state as a colored codicon (theme colors, so every theme shows it well). */
export function stateIcon(state: DeploymentState): vscode.ThemeIcon {
  switch (state) {
    case 'queued':
      return new vscode.ThemeIcon('clock', new vscode.ThemeColor('descriptionForeground'));
    case 'running':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'waiting':
      return new vscode.ThemeIcon('bell-dot', new vscode.ThemeColor('charts.yellow'));
    case 'success':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
    case 'timed-out':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'canceled':
    case 'cancelling':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question');
  }
}

/** The same state as a status bar codicon (status bar text takes no colors per icon). */
export function stateCodicon(state: DeploymentState): string {
  return {
    queued: '$(clock)',
    running: '$(sync~spin)',
    waiting: '$(bell-dot)',
    success: '$(pass-filled)',
    failed: '$(error)',
    'timed-out': '$(error)',
    canceled: '$(circle-slash)',
    cancelling: '$(circle-slash)',
    unknown: '$(question)',
  }[state];
}
