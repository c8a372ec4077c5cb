// Runs `stepwise server …` straight from the sources (tests start the real server process with
// `node --import tsx deployment-server/src/main.ts`); the bundled CLI reaches the same command.
import { runServerCommand } from './serverCommand';

void runServerCommand(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  cwd: process.cwd(),
}).then((code) => {
  process.exitCode = code;
});
