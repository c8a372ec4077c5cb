/** The `stepwise` command line. Exit codes: 0 clean, 1 errors found, 2 usage or I/O error. */
export async function runCli(args: string[]): Promise<number> {
  process.stderr.write(`stepwise: unknown command '${args[0] ?? ''}'\n`);
  return 2;
}
