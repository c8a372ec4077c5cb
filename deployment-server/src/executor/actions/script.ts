import type { LogCategory } from '../../log/taskLog';
import { runScript, UnsupportedScriptError } from '../scripts/runScript';
import type { ActionHandler, ActionOutcome, ActionSite, ExecutorServices } from '../types';

/** `Octopus.Script`: an inline script, run for real on this machine. */
export const runScriptAction: ActionHandler = async (site, services) => {
  const source = site.properties['Octopus.Action.Script.ScriptSource'] ?? 'Inline';
  if (source !== 'Inline') {
    return {
      status: 'failed',
      message: `Scripts from a package (ScriptSource '${source}') are not supported by the Stepwise server; put the script inline.`,
    };
  }
  // Octopus's own default syntax is PowerShell; Stepwise's file format defaults to Bash when it writes the property.
  const syntax = site.properties['Octopus.Action.Script.Syntax'] || 'PowerShell';
  return executeScript(site, services, syntax, site.properties['Octopus.Action.Script.ScriptBody'] ?? '');
};

/** Runs one script at a site and turns its result into the action's outcome. */
export async function executeScript(
  site: ActionSite,
  services: ExecutorServices,
  syntax: string,
  body: string,
  cwd?: string,
): Promise<ActionOutcome> {
  const timeoutMs = services.scriptTimeoutMs;
  try {
    const result = await runScript({
      syntax,
      body,
      variables: site.evaluatedVariables(),
      workDir: site.workDir,
      cwd,
      hiddenPaths: [services.dataDir],
      timeoutMs,
      signal: site.run.signal,
      output: (category: LogCategory, text: string) => site.activity.write(category, text),
      mask: (value) => site.run.masker.add(value),
    });
    for (const v of result.outputVariables) site.setOutput(v.name, v.value, v.sensitive);
    if (result.aborted) return { status: 'canceled' };
    if (result.timedOut)
      return {
        status: 'failed',
        message: `The script did not finish within ${Math.round(timeoutMs / 1000)} seconds and was stopped.`,
      };
    if (result.exitCode !== 0) {
      const exit = result.exitCode === null ? 'was stopped by a signal' : `failed with exit code ${result.exitCode}`;
      return { status: 'failed', message: result.resultMessage ? result.resultMessage : `The remote script ${exit}` };
    }
    return { status: 'success' };
  } catch (error) {
    if (error instanceof UnsupportedScriptError) return { status: 'failed', message: error.message };
    throw error;
  }
}
