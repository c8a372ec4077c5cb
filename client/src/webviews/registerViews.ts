import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ProcessMapRequest } from '@stepwise/server/requestTypes';
import type { CommandArg } from '../commands/projectTarget';
import type { TaskArg } from '../commands/taskArgument';
import type { Services } from '../services';
import { TASK_LOG_SCHEME } from '../taskLog/taskLogDocuments';
import { currentProcessDocument } from '../workspace/processFiles';
import { DashboardPanels } from './dashboard/dashboardPanel';
import { ProcessMapPanels } from './processMap/processMapPanel';
import { TimelinePanels } from './timeline/timelinePanel';

/** What the views' commands return, for tests. */
export interface StepwiseViews {
  maps: ProcessMapPanels;
  timelines: TimelinePanels;
  dashboards: DashboardPanels;
}

/**
 * The three webviews — process map, deployment timeline, environments dashboard — their
 * commands, their restore-after-reload serializers, and the "Map" lens above each step.
 */
export function registerViews(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  services: Services,
): StepwiseViews {
  const maps = new ProcessMapPanels(client, context.extensionUri);
  const timelines = new TimelinePanels(services);
  const dashboards = new DashboardPanels(services);
  context.subscriptions.push(
    maps,
    timelines,
    dashboards,
    // From a menu the first argument is the file (Explorer, editor title); from the lens, the file and the step.
    vscode.commands.registerCommand('stepwise.showProcessMap', async (uri?: unknown, step?: unknown) => {
      const target =
        uri instanceof vscode.Uri
          ? uri
          : typeof uri === 'string'
            ? vscode.Uri.parse(uri)
            : currentProcessDocument()?.uri;
      if (!target || !/\.process\.ya?ml$|\.ocl$/.test(target.path)) {
        void vscode.window.showInformationMessage(
          'Open a process file (*.process.yaml) or an Octopus OCL file (.octopus/deployment_process.ocl) to see its map.',
        );
        return undefined;
      }
      return maps.show(target, typeof step === 'number' ? step : undefined);
    }),
    vscode.commands.registerCommand('stepwise.showTimeline', (arg?: unknown) =>
      timelines.show(taskLogArg(arg) ?? (arg as TaskArg)),
    ),
    vscode.commands.registerCommand('stepwise.showDashboard', (arg?: CommandArg) => dashboards.show(arg)),
    // OCL: the steps are in deployment_process.ocl; the project's other files get no lenses.
    vscode.languages.registerCodeLensProvider(
      [{ language: 'stepwise-process' }, { language: 'stepwise-ocl', pattern: '**/deployment_process.ocl' }],
      new MapLenses(client),
    ),
  );
  return { maps, timelines, dashboards };
}

/** From a task log's editor title: its URI names the connection and the task (taskLogDocuments.ts). */
function taskLogArg(arg: unknown): TaskArg | undefined {
  if (!(arg instanceof vscode.Uri) || arg.scheme !== TASK_LOG_SCHEME) return undefined;
  const query = new URLSearchParams(arg.query);
  const taskId = query.get('task');
  return taskId
    ? {
        taskId,
        connection: query.get('connection') ?? undefined,
        title: arg.path.replace(/^\//, '').replace(/ \([^)]*\)\.log$/, ''),
      }
    : undefined;
}

/** "Map" above each step: opens the process map scrolled to that step. */
class MapLenses implements vscode.CodeLensProvider {
  constructor(private readonly client: LanguageClient) {}

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    try {
      const map = await this.client.sendRequest(ProcessMapRequest, { uri: document.uri.toString() });
      return map.steps.map((step) => {
        const at = new vscode.Range(
          step.range.start.line,
          step.range.start.character,
          step.range.start.line,
          step.range.start.character,
        );
        return new vscode.CodeLens(at, {
          title: '$(type-hierarchy) Map',
          command: 'stepwise.showProcessMap',
          arguments: [document.uri, step.index],
          tooltip: `Show ${step.name} on the process map`,
        });
      });
    } catch {
      return [];
    }
  }
}
