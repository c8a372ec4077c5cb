// Edit → diagnostics latency of the Stepwise server on large process files, measured against
// the floor (the `yaml` parser alone, in-process) and against yaml-language-server validating
// the same file with the process schema. Run with `npm run bench` (builds first).
//
// Options: --sizes 1000,10000  --edits 20  --warmup 10 --out bench/results/latest.json
//          --server path/to/server.js (default: dist/server.js)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import type { Diagnostic, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { startYamlLanguageServer } from './yamlLanguageServer';
import { LspClient, type ReceivedDiagnostics } from '../test/support/lspClient';
import { fileUri, repoRoot, serverBundle } from '../test/support/paths';
import { generateProcess, generateSpace, type GeneratedProcess } from './generateProcess';
import { resolveProcessSchema } from './processSchema';

/** yaml-language-server waits this long after a change before validating (yamlSettings.validationDelayMs, not configurable). */
const YAML_LS_VALIDATION_DELAY_MS = 200;
const GOALS = { lines: 10_000, maxOursOverFloor: 2, minYamlLsOverOurs: 3 };

interface Options {
  sizes: number[];
  edits: number;
  warmup: number;
  out: string;
  server: string;
}

interface Stats {
  median: number;
  p95: number;
  min: number;
  max: number;
  samples: number[];
}

interface ServerRun {
  stats: Stats;
  /** Time to the last publish for each edit's version, when the server publishes more than once per version. */
  lastPublish?: Stats;
  /** Diagnostics on the unedited, valid file (should be 0). */
  diagnosticsOnValidFile: number;
  firstMessages: string[];
  /** Diagnostics on a copy with `project:` misspelled (a schema error). */
  diagnosticsOnBrokenFile: number;
  openMs: number;
  versioned: boolean;
}

interface SizeResult {
  lines: number;
  bytes: number;
  steps: number;
  floor: Stats;
  ours: ServerRun;
  yamlLs: ServerRun | { error: string };
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    sizes: (value('sizes') ?? '1000,10000').split(',').map(Number),
    edits: Number(value('edits') ?? 20),
    warmup: Number(value('warmup') ?? 10),
    out: path.resolve(repoRoot, value('out') ?? 'bench/results/latest.json'),
    server: path.resolve(repoRoot, value('server') ?? serverBundle),
  };
}

// ── Edits ───────────────────────────────────────────────────────────────────

/**
 * A comment line added above a step (even i) and removed again (odd i): an edit that changes
 * the lines of the file, for which Stepwise parses the whole text again.
 */
