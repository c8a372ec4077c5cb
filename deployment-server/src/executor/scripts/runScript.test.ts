import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { LogCategory } from '../../log/taskLog';
import { runScript, type ScriptRun } from './runScript';
import { parseServiceMessage } from './serviceMessages';

describe('runScript', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-script-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const run = async (
    syntax: string,
    body: string,
    variables: Record<string, string> = {},
    extra: Partial<ScriptRun> = {},
  ) => {
    const lines: [LogCategory, string][] = [];
    const masks: string[] = [];
    const result = await runScript({
      syntax,
      body,
      variables: new Map(Object.entries(variables)),
      workDir: path.join(dir, String(n++)),
      hiddenPaths: [],
      timeoutMs: 10_000,
      signal: new AbortController().signal,
      output: (category, text) => lines.push([category, text]),
      mask: (value) => masks.push(value),
      ...extra,
    });
    return { result, lines, masks };
  };
  const tricky = {
    'Quote\'s "here"': "it's a $HOME `x` \\ value\nsecond line",
    'Octopus.Action[Step A].Output.X': 'out',
    Empty: '',
  };

  it('gives bash get_octopusvariable (case-insensitive, exact values), set_octopusvariable and fail_step', async () => {
    const { result, lines } = await run(
      'Bash',
      `get_octopusvariable "quote's \\"HERE\\""
echo "[$(get_octopusvariable 'Octopus.Action[Step A].Output.X')]"
echo "[$(get_octopusvariable Unknown)]"
echo "\${octopus_parameters[Empty]-unset}|\${#octopus_parameters[@]}"
set_octopusvariable "Name with spaces" "value 'quoted' & more"
set_octopusvariable "Secret" "hush" -sensitive
write_warning "careful"
fail_step "it went wrong"
echo "not reached"`,
      tricky,
    );
    assert.equal(result.exitCode, 1);
    assert.equal(result.resultMessage, 'it went wrong');
    assert.deepEqual(result.outputVariables, [
      { name: 'Name with spaces', value: "value 'quoted' & more", sensitive: false },
      { name: 'Secret', value: 'hush', sensitive: true },
    ]);
    const info = lines.filter(([c]) => c === 'Info').map(([, t]) => t);
    assert.deepEqual(info, ["it's a $HOME `x` \\ value", 'second line[out]', '[]', '|3']);
    assert.deepEqual(
      lines.find(([c]) => c === 'Warning'),
      ['Warning', 'careful'],
    );
  });

  it('gives Python get_octopusvariable, set_octopusvariable and fail_step', async () => {
    const { result, lines } = await run(
      'Python',
      'print(get_octopusvariable("QUOTE\'S \\"HERE\\""))\nset_octopusvariable("X", "1", True)\nprintwarning("w")\nfail_step("py failed")\n',
      tricky,
    );
    assert.equal(result.exitCode, 1);
    assert.equal(result.resultMessage, 'py failed');
    assert.deepEqual(result.outputVariables, [{ name: 'X', value: '1', sensitive: true }]);
    assert.equal(lines[0][1], "it's a $HOME `x` \\ value");
  });

  it('logs standard error as errors and reports the exit code', async () => {
    const { result, lines } = await run('Bash', 'echo oops >&2; exit 3');
    assert.equal(result.exitCode, 3);
    assert.deepEqual(lines, [['Error', 'oops']]);
  });

  // The test's own timeout only guards against a hang: returning at all means the sleeps (300 s)
  // were stopped, not waited for; the background child is checked by its process id.
  it('stops a script at its timeout, with everything it started', { timeout: 120_000 }, async () => {
    const pidFile = path.join(dir, 'background.pid');
    const { result } = await run('Bash', `sleep 300 & echo $! > '${pidFile}'; sleep 300`, {}, { timeoutMs: 300 });
    assert.equal(result.timedOut, true);
    const background = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(background > 0, "the script wrote its background child's id");
    // A killed child may linger a moment until it is reaped; it must be gone within a few tries.
    let alive = true;
    for (let tries = 0; alive && tries < 100; tries++) {
      alive = isRunning(background);
      if (alive) await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(alive, false, `the background sleep (pid ${background}) was stopped with the script`);
  });

  it('refuses what it cannot run', async () => {
    await assert.rejects(run('CSharp', 'x'), /CSharp scripts are not supported/);
    await assert.rejects(run('Perl', 'x'), /Script syntax 'Perl' is not supported/);
  });

  it('parses Octopus service messages with base64 attributes', () => {
    assert.deepEqual(parseServiceMessage("##octopus[setVariable name='Zm9v' value='YmFy']"), {
      name: 'setVariable',
      attributes: { name: 'foo', value: 'bar' },
    });
    assert.deepEqual(parseServiceMessage('##octopus[stdout-verbose]'), { name: 'stdout-verbose', attributes: {} });
    assert.equal(parseServiceMessage('##octopus[broken'), undefined);
  });
});

/** Whether a process with this id exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: the state letter after the command's closing parenthesis; Z is a zombie.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}
