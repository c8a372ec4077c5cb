// Editor features of the Stepwise server on large files: completion and hover latency on the
// 10,000-line process file (p50 and p95), compared with yaml-language-server answering the
// same requests on the same file with the same schema in the same run; the latency of a
// completion right after an edit; code lens and semantic tokens; and the memory (RSS) of a
// server holding 200 open process files of 1,000 lines. Run with `npm run bench` (builds first).
//
// Options: --lines 10000  --requests 200  --warmup 30  --files 200  --file-lines 1000
//          --out bench/results/editor-features.json  --server path/to/server.js
import { readFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Position } from 'vscode-languageserver-protocol/node';
import { startYamlLanguageServer } from './yamlLanguageServer';
import { LspClient, vscodeLikeClientCapabilities } from '../test/support/lspClient';
import { fileUri, repoRoot, serverBundle } from '../test/support/paths';
import { generateProcess, generateSpace } from './generateProcess';
import { resolveProcessSchema } from './processSchema';

const GOALS = { p50Ms: 10, rssMb: 300 };

interface Options {
  lines: number;
  requests: number;
  warmup: number;
  files: number;
  fileLines: number;
  out: string;
  server: string;
}

interface Stats {
  p50: number;
  p95: number;
  min: number;
  max: number;
  n: number;
}

function parseOptions(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return {
    lines: Number(value('lines') ?? 10_000),
    requests: Number(value('requests') ?? 200),
    warmup: Number(value('warmup') ?? 30),
    files: Number(value('files') ?? 200),
    fileLines: Number(value('file-lines') ?? 1_000),
    out: path.resolve(repoRoot, value('out') ?? 'bench/results/editor-features.json'),
    server: path.resolve(repoRoot, value('server') ?? serverBundle),
  };
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { p50: at(0.5), p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1], n: sorted.length };
}

const ms = (v: number) => (v >= 100 ? `${v.toFixed(0)} ms` : `${v.toFixed(2)} ms`);

// ── Where to ask ────────────────────────────────────────────────────────────

interface Probes {
  /** Inside a step key (`t|ype: …`): both servers complete keys from the schema. */
  key: Position[];
  /** Inside a `#{Name}` reference in a script: template completion (yaml-language-server sees a string). */
  template: Position[];
  /** On a step key (`roles`): both servers hover it from the schema. */
  hoverKey: Position[];
  /** On a variable reference: our hover shows its values per environment. */
  hoverVariable: Position[];
}

/** Ten places of each kind spread over the middle third of the file. */
function probes(text: string): Probes {
  const lines = text.split('\n');
  const from = Math.floor(lines.length / 3);
  const to = Math.floor((2 * lines.length) / 3);
  const pick = (match: (line: string) => number | undefined): Position[] => {
    const found: Position[] = [];
    for (let i = from; i < to; i++) {
      const character = match(lines[i]);
      if (character !== undefined) found.push({ line: i, character });
    }
    const step = Math.max(1, Math.floor(found.length / 10));
    return found.filter((_, i) => i % step === 0).slice(0, 10);
  };
  const reference = (line: string, offset: number) => {
    const at = line.indexOf('#{Service');
    return at >= 0 ? at + offset : undefined;
  };
  const result = {
    key: pick((l) => (/^ {4}type: /.test(l) ? 5 : undefined)),
    template: pick((l) => reference(l, 5)),
    hoverKey: pick((l) => (/^ {4}roles: /.test(l) ? 6 : undefined)),
    hoverVariable: pick((l) => reference(l, 6)),
  };
  for (const [kind, list] of Object.entries(result))
    if (list.length === 0) throw new Error(`No ${kind} probe in the generated file.`);
  return result;
}