function lineEditAt(generated: GeneratedProcess, i: number): TextDocumentContentChangeEvent {
  const { line } = generated.nameEdit;
  return i % 2 === 0
    ? { range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '  # a note\n' }
    : { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' };
}

/** The i-th edit turns the marker into `B` (even i) or back into `A` (odd i), so every edit changes the text. */
function editAt(generated: GeneratedProcess, i: number): TextDocumentContentChangeEvent {
  const { line, character } = generated.edit;
  return {
    range: { start: { line, character }, end: { line, character: character + 1 } },
    text: i % 2 === 0 ? 'B' : 'A',
  };
}

function textWithMarker(generated: GeneratedProcess, marker: 'A' | 'B'): string {
  const lines = generated.text.split('\n');
  const l = lines[generated.edit.line];
  lines[generated.edit.line] = l.slice(0, generated.edit.character) + marker + l.slice(generated.edit.character + 1);
  return lines.join('\n');
}

function brokenCopy(generated: GeneratedProcess): string {
  return generated.text.replace(/^project:/m, 'projekt:');
}

// ── Measurements ────────────────────────────────────────────────────────────

/** The floor: parsing the edited text with `yaml` in this process, nothing else. */
function floorSample(texts: string[], i: number): number {
  const t0 = performance.now();
  const document = parseDocument(texts[i % 2]);
  const elapsed = performance.now() - t0;
  if (document.errors.length) throw new Error(`The generated file does not parse: ${document.errors[0].message}`);
  return elapsed;
}

/** Waits until the server has published nothing for `ms` milliseconds. */
async function quiet(client: LspClient, uri: string, ms: number): Promise<void> {
  for (;;) {
    try {
      await client.waitForDiagnostics(uri, { timeoutMs: ms });
    } catch {
      return;
    }
  }
}

async function openAndWait(
  client: LspClient,
  uri: string,
  text: string,
  languageId: string,
): Promise<{ published: ReceivedDiagnostics; ms: number }> {
  const next = client.waitForDiagnostics(uri, { timeoutMs: 60_000 });
  const t0 = performance.now();
  await client.open(uri, text, languageId);
  const published = await next;
  return { published, ms: published.receivedAt - t0 };
}

/** One server editing one generated file: the broken-copy check, then one timed edit at a time. */
class EditSession {
  private readonly latencies: number[] = [];
  private readonly starts = new Map<number, number>();
  private edits = 0;

  private constructor(
    private readonly client: LspClient,
    private readonly uri: string,
    private readonly generated: GeneratedProcess,
    private readonly versioned: boolean,
    private readonly opened: { diagnostics: Diagnostic[]; ms: number; brokenDiagnostics: number },
  ) {}

  static async open(
    client: LspClient,
    uri: string,
    generated: GeneratedProcess,
    languageId: string,
  ): Promise<EditSession> {
    // A deliberately broken copy first: tells whether the server checks the schema at all.
    const brokenUri = uri.replace(/\.process\.yaml$/, '.broken.process.yaml');
    const broken = await openAndWait(client, brokenUri, brokenCopy(generated), languageId);
    await quiet(client, brokenUri, 300);
    const brokenDiagnostics = (client.diagnostics(brokenUri) ?? broken.published).diagnostics.length;
    await client.close(brokenUri);

    const opened = await openAndWait(client, uri, generated.text, languageId);
    await quiet(client, uri, 300);
    const settled = client.diagnostics(uri) ?? opened.published;
    const versioned = opened.published.version !== undefined;
    return new EditSession(client, uri, generated, versioned, {
      diagnostics: settled.diagnostics,
      ms: opened.ms,
      brokenDiagnostics,
    });
  }

  /** One edit, timed from sending `didChange` to the publish for it; recorded unless it is a warm-up. */
  async edit(
    record: boolean,
    change: (i: number) => TextDocumentContentChangeEvent = (i) => editAt(this.generated, i),
  ): Promise<void> {
    const { client, uri } = this;
    const version = client.document(uri).version + 1;
    // A server that leaves out the version gets no version filter; it is only ever one edit behind here.
    const next = client.waitForDiagnostics(
      uri,
      this.versioned ? { version, timeoutMs: 60_000 } : { timeoutMs: 60_000 },
    );
    const t0 = performance.now();
    await client.change(uri, [change(this.edits++)]);
    const published = await next;
    if (record) {
      this.latencies.push(published.receivedAt - t0);
      this.starts.set(version, t0);
    }
    await quiet(client, uri, 40);
  }

  async finish(): Promise<ServerRun> {
    const { client, uri } = this;
    let lastPublish: Stats | undefined;
    if (this.versioned) {
      const published = client.publishedDiagnostics(uri);
      const forVersion = (v: number): ReceivedDiagnostics[] => published.filter((p) => p.version === v);
      if ([...this.starts.keys()].some((v) => forVersion(v).length > 1)) {
        lastPublish = stats(
          [...this.starts].map(([v, t0]) => Math.max(...forVersion(v).map((p) => p.receivedAt)) - t0),
        );
      }
    }
    await client.close(uri);
    return {
      stats: stats(this.latencies),
      lastPublish,
      diagnosticsOnValidFile: this.opened.diagnostics.length,
      firstMessages: this.opened.diagnostics.slice(0, 3).map(describe),
      diagnosticsOnBrokenFile: this.opened.brokenDiagnostics,
      openMs: this.opened.ms,
      versioned: this.versioned,
    };
  }
}

/**
 * Two edits back to back, then two edits 50 ms apart: a server that waits a fixed delay after
 * a change publishes for neither first edit; one that only coalesces edits arriving together
 * skips just the first of the back-to-back pair.
 */
async function detectDebounce(
  client: LspClient,
  uri: string,
  generated: GeneratedProcess,
): Promise<{ coalesces: boolean; debounces: boolean; note: string }> {
  await openAndWait(client, uri, generated.text, 'stepwise-process');
  await quiet(client, uri, 300);
  const publishesFirstOf = async (gapMs: number): Promise<boolean> => {
    const first = await client.change(uri, [editAt(generated, 0)]);
    if (gapMs) await new Promise((resolve) => setTimeout(resolve, gapMs));
    const second = await client.change(uri, [editAt(generated, 1)]);
    await client.waitForDiagnostics(uri, { version: second, timeoutMs: 30_000 });
    await quiet(client, uri, 300);
    return client.publishedDiagnostics(uri).some((p) => p.version === first);
  };
  const together = await publishesFirstOf(0);
  const apart = await publishesFirstOf(50);
  await client.close(uri);
  if (!apart)
    return {
      coalesces: true,
      debounces: true,
      note: 'DEBOUNCES: it waits 50 ms or more after a change before publishing; the figures include that wait',
    };
  if (!together)
    return {
      coalesces: true,
      debounces: false,
      note: 'coalesces edits that arrive together, with no fixed delay (no debounce)',
    };
  return { coalesces: false, debounces: false, note: 'publishes for every version (no debounce)' };
}

// ── yaml-language-server ────────────────────────────────────────────────────

/** Fails unless yaml-language-server reports a schema error on a file that breaks the schema. */
async function checkYamlLsValidates(
  client: LspClient,
  workspace: string,
  generated: GeneratedProcess,
): Promise<string> {
  const uri = fileUri(path.join(workspace, 'check.process.yaml'));
  const next = client.waitForDiagnostics(uri, { until: (p) => p.diagnostics.length > 0, timeoutMs: 30_000 });
  await client.open(uri, brokenCopy(generated), 'yaml');
  const published = await next.catch(() => undefined);
  await client.close(uri);
  await quiet(client, uri, 300);
  const schemaError = published?.diagnostics.find(
    (d) => /schema/i.test(String(d.source ?? '')) || /project/i.test(messageOf(d)),
  );
  if (!schemaError)
    throw new Error(
      `yaml-language-server reported no schema error on a file without \`project\` (got: ${published?.diagnostics.map(describe).join('; ') ?? 'nothing'}).`,
    );
  return describe(schemaError);
}

// ── Reporting ───────────────────────────────────────────────────────────────

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const median =
    sorted.length % 2
      ? sorted[(sorted.length - 1) / 2]
      : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { median, p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1], samples: samples.map(round) };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function ms(value: number): string {
  return value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function messageOf(d: Diagnostic): string {
  return typeof d.message === 'string' ? d.message : d.message.value;
}

function describe(d: Diagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1} ${messageOf(d)}${d.source ? ` [${d.source}]` : ''}`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

function gitState(): { commit: string; serverSourcesDirty: boolean } {
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
  try {
    return {
      commit: git('rev-parse', '--short', 'HEAD'),
      serverSourcesDirty: git('status', '--porcelain', '--', 'server', 'core').length > 0,
    };
  } catch {
    return { commit: 'unknown', serverSourcesDirty: false };
  }
}

// ── Main ────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-'));
  const git = gitState();
  try {
    mkdirSync(path.join(workspace, '.octopus'));
    writeFileSync(path.join(workspace, '.octopus', 'space.yaml'), generateSpace());
    const schema = resolveProcessSchema(workspace);
    const generated = new Map(options.sizes.map((n) => [n, generateProcess(n)]));
    const uriOf = (n: number): string => {
      const file = path.join(workspace, `acme-${n}.process.yaml`);
      writeFileSync(file, generated.get(n)!.text);
      return fileUri(file);
    };

    const server =
      options.server === serverBundle
        ? `commit ${git.commit}${git.serverSourcesDirty ? ' (+ uncommitted server/core changes)' : ''}`
        : path.relative(repoRoot, options.server);
    console.log(`Stepwise diagnostics benchmark — server ${server}, node ${process.version}, ${os.cpus().length} CPUs`);
    const loadBefore = os.loadavg()[0];
    console.log(
      `Edit → publishDiagnostics, median and p95 of ${options.edits} one-character edits in a script block after ${options.warmup} warm-up edits.`,
    );
    console.log(
      schema.placeholder
        ? `schemas/process.schema.json does not exist yet: yaml-language-server validates against a placeholder schema written from the spec (${schema.path}).`
        : `Schema: ${path.relative(repoRoot, schema.path)}`,
    );

    // Both servers run side by side, and each round times the floor, then ours, then
    // yaml-language-server, one after the other: background load on the machine then
    // affects all three alike instead of skewing the ratios.
    const client = await LspClient.start({
      rootUri: fileUri(workspace),
      command: [process.execPath, options.server, '--stdio'],
    });
    const yls = await startYamlLanguageServer(workspace, schema.path, { editorFeatures: false });
    const floors = new Map<number, Stats>();
    const ours = new Map<number, ServerRun>();
    const lineEdits = new Map<number, Stats>();
    const yamlLs = new Map<number, ServerRun | { error: string }>();
    let yamlLsCheck: string;
    let yamlLsReady = false;
    let debounce: Awaited<ReturnType<typeof detectDebounce>>;
    try {
      try {
        yamlLsCheck = await checkYamlLsValidates(yls, workspace, generated.get(options.sizes[0])!);
        yamlLsReady = true;
      } catch (e) {
        yamlLsCheck = `FAILED: ${(e as Error).message}`;
      }
      for (const n of options.sizes) {
        const g = generated.get(n)!;
        const uri = uriOf(n);
        const texts = [textWithMarker(g, 'B'), textWithMarker(g, 'A')];
        const oursSession = await EditSession.open(client, uri, g, 'stepwise-process');
        let ylsSession: EditSession | undefined;
        let ylsError = yamlLsReady ? undefined : yamlLsCheck;
        if (yamlLsReady)
          ylsSession = await EditSession.open(yls, uri, g, 'yaml').catch(
            (e: Error) => ((ylsError = e.message), undefined),
          );
        const floor: number[] = [];
        for (let i = 0; i < options.warmup + options.edits; i++) {
          const record = i >= options.warmup;
          const f = floorSample(texts, i);
          if (record) floor.push(f);
          await oursSession.edit(record);
          if (ylsSession)
            await ylsSession.edit(record).catch((e: Error) => ((ylsError = e.message), (ylsSession = undefined)));
        }
        floors.set(n, stats(floor));
        ours.set(n, await oursSession.finish());
        // The same number of edits that add or remove a line: Stepwise's full re-parse path.
        const linesSession = await EditSession.open(
          client,
          uri.replace(/\.process\.yaml$/, '-lines.process.yaml'),
          g,
          'stepwise-process',
        );
        for (let i = 0; i < options.warmup + options.edits; i++)
          await linesSession.edit(i >= options.warmup, (k) => lineEditAt(g, k));
        lineEdits.set(n, (await linesSession.finish()).stats);
        yamlLs.set(n, ylsSession ? await ylsSession.finish() : { error: ylsError ?? 'not measured' });
      }
      const smallest = Math.min(...options.sizes);
      debounce = await detectDebounce(
        client,
        fileUri(path.join(workspace, 'debounce.process.yaml')),
        generated.get(smallest)!,
      );
    } finally {
      await Promise.all([client.shutdown(), yls.shutdown()]);
    }
    const loadAfter = os.loadavg()[0];

    const results: SizeResult[] = options.sizes.map((n) => ({
      lines: n,
      bytes: Buffer.byteLength(generated.get(n)!.text),
      steps: generated.get(n)!.steps,
      floor: floors.get(n)!,
      ours: ours.get(n)!,
      yamlLs: yamlLs.get(n)!,
    }));

    // ── Print ──
    const rows = [
      [
        'lines',
        'floor: yaml parseDocument',
        'Stepwise server',
        'yaml-language-server',
        'ours / floor',
        'yaml-ls / ours',
      ],
    ];
    for (const r of results) {
      const y = 'stats' in r.yamlLs ? r.yamlLs.stats : undefined;
      rows.push([
        `${r.lines.toLocaleString('en')} (${(r.bytes / 1024).toFixed(0)} KB)`,
        `${ms(r.floor.median)} (p95 ${ms(r.floor.p95)})`,
        `${ms(r.ours.stats.median)} (p95 ${ms(r.ours.stats.p95)})`,
        y ? `${ms(y.median)} (p95 ${ms(y.p95)})` : 'n/a',
        `${(r.ours.stats.median / r.floor.median).toFixed(2)}×`,
        y ? `${(y.median / r.ours.stats.median).toFixed(2)}×` : 'n/a',
      ]);
    }
    console.log(`\n${table(rows)}\n`);
    console.log(
      'Edits that add or remove a line instead (Stepwise parses the whole file again; yaml-language-server compared with its figure above):',
    );
    for (const r of results) {
      const named = lineEdits.get(r.lines)!;
      const y = 'stats' in r.yamlLs ? r.yamlLs.stats : undefined;
      console.log(
        `  ${r.lines.toLocaleString('en')} lines: ${ms(named.median)} (p95 ${ms(named.p95)}), ${(named.median / r.floor.median).toFixed(2)}× the floor${y ? `, yaml-language-server ${(y.median / named.median).toFixed(2)}× slower` : ''}.`,
      );
    }

    for (const r of results) {
      if (r.ours.lastPublish)
        console.log(
          `  ${r.lines} lines: the server publishes more than once per edit; to the last publish: median ${ms(r.ours.lastPublish.median)}, p95 ${ms(r.ours.lastPublish.p95)}.`,
        );
      if (r.ours.diagnosticsOnValidFile)
        console.log(
          `  ${r.lines} lines: WARNING Stepwise reports ${r.ours.diagnosticsOnValidFile} diagnostics on the valid generated file, e.g. ${r.ours.firstMessages.join(' | ')}`,
        );
      if ('stats' in r.yamlLs && r.yamlLs.diagnosticsOnValidFile)
        console.log(
          `  ${r.lines} lines: WARNING yaml-language-server reports ${r.yamlLs.diagnosticsOnValidFile} diagnostics on the valid generated file, e.g. ${r.yamlLs.firstMessages.join(' | ')}`,
        );
      if ('error' in r.yamlLs) console.log(`  ${r.lines} lines: yaml-language-server: ${r.yamlLs.error}`);
    }
    const firstResult = results[0];
    console.log(
      `Stepwise server: ${debounce.note}; ${firstResult.ours.diagnosticsOnBrokenFile > 0 ? 'it reports' : 'it does NOT report'} the schema error in a copy without \`project\` (${firstResult.ours.diagnosticsOnBrokenFile} diagnostics).`,
    );
    console.log(`yaml-language-server: schema validation confirmed on a copy without \`project\`: ${yamlLsCheck}`);
    console.log(
      `yaml-language-server waits a fixed ${YAML_LS_VALIDATION_DELAY_MS} ms after each change before validating; its figures include that wait, as a user sees it.`,
    );
    for (const r of results) {
      if (!('stats' in r.yamlLs)) continue;
      const work = r.yamlLs.stats.median - YAML_LS_VALIDATION_DELAY_MS;
      console.log(
        `  ${r.lines} lines: without that wait ≈ ${ms(work)}, ${(work / r.ours.stats.median).toFixed(1)}× ours.`,
      );
    }

    const goal = results.find((r) => r.lines === GOALS.lines);
    const verdicts: Record<string, string> = {};
    if (goal) {
      const oursOverFloor = goal.ours.stats.median / goal.floor.median;
      verdicts.withinFloor = `${oursOverFloor <= GOALS.maxOursOverFloor ? 'PASS' : 'MISS'}: ours within ${GOALS.maxOursOverFloor}× of the floor at ${GOALS.lines.toLocaleString('en')} lines (${oursOverFloor.toFixed(2)}×)`;
      if ('stats' in goal.yamlLs) {
        const speedup = goal.yamlLs.stats.median / goal.ours.stats.median;
        verdicts.fasterThanYamlLs = `${speedup >= GOALS.minYamlLsOverOurs ? 'PASS' : 'MISS'}: ≥${GOALS.minYamlLsOverOurs}× faster than yaml-language-server at ${GOALS.lines.toLocaleString('en')} lines (${speedup.toFixed(2)}×)`;
      } else {
        verdicts.fasterThanYamlLs = 'MISS: yaml-language-server could not be measured';
      }
      console.log(`\n${Object.values(verdicts).join('\n')}`);
    }

    const report = {
      date: new Date().toISOString(),
      server: options.server === serverBundle ? 'dist/server.js' : options.server,
      commit: git.commit,
      serverSourcesDirty: git.serverSourcesDirty,
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      edits: options.edits,
      warmup: options.warmup,
      schema: {
        path: schema.placeholder ? '(placeholder)' : path.relative(repoRoot, schema.path),
        placeholder: schema.placeholder,
      },
      loadAverage: { before: loadBefore, after: loadAfter },
      debounce,
      yamlLsCheck,
      yamlLsValidationDelayMs: YAML_LS_VALIDATION_DELAY_MS,
      goals: verdicts,
      results,
      durationMs: Math.round(performance.now() - started),
    };
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `Load average (1 min): ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after — on a busy machine the ratios hold better than the absolute figures.`,
    );
    console.log(`\nWrote ${path.relative(repoRoot, options.out)} (${(report.durationMs / 1000).toFixed(0)} s).`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
