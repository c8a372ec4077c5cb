import * as vscode from 'vscode';
import { checkConnection, type ConnectionCheck } from '../octopus/checkConnection';
import { OctopusError } from '@stepwise/core/octopus/errors';
import { normalizeServerUrl } from '../octopus/octopusClient';
import type { Connection, Connections } from './connections';

export interface AddServerOptions {
  /** Given: no prompt for it. */
  url?: string;
  apiKey?: string;
  name?: string;
  /** Space name; default: the server's default space (or a pick when there are several). */
  space?: string;
  /** An existing server this replaces ("Edit Server…"): its values prefill the prompts. */
  replace?: Connection;
}

const KEY_HELP = 'In Octopus: your profile (top right) → My API Keys → New API key.';
/** The same help as the end of a sentence, after a refused key. */
const NEW_KEY_HINT = 'make a new one in Octopus under your profile (top right) → My API Keys.';

/**
 * Stepwise: Add Server… — asks for the URL and the API key (masked), checks them (`GET /api`,
 * then the spaces), says exactly what is wrong and lets the user fix that part, picks the space,
 * and keeps the server in `stepwise.servers` and the key in SecretStorage.
 */
export async function addServerCommand(
  connections: Connections,
  log: vscode.LogOutputChannel,
  options: AddServerOptions = {},
): Promise<Connection | undefined> {
  const interactive = !(options.url && options.apiKey);
  let url = options.url ?? options.replace?.url;
  let apiKey = options.apiKey;
  let askUrl = !options.url;
  let askKey = !options.apiKey;
  for (;;) {
    if (askUrl) {
      url = await vscode.window.showInputBox({
        title: options.replace ? `Edit ${options.replace.name}` : 'Add an Octopus server',
        prompt: 'The address you open Octopus at in a browser',
        placeHolder: 'https://your-instance.octopus.app',
        value: url ?? 'https://',
        ignoreFocusOut: true,
        validateInput: (value) => {
          try {
            normalizeServerUrl(value);
            if (/^[a-z]+:\/\/[^/?#]*@/i.test(value.trim()))
              return 'Leave the user name and password out of the address: Stepwise signs in with an API key.';
            return undefined;
          } catch {
            return 'Enter an http:// or https:// address, e.g. https://octopus.example.com';
          }
        },
      });
      if (!url) return undefined;
    }
    if (askKey) {
      apiKey = await vscode.window.showInputBox({
        title: `API key for ${url}`,
        prompt: `An API key of your Octopus user. ${KEY_HELP}`,
        placeHolder: 'API-XXXXXXXXXXXXXXXXXXXXXXXXXX',
        password: true,
        ignoreFocusOut: true,
        validateInput: (value) =>
          !value.trim()
            ? 'The key is needed to talk to the server.'
            : /^API-[A-Z0-9]+$/i.test(value.trim())
              ? undefined
              : {
                  message: 'Octopus API keys look like API- followed by letters and digits.',
                  severity: vscode.InputBoxValidationSeverity.Warning,
                },
      });
      if (!apiKey) return undefined;
      apiKey = apiKey.trim();
    }
    let check: ConnectionCheck;
    try {
      check = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking ${url}…`, cancellable: true },
        (_, token) =>
          checkConnection(
            { url: url!, apiKey: apiKey!, space: options.space ?? options.replace?.space, timeoutMs: 15_000 },
            { token },
          ),
      );
    } catch (error) {
      const octopus = error instanceof OctopusError ? error : undefined;
      if (octopus?.kind === 'cancelled') return undefined;
      const message = octopus?.message ?? String((error as Error)?.message ?? error);
      const said = octopus?.details.serverMessage;
      log.warn(`Add server ${url}: ${message}${said && !message.includes(said) ? ` The server said: ${said}` : ''}`);
      if (!interactive) throw error;
      const keyProblem = octopus?.kind === 'unauthorized' || octopus?.kind === 'forbidden';
      const spaceProblem = octopus?.kind === 'not-found';
      const buttons = keyProblem
        ? ['Enter Key Again', 'Edit URL']
        : spaceProblem
          ? ['Pick Space', 'Edit URL']
          : ['Edit URL', 'Retry', 'Enter Key Again'];
      // A refused key: one sentence, with the fix in it; the server's words are in the log only.
      const shown =
        octopus?.kind === 'unauthorized'
          ? `${message.replace(/\.$/, '')}: ${NEW_KEY_HINT}`
          : `${message}${keyProblem ? ` ${KEY_HELP}` : ''}`;
      const chosen = await vscode.window.showErrorMessage(shown, ...buttons);
      if (!chosen) return undefined;
      askUrl = chosen === 'Edit URL';
      askKey = chosen === 'Enter Key Again';
      if (chosen === 'Pick Space') {
        options = {
          ...options,
          space: undefined,
          replace: options.replace && { ...options.replace, space: undefined },
        };
        askUrl = askKey = false;
      }
      continue;
    }

    let space = check.space;
    if (!options.space && !options.replace?.space && check.spaces.length > 1 && interactive) {
      const picked = await vscode.window.showQuickPick(
        check.spaces.map((s) => ({ label: s.Name, description: s.IsDefault ? 'default space' : s.Id, space: s })),
        { placeHolder: `Which space of ${check.client.baseUrl}?` },
      );
      if (!picked) return undefined;
      space = picked.space;
    }
    const host = new URL(check.client.baseUrl).host;
    let name = options.name ?? options.replace?.name;
    if (!name && interactive) {
      name = await vscode.window.showInputBox({
        title: 'Name this server',
        prompt: 'Shown in the Stepwise view and the status bar',
        value: host,
        ignoreFocusOut: true,
      });
      if (name === undefined) return undefined;
    }
    const connection = await connections.save(
      {
        name: name?.trim() || host,
        url: check.client.baseUrl,
        space: check.spaces.length > 1 || options.space ? space.Name : undefined,
      },
      apiKey!,
      options.replace,
    );
    log.info(
      `Added ${connection.name}: ${connection.url}, space ${space.Name} (${space.Id}), ${check.root.Application ?? 'Octopus'} ${check.root.Version}.`,
    );
    void vscode.window.showInformationMessage(
      `Connected to ${connection.name}: ${check.root.Application ?? 'Octopus Deploy'} ${check.root.Version}, space ${space.Name}.`,
    );
    return connection;
  }
}
