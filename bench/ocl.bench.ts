// OCL on a generated 10,000-line deployment_process.ocl: the parse alone (the floor), the whole
// engine check of the project (parse + load into the model + every process check), edit →
// diagnostics for an edit inside one line of a script heredoc and for an edit that adds a line to
// it (both the in-place path: that heredoc is read again, the rest of the tree and the steps off
// the edited lines are kept, those below moved by the added line), and writing the model back as OCL. Floor and edits are
// timed in turns within one run, so a busy machine slows them alike; each is also given as CPU
// time of this process, which other processes on the machine disturb less.
// In-process figures (the engine's part of what the language server does per edit).
// Run with `npm run bench` (or `node --import tsx bench/ocl.bench.ts --lines 10000 --runs 20`).
import { performance } from 'node:perf_hooks';
import { parseOcl } from '@stepwise/core/ocl/parseOcl';
import { projectToOcl } from '@stepwise/core/ocl/projectToOcl';
import { editOf } from '@stepwise/core/ocl/reparseOcl';
import { validateOclProject } from '@stepwise/core/ocl/validateOcl';
import { generateOclProcess } from './generateOcl';

const GOAL = { lines: 10_000, maxEditOverFloor: 1.5 };

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Sample {
  wall: number;
  cpu: number;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function sample(work: () => void): Sample {
  const cpu = cpuMs();
  const start = performance.now();
  work();
  return { wall: performance.now() - start, cpu: cpuMs() - cpu };
}

/** Runs each piece of work in turn, `runs` rounds after 3 of warm-up; medians of wall and CPU time. */
function timeInTurns(runs: number, works: Record<string, (round: number) => void>): Record<string, Sample> {
  const samples: Record<string, Sample[]> = {};
  for (let round = 0; round < runs + 3; round++)
    for (const [name, work] of Object.entries(works)) {
      const s = sample(() => work(round));
      if (round >= 3) (samples[name] ??= []).push(s);
    }
  return Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      { wall: median(list.map((s) => s.wall)), cpu: median(list.map((s) => s.cpu)) },
    ]),
  );
}

const lines = option('lines', GOAL.lines);
const runs = option('runs', 20);
const text = generateOclProcess(lines);
const actualLines = text.split('\n').length;
const path = 'deployment_process.ocl';
const files = [{ path, text }];

const first = validateOclProject(files, { name: 'Bench' });
const findings = [...first.diagnostics.values()].flat();
const steps = first.project.process.steps.length;

// The edits, in the middle of the file: a character typed into (then taken out of) a script line,
// and a line added to (then taken out of) that script. Each starts from the analysis of the text before.
const marker = text.indexOf('echo ready', Math.floor(text.length / 2));
const typed = `${text.slice(0, marker)}echo ready!${text.slice(marker + 'echo ready'.length)}`;
const newLine = `${text.slice(0, marker)}echo ready\n                  echo more${text.slice(marker + 'echo ready'.length)}`;
let inLine = validateOclProject(files, { name: 'Bench' });
let lineAdded = validateOclProject(files, { name: 'Bench' });
let inPlaceEdits = 0;
let linesInPlace = 0;
const editRound = (state: typeof inLine, edited: string, round: number): typeof inLine => {
  const next = validateOclProject([{ path, text: round % 2 === 0 ? edited : text }], {
    name: 'Bench',
    previous: new Map([[path, state.files[0].parsed]]),
  });
  const found = [...next.diagnostics.values()].flat().length;
  if (found !== findings.length) throw new Error(`the edit gave ${found} findings, not ${findings.length}`);
  return next;
};

const t = timeInTurns(runs, {
  floor: () => parseOcl(text),
  inLine: (round) => {
    inLine = editRound(inLine, typed, round);
    if (editOf(inLine.files[0].parsed)) inPlaceEdits++;
  },
  lineAdded: (round) => {
    lineAdded = editRound(lineAdded, newLine, round);
    if (editOf(lineAdded.files[0].parsed)) linesInPlace++;
  },
  full: () => validateOclProject(files, { name: 'Bench' }),
});
const write = timeInTurns(Math.max(3, Math.floor(runs / 4)), { write: () => projectToOcl(first.project) }).write;

const ms = (s: Sample) => `median ${s.wall.toFixed(1).padStart(6)} ms wall, ${s.cpu.toFixed(1).padStart(6)} ms CPU`;
const ratio = (s: Sample) =>
  `${(s.wall / t.floor.wall).toFixed(2)}x the floor (CPU ${(s.cpu / t.floor.cpu).toFixed(2)}x)`;
console.log(
  `OCL bench: ${actualLines} lines, ${(text.length / 1024).toFixed(0)} KiB, ${steps} steps, ${findings.length} findings on the generated file, ${runs} rounds`,
);
console.log(`  parse alone (floor)                 ${ms(t.floor)}`);
console.log(`  parse + load + all checks           ${ms(t.full)}  ${ratio(t.full)}`);
console.log(
  `  in-line heredoc edit → diagnostics  ${ms(t.inLine)}  ${ratio(t.inLine)}  (${inPlaceEdits} of ${runs + 3} updated in place)`,
);
console.log(
  `  line-adding edit → diagnostics      ${ms(t.lineAdded)}  ${ratio(t.lineAdded)}  (${linesInPlace} of ${runs + 3} updated in place)`,
);
console.log(`  model → OCL text                    ${ms(write)}`);
const worst = (key: 'wall' | 'cpu') => Math.max(t.inLine[key], t.lineAdded[key]) / t.floor[key];
const wallOk = worst('wall') <= GOAL.maxEditOverFloor;
const cpuOk = worst('cpu') <= GOAL.maxEditOverFloor;
console.log(
  `  goal: in-line and line-adding heredoc edits → diagnostics within ${GOAL.maxEditOverFloor}x of the parse floor at ${GOAL.lines.toLocaleString('en')} lines: ${wallOk ? 'HOLDS' : 'MISSED'} by wall time, ${cpuOk ? 'HOLDS' : 'MISSED'} by CPU time`,
);
if (findings.length)
  console.log(
    `  findings: ${findings
      .slice(0, 3)
      .map((d) => `${d.code} ${d.message}`)
      .join(' | ')}`,
  );