/** Times `requests` requests (after `warmup`), cycling through the positions. */
async function timeRequests(
  client: LspClient,
  method: string,
  uri: string,
  positions: Position[],
  options: Options,
  check?: (result: unknown) => boolean,
): Promise<{ stats: Stats; checked: boolean }> {
  const samples: number[] = [];
  let checked = true;
  for (let i = 0; i < options.warmup + options.requests; i++) {
    const position = positions[i % positions.length];
    const t0 = performance.now();
    const result = await client.request(method, { textDocument: { uri }, position });
    const elapsed = performance.now() - t0;
    if (i >= options.warmup) samples.push(elapsed);
    if (i === options.warmup && check && !check(result)) checked = false;
  }
  return { stats: stats(samples), checked };
}

function completionCount(result: unknown): number {
  if (!result) return 0;
  return Array.isArray(result) ? result.length : ((result as { items?: unknown[] }).items?.length ?? 0);
}

async function settle(client: LspClient, uri: string, ms: number): Promise<void> {
  for (;;) {
    try {
      await client.waitForDiagnostics(uri, { timeoutMs: ms });
    } catch {
      return;
    }
  }
}

/** Resident set size of a process, from /proc (Linux) — what the user's machine pays. */
function rssMb(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return kb ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ── Main ────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = performance.now();
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'stepwise-bench-editor-'));
  try {
    mkdirSync(path.join(workspace, '.octopus'));
    writeFileSync(path.join(workspace, '.octopus', 'space.yaml'), generateSpace());
    const schema = resolveProcessSchema(workspace);
    const generated = generateProcess(options.lines);
    const file = path.join(workspace, `acme-${options.lines}.process.yaml`);
    writeFileSync(file, generated.text);
    const uri = fileUri(file);
    const where = probes(generated.text);

    console.log(`Stepwise editor-features benchmark — node ${process.version}, ${os.cpus().length} CPUs`);
    console.log(
      `${options.lines.toLocaleString('en')}-line process file (${(Buffer.byteLength(generated.text) / 1024).toFixed(0)} KB), ${options.requests} requests per row after ${options.warmup} warm-up requests, positions spread over the middle third.`,
    );

    // Announces VS Code's completion capabilities, so completion is measured as VS Code gets it:
    // documentation resolved per item when shown, the replaced range sent once for the list.
    const ours = await LspClient.start({
      rootUri: fileUri(workspace),
      command: [process.execPath, options.server, '--stdio'],
      capabilities: vscodeLikeClientCapabilities,
    });
    const yls = await startYamlLanguageServer(workspace, schema.path, { editorFeatures: true });
    const rows: { what: string; ours?: Stats; yamlLs?: Stats; note?: string }[] = [];
    const extra: Record<string, Stats | number | string> = {};
    try {
      await ours.open(uri, generated.text);
      await ours.waitForDiagnostics(uri, { timeoutMs: 60_000 });
      await yls.open(uri, generated.text, 'yaml');
      await settle(yls, uri, 1_000);

      const keyOurs = await timeRequests(
        ours,
        'textDocument/completion',
        uri,
        where.key,
        options,
        (r) => completionCount(r) > 0,
      );
      const keyYls = await timeRequests(
        yls,
        'textDocument/completion',
        uri,
        where.key,
        options,
        (r) => completionCount(r) > 0,
      );
      rows.push({
        what: 'completion: a step key (schema)',
        ours: keyOurs.stats,
        yamlLs: keyYls.stats,
        note: keyYls.checked ? undefined : 'yaml-language-server returned no items',
      });
      const templateOurs = await timeRequests(
        ours,
        'textDocument/completion',
        uri,
        where.template,
        options,
        (r) => completionCount(r) > 100,
      );
      const templateYls = await timeRequests(yls, 'textDocument/completion', uri, where.template, options);
      const templateList = await ours.request('textDocument/completion', {
        textDocument: { uri },
        position: where.template[0],
      });
      const templateKb = Buffer.byteLength(JSON.stringify(templateList)) / 1024;
      rows.push({
        what: 'completion: inside #{…}',
        ours: templateOurs.stats,
        yamlLs: templateYls.stats,
        note: `${completionCount(templateList)} items, ${templateKb.toFixed(0)} KB; yaml-language-server sees a plain string here`,
      });
      const hoverKeyOurs = await timeRequests(ours, 'textDocument/hover', uri, where.hoverKey, options, (r) => !!r);
      const hoverKeyYls = await timeRequests(yls, 'textDocument/hover', uri, where.hoverKey, options, (r) => !!r);
      rows.push({
        what: 'hover: a step key (schema)',
        ours: hoverKeyOurs.stats,
        yamlLs: hoverKeyYls.stats,
        note: hoverKeyYls.checked ? undefined : 'yaml-language-server returned no hover',
      });
      const hoverVarOurs = await timeRequests(ours, 'textDocument/hover', uri, where.hoverVariable, options, (r) =>
        /In each environment/.test(JSON.stringify(r)),
      );
      rows.push({ what: 'hover: a variable (values per environment)', ours: hoverVarOurs.stats });
      if (!keyOurs.checked || !templateOurs.checked || !hoverKeyOurs.checked || !hoverVarOurs.checked)
        console.log('WARNING: a Stepwise answer did not look as expected (no items / no hover).');

      // Right after an edit, a request waits for the new version's analysis (parse and checks).
      const afterEdit: number[] = [];
      for (let i = 0; i < 20 + 5; i++) {
        const { line, character } = generated.edit;
        await ours.change(uri, [
          { range: { start: { line, character }, end: { line, character: character + 1 } }, text: i % 2 ? 'A' : 'B' },
        ]);
        const t0 = performance.now();
        await ours.request('textDocument/completion', {
          textDocument: { uri },
          position: where.template[i % where.template.length],
        });
        if (i >= 5) afterEdit.push(performance.now() - t0);
        await settle(ours, uri, 50);
      }
      extra.completionRightAfterEdit = stats(afterEdit);

      const lensSamples: number[] = [];
      const tokenSamples: number[] = [];
      for (let i = 0; i < 12; i++) {
        // A new version each time, so nothing is cached between samples.
        const { line, character } = generated.edit;
        await ours.change(uri, [
          { range: { start: { line, character }, end: { line, character: character + 1 } }, text: i % 2 ? 'A' : 'B' },
        ]);
        await ours.waitForDiagnostics(uri, { timeoutMs: 30_000 });
        let t0 = performance.now();
        await ours.request('textDocument/codeLens', { textDocument: { uri } });
        if (i >= 2) lensSamples.push(performance.now() - t0);
        t0 = performance.now();
        await ours.request('textDocument/semanticTokens/full', { textDocument: { uri } });
        if (i >= 2) tokenSamples.push(performance.now() - t0);
      }
      extra.codeLensNewVersion = stats(lensSamples);
      extra.semanticTokensNewVersion = stats(tokenSamples);
    } finally {
      await Promise.all([ours.shutdown(), yls.shutdown()]);
    }

    // ── Memory: 200 open files of 1,000 lines ──
    const memory = await LspClient.start({
      rootUri: fileUri(workspace),
      command: [process.execPath, options.server, '--stdio'],
    });
    let memoryResult: { files: number; lines: number; rssIdleMb?: number; rssMb?: number; rssAfterRequestsMb?: number };
    try {
      const idle = rssMb(memory.pid);
      const uris: string[] = [];
      for (let i = 0; i < options.files; i++) {
        const g = generateProcess(options.fileLines, { project: `Project ${i + 1}` });
        const u = fileUri(path.join(workspace, 'many', `project-${i + 1}.process.yaml`));
        uris.push(u);
        const version = await memory.open(u, g.text);
        await memory.waitForDiagnostics(u, { version, timeoutMs: 30_000 });
      }
      const rss = rssMb(memory.pid);
      // Features build their indexes on first use: touch each file once more.
      for (const u of uris) {
        await memory.request('textDocument/hover', { textDocument: { uri: u }, position: { line: 40, character: 6 } });
        await memory.request('textDocument/documentSymbol', { textDocument: { uri: u } });
      }
      memoryResult = {
        files: options.files,
        lines: options.fileLines,
        rssIdleMb: idle,
        rssMb: rss,
        rssAfterRequestsMb: rssMb(memory.pid),
      };
    } finally {
      await memory.shutdown();
    }

    // ── Print ──
    const table = [['request (10,000 lines)', 'Stepwise p50', 'p95', 'yaml-language-server p50', 'p95', 'note']];
    for (const r of rows) {
      table.push([
        r.what,
        ms(r.ours!.p50),
        ms(r.ours!.p95),
        r.yamlLs ? ms(r.yamlLs.p50) : '—',
        r.yamlLs ? ms(r.yamlLs.p95) : '—',
        r.note ?? '',
      ]);
    }
    const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
    const line = (r: string[]) =>
      r.map((cell, c) => (c === 0 || c === 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
    console.log(
      `\n${line(table[0])}\n${widths.map((w) => '─'.repeat(w)).join('  ')}\n${table.slice(1).map(line).join('\n')}\n`,
    );
    const after = extra.completionRightAfterEdit as Stats;
    console.log(
      `Completion right after an edit (waits for the new version's parse and checks): p50 ${ms(after.p50)}, p95 ${ms(after.p95)}.`,
    );
    console.log(
      `Code lens on a new version (4 environments): p50 ${ms((extra.codeLensNewVersion as Stats).p50)}; semantic tokens (whole file): p50 ${ms((extra.semanticTokensNewVersion as Stats).p50)}.`,
    );
    const mb = (v: number | undefined) => (v === undefined ? 'n/a' : `${v.toFixed(0)} MB`);
    console.log(
      `Memory: ${memoryResult.files} open process files of ${memoryResult.lines} lines — server RSS ${mb(memoryResult.rssMb)} (idle ${mb(memoryResult.rssIdleMb)}; after a hover and an outline in each ${mb(memoryResult.rssAfterRequestsMb)}).`,
    );

    const completionP50 = Math.max(rows[0].ours!.p50, rows[1].ours!.p50);
    const hoverP50 = Math.max(rows[2].ours!.p50, rows[3].ours!.p50);
    const peakRss = Math.max(memoryResult.rssMb ?? Infinity, memoryResult.rssAfterRequestsMb ?? 0);
    const verdicts = {
      completion: `${completionP50 < GOALS.p50Ms ? 'PASS' : 'MISS'}: completion p50 under ${GOALS.p50Ms} ms at ${options.lines.toLocaleString('en')} lines (${ms(completionP50)})`,
      hover: `${hoverP50 < GOALS.p50Ms ? 'PASS' : 'MISS'}: hover p50 under ${GOALS.p50Ms} ms (${ms(hoverP50)})`,
      memory: `${peakRss < GOALS.rssMb ? 'PASS' : 'MISS'}: under ${GOALS.rssMb} MB with ${memoryResult.files} files of ${memoryResult.lines} lines (${mb(peakRss)})`,
      versusYamlLs: `completion of a step key: yaml-language-server p50 / ours = ${(rows[0].yamlLs!.p50 / rows[0].ours!.p50).toFixed(1)}×`,
    };
    console.log(`\n${Object.values(verdicts).join('\n')}`);

    const report = {
      date: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      options: {
        ...options,
        out: path.relative(repoRoot, options.out),
        server: path.relative(repoRoot, options.server),
      },
      schema: path.relative(repoRoot, schema.path),
      probes: where,
      rows,
      extra,
      memory: memoryResult,
      goals: verdicts,
      durationMs: Math.round(performance.now() - started),
    };
    mkdirSync(path.dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nWrote ${path.relative(repoRoot, options.out)} (${(report.durationMs / 1000).toFixed(0)} s).`);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e);
  process.exitCode = 1;
});
