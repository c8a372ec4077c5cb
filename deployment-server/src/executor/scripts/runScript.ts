import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LogCategory } from '../../log/taskLog';
import { POWERSHELL_BOOTSTRAP, PYTHON_BOOTSTRAP, shellBootstrap } from './bootstrap';
import { writeProcessGroupRecord } from './processGroup';
import { parseServiceMessage } from './serviceMessages';

export interface ScriptRun {
  /** Octopus's `Octopus.Action.Script.Syntax`: Bash, PowerShell, Python, CSharp, FSharp. */
  syntax: string;
  body: string;
  /** Every variable the script can read, already evaluated. */
  variables: Map<string, string>;
  /** Where the script and its helper files are written (readable by the server's user only). */
  workDir: string;
  /** Where it runs; default `workDir`. */
  cwd?: string;
  /** Folders the script's environment must not reveal (the server's data folder). */
  hiddenPaths: string[];
  timeoutMs: number;
  signal: AbortSignal;
  output(category: LogCategory, text: string): void;
  /** A value the log must mask from now on (sensitive output variables, `##octopus[mask]`). */
  mask(value: string): void;
}

export interface ScriptResult {
  exitCode: number | null;
  outputVariables: { name: string; value: string; sensitive: boolean }[];
  /** `fail_step`'s message. */
  resultMessage?: string;
  timedOut: boolean;
  aborted: boolean;
}

/** A script this machine cannot run; the step fails with the message. */
export class UnsupportedScriptError extends Error {}

const PID_FILE = '.stepwise-pid';
const KILL_GRACE_MS = 3000;
const STREAM_DRAIN_MS = 1000;

/**
 * Runs a script as a child process in its own process group (so a timeout or a cancel stops
 * everything it started), with Octopus's helpers, streaming its output a line at a time and
 * acting on the service messages it prints.
 */
export async function runScript(run: ScriptRun): Promise<ScriptResult> {
  const { command, args } = prepare(run);
  const result: ScriptResult = { exitCode: null, outputVariables: [], timedOut: false, aborted: false };
  if (run.signal.aborted) return { ...result, aborted: true };

  const cwd = run.cwd ?? run.workDir;
  const child = spawn(command, args, {
    cwd,
    env: scriptEnvironment(run.hiddenPaths),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // For crash recovery: the process group to stop, and its leader's start time to recognise it.
  if (child.pid) writeProcessGroupRecord(path.join(run.workDir, PID_FILE), child.pid);
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    kill('SIGTERM');
    killTimer ??= setTimeout(() => kill('SIGKILL'), KILL_GRACE_MS);
  };
  const timeout = setTimeout(() => {
    result.timedOut = true;
    stop();
  }, run.timeoutMs);
  const onAbort = () => {
    result.aborted = true;
    stop();
  };
  run.signal.addEventListener('abort', onAbort, { once: true });

  let category: LogCategory = 'Info';
  const stdout = createInterface({ input: child.stdout!, crlfDelay: Infinity });
  const stderr = createInterface({ input: child.stderr!, crlfDelay: Infinity });
  stdout.on('line', (line) => {
    const message = line.startsWith('##octopus[') ? parseServiceMessage(line) : undefined;
    if (!message) return run.output(category, line);
    const a = message.attributes;
    switch (message.name) {
      case 'setVariable': {
        const sensitive = /^true$/i.test(a.sensitive ?? '');
        if (sensitive && a.value) run.mask(a.value);
        if (a.name) result.outputVariables.push({ name: a.name, value: a.value ?? '', sensitive });
        return;
      }
      case 'resultMessage':
        result.resultMessage = a.message;
        return;
      case 'mask':
        if (a.value) run.mask(a.value);
        return;
      case 'stdout-default':
        category = 'Info';
        return;
      case 'stdout-verbose':
        category = 'Verbose';
        return;
      case 'stdout-highlight':
        category = 'Highlight';
        return;
      case 'stdout-wait':
        category = 'Wait';
        return;
      case 'stdout-warning':
        category = 'Warning';
        return;
      case 'stdout-error':
        category = 'Error';
        return;
      case 'progress':
        return run.output('Verbose', `Progress: ${a.percentage ?? ''}% ${a.message ?? ''}`.trim());
      case 'createArtifact':
        return run.output(
          'Warning',
          `Artifact ${a.name ?? a.path ?? ''} was not collected: the Stepwise server does not keep artifacts.`,
        );
      default:
        return run.output(
          'Verbose',
          `The Stepwise server ignored the service message '${message.name}', which it does not support.`,
        );
    }
  });
  // Octopus logs standard error as errors; the exit code alone decides whether the script failed.
  stderr.on('line', (line) => run.output('Error', line));

  const closed = Promise.all([
    new Promise((r) => stdout.once('close', r)),
    new Promise((r) => stderr.once('close', r)),
  ]);
  const exit = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, error }));
    child.once('exit', (code) => resolve({ code }));
  });
  // A process the script started in the background may hold its output open: read what is
  // there, then let it be (as Octopus does, a script may start a long-running service).
  await Promise.race([closed, new Promise((r) => setTimeout(r, STREAM_DRAIN_MS))]);
  child.stdout?.destroy();
  child.stderr?.destroy();
  clearTimeout(timeout);
  if (killTimer) clearTimeout(killTimer);
  run.signal.removeEventListener('abort', onAbort);
  if (exit.error) throw new UnsupportedScriptError(`Could not start ${command}: ${exit.error.message}`);
  result.exitCode = exit.code;
  return result;
}

