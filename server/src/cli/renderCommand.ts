import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateTemplate } from '@stepwise/core/template';
import { parseVarOptions, readTextFile } from './inputs';
import { parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';

/**
 * `stepwise render [TEMPLATE] --variables FILE.json [--var K=V]…` — evaluates one template
 * exactly as Octostache would and prints the result with nothing added. Where Octostache
 * reports an error the message goes to stderr and the exit code is 1.
 */
export async function runRender(args: string[], io: CliIo & { stdin?: () => Promise<string> }): Promise<number> {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({
      args,
      options: { variables: { type: 'string' }, var: { type: 'string', multiple: true } },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (positionals.length > 1)
    throw new UsageError('render takes one template (quote it), or reads it from standard input');
  const variables: Record<string, string> = {};
  if (values.variables)
    Object.assign(variables, readVariablesFile(path.resolve(io.cwd, values.variables), values.variables));
  Object.assign(variables, parseVarOptions(values.var));

  const template = positionals.length ? positionals[0] : await (io.stdin ?? readStdin)();
  const { result, errors } = evaluateTemplate(template, variables);
  if (result !== null) io.out(result);
  for (const error of errors) io.err(`${error}\n`);
  return errors.length ? 1 : 0;
}

function readVariablesFile(file: string, shown: string): Record<string, string> {
  const text = readTextFile(file, shown);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shown} is not valid JSON: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`${shown} must hold one JSON object of variable names to values, like {"Greeting": "Hello"}`);
  }
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(data)) {
    // Octopus variables are strings; other JSON values become their JSON text (JSON-valued variables).
    out[name] = value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
