import { parseArgs } from 'node:util';
import { runConvert } from './convertCommand';
import { runPreview } from './previewCommand';
import { runPull } from './pullCommand';
import { runRender } from './renderCommand';
import { runTemplate } from './templateCommand';
import { runValidate } from './validateCommand';
import { parseOrUsage, UsageError, type CliIo } from '@stepwise/core/cli/commandLine';
import { STEPWISE_VERSION } from '@stepwise/core/version';

export const VERSION = STEPWISE_VERSION;

const HELP = `stepwise ${VERSION} — Octopus deployment processes as code

Usage:
  stepwise validate [PATH…] [--format text|json|github|gitlab|sarif]
                                                     check process, space and .octopus/**/*.ocl files (default: .)
  stepwise convert SOURCE --to yaml|ocl [--out PATH]
                                                     convert one project between OCL files (a folder such
                                                     as .octopus or .octopus/backend) and a *.process.yaml
  stepwise preview FILE --environment NAME [--runbook NAME] [--channel C] [--release V]
                   [--target T] [--tenant NAME] [--var K=V]… [--format yaml|json]
                                                     the process as that deployment would run it
                                                     (FILE: a *.process.yaml, or an OCL project folder or .ocl file)
                                                     (a runbooks/<slug>.ocl file previews that runbook)
  stepwise render [TEMPLATE] [--variables FILE.json] [--var K=V]…
                                                     evaluate one Octopus template (stdin when absent)
  stepwise template import FILE.json [--space FILE]  add a step template from Octopus's JSON export
                                                     (the community library's format) to the space file
  stepwise template export NAME|ID [--space FILE] [--out FILE.json]
                                                     a space file's step template in that format
  stepwise pull --server URL --api-key KEY --project NAME [--space S] [--out FILE]
                                                     write a project on an Octopus server as a process
                                                     file, and what it uses into .octopus/space.yaml
                                                     (the key may come from OCTOPUS_API_KEY)
  stepwise lsp --stdio                               run the language server over stdio
  stepwise server [--host H] [--port N] [--data DIR] [--workspace DIR] [--api-key KEY]
                                                     run the local deployment server (Octopus REST API)
  stepwise --help | --version

Exit codes: 0 no errors, 1 errors found, 2 usage or I/O error.
`;

/** The `stepwise` command line. Returns the exit code; never throws. */
export async function runCli(args: string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [command, ...rest] = args;
    switch (command) {
      case 'validate':
        return await runValidate(rest, io);
      case 'preview':
        return await runPreview(rest, io);
      case 'render':
        return await runRender(rest, io);
      case 'convert':
        return await runConvert(rest, io);
      case 'template':
        return await runTemplate(rest, io);
      case 'pull':
        return await runPull(rest, io);
      case 'lsp':
        return await runLsp(rest);
      case 'server':
        return await (await import('@stepwise/deployment-server')).runServerCommand(rest, io);
      case '--version':
      case '-v':
        io.out(`${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        io.out(HELP);
        return 0;
      case undefined:
        io.err(HELP);
        return 2;
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`stepwise: ${error.message}\n${error.showHelpHint ? "Run 'stepwise --help' for usage.\n" : ''}`);
      return 2;
    }
    io.err(`stepwise: ${(error as Error).message}\n`);
    return 2;
  }
}

async function runLsp(args: string[]): Promise<number> {
  const { values } = parseOrUsage(() => parseArgs({ args, options: { stdio: { type: 'boolean' } }, strict: true }));
  if (!values.stdio) throw new UsageError("'stepwise lsp' needs --stdio (the only transport it speaks)");
  const { createServerConnection } = await import('../transport/serverConnection');
  const { startLanguageServer } = await import('../languageServer');
  startLanguageServer(createServerConnection('stdio'));
  // The connection keeps the process alive until the client sends `exit`.
  return await new Promise<number>(() => {});
}

function processIo(): CliIo {
  return { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), cwd: process.cwd() };
}