function prepare(run: ScriptRun): { command: string; args: string[] } {
  mkdirSync(run.workDir, { recursive: true });
  const write = (name: string, text: string) => {
    const file = path.join(run.workDir, name);
    writeFileSync(file, text, { mode: 0o600 });
    return file;
  };
  const syntax = run.syntax.toLowerCase();
  switch (syntax) {
    case 'bash':
    case 'sh': {
      const bash = syntax === 'bash' ? findExecutable('bash') : undefined;
      const shell = bash ?? findExecutable('sh');
      if (!shell)
        throw new UnsupportedScriptError(
          'Shell scripts need bash or sh, and neither is on the PATH of the Stepwise server.',
        );
      const script = write('script.sh', run.body);
      const bootstrap = write('bootstrap.sh', shellBootstrap(run.variables, script, !!bash));
      return { command: shell, args: [bootstrap] };
    }
    case 'python': {
      const python = findExecutable('python3');
      if (!python)
        throw new UnsupportedScriptError(
          'Python scripts need python3, which is not on the PATH of the Stepwise server.',
        );
      const script = write('script.py', run.body);
      const variables = write('variables.json', JSON.stringify(Object.fromEntries(run.variables)));
      const bootstrap = write('bootstrap.py', PYTHON_BOOTSTRAP);
      return { command: python, args: ['-u', bootstrap, variables, script] };
    }
    case 'powershell': {
      const pwsh = findExecutable('pwsh');
      if (!pwsh)
        throw new UnsupportedScriptError(
          'PowerShell scripts need pwsh (PowerShell 7), which is not installed on the machine running the Stepwise server.',
        );
      const script = write('script.ps1', run.body);
      const variables = write('variables.json', JSON.stringify(Object.fromEntries(run.variables)));
      const bootstrap = write('bootstrap.ps1', POWERSHELL_BOOTSTRAP);
      return {
        command: pwsh,
        args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', bootstrap, variables, script],
      };
    }
    case 'csharp':
    case 'fsharp':
      throw new UnsupportedScriptError(
        `${run.syntax} scripts are not supported by the Stepwise server (Octopus runs them with dotnet-script); use bash, Python or PowerShell.`,
      );
    default:
      throw new UnsupportedScriptError(
        `Script syntax '${run.syntax}' is not supported; use Bash, Python or PowerShell.`,
      );
  }
}

const executables = new Map<string, string | undefined>();

/** The full path of a command on the PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  if (executables.has(name)) return executables.get(name);
  let found: string | undefined;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      found = candidate;
      break;
    } catch {
      // not here
    }
  }
  executables.set(name, found);
  return found;
}

/**
 * The server's environment as the script's, without what would lead a script to the server's
 * secrets: the server's own settings (`STEPWISE_*`, an SMTP password), npm's variables and the
 * folders the server was started from (`npm_*`, `INIT_CWD`, `PWD`, `OLDPWD`; the shell sets `PWD`
 * to the script's folder), and any variable whose value names a hidden folder (the data folder).
 */
export function scriptEnvironment(
  hiddenPaths: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const hidden = hiddenPaths.flatMap((p) => [path.resolve(p), realPath(p)]);
  const reveals = (value: string | undefined) => !!value && hidden.some((p) => value.includes(p));
  return Object.fromEntries(
    Object.entries(env).filter(
      ([name, value]) => !/^(STEPWISE_|npm_)|^(INIT_CWD|PWD|OLDPWD)$/i.test(name) && !reveals(value),
    ),
  );
}

function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

export { PID_FILE };
