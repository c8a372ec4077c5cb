import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from '@stepwise/core';

/** One validated file: its path as shown (relative to the working folder when inside it) and findings. */
export interface FileResult {
  path: string;
  diagnostics: Diagnostic[];
}

// --- GitHub Actions workflow commands -------------------------------------------------------

const GITHUB_LEVEL: Record<Diagnostic['severity'], string> = {
  error: 'error',
  warning: 'warning',
  information: 'notice',
  hint: 'notice',
};

/**
 * `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`, one line per finding:
 * GitHub shows them on the pull request's diff. Lines and columns are 1-based; the end column
 * is the last character's (inclusive), as GitHub reads it.
 */
export function githubAnnotations(results: FileResult[]): string {
  let out = '';
  for (const { path: file, diagnostics } of results) {
    for (const d of diagnostics) {
      const { start, end } = d.range;
      const props: [string, string | number][] = [
        ['file', file],
        ['line', start.line + 1],
        ['col', start.character + 1],
        ['endLine', end.line + 1],
        ['endColumn', Math.max(end.character, start.line === end.line ? start.character + 1 : 1)],
        ['title', `Stepwise ${d.code}`],
      ];
      const level = GITHUB_LEVEL[d.severity] ?? 'notice';
      out += `::${level} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(d.message)}\n`;
    }
  }
  return out;
}

/** What GitHub's toolkit escapes in a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** …and in a property value, where `:` and `,` would end it. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// --- GitLab Code Quality -------------------------------------------------------------------

/** GitLab's scale is info, minor, major, critical, blocker; an error fails the job, so it ranks highest of ours. */
const GITLAB_SEVERITY: Record<Diagnostic['severity'], 'info' | 'minor' | 'major'> = {
  error: 'major',
  warning: 'minor',
  information: 'info',
  hint: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: 'info' | 'minor' | 'major';
  location: { path: string; lines: { begin: number } };
}

/**
 * A GitLab Code Quality report (the `artifacts:reports:codequality` JSON): one issue per finding.
 * GitLab compares a merge request's issues with its target branch's by fingerprint, and shows one
 * issue per fingerprint: so the fingerprint leaves the line out (an edit above a finding does not
 * make it new) and counts repeats of the same finding in a file (each stays its own issue).
 */
export function gitlabCodeQuality(results: FileResult[]): CodeQualityIssue[] {
  const issues: CodeQualityIssue[] = [];
  for (const { path: file, diagnostics } of results) {
    const seen = new Map<string, number>();
    for (const d of diagnostics) {
      const key = `${file}\0${d.code}\0${d.message}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      issues.push({
        description: d.message,
        check_name: d.code,
        fingerprint: createHash('sha256').update(`${key}\0${occurrence}`).digest('hex').slice(0, 32),
        severity: GITLAB_SEVERITY[d.severity] ?? 'info',
        location: { path: file, lines: { begin: d.range.start.line + 1 } },
      });
    }
  }
  return issues;
}

// --- SARIF 2.1.0 ----------------------------------------------------------------------------

export interface CheckHelp {
  code: string;
  severity: string;
  section: string;
  text: string;
}

const SARIF_LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  info: 'note',
  hint: 'note',
};

/**
 * A SARIF 2.1.0 log for GitHub code scanning (or any SARIF viewer): one run, the checks found in
 * docs/checks.md as rules with their help text, and each finding with its exact region. Paths
 * inside the working folder are relative to `SRCROOT` (that folder), as code scanning expects.
 */
export function sarifLog(
  results: FileResult[],
  options: { cwd: string; version: string; checks: CheckHelp[] },
): object {
  const byCode = new Map(options.checks.map((c) => [c.code, c]));
  const used = [...new Set(results.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  // Every documented check is a rule (code scanning lists them); an undocumented code still gets one.
  const codes = [...new Set([...options.checks.map((c) => c.code), ...used])];
  const index = new Map(codes.map((c, i) => [c, i]));
  const rules = codes.map((code) => {
    const help = byCode.get(code);
    const text = help ? `${help.text} (${help.section})` : code;
    return {
      id: code,
      name: code.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: help?.text ?? code },
      fullDescription: { text },
      help: {
        text: `${text}. See docs/checks.md of Stepwise.`,
        markdown: `**${code}** — ${help?.text ?? code}. _${help?.section ?? 'Stepwise check'}_ (docs/checks.md)`,
      },
      defaultConfiguration: { level: SARIF_LEVEL[help?.severity ?? 'warning'] ?? 'warning' },
    };
  });
  const root = pathToFileURL(options.cwd.endsWith(path.sep) ? options.cwd : options.cwd + path.sep).href;
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Stepwise',
            semanticVersion: options.version,
            version: options.version,
            informationUri: 'https://github.com/stepwise/stepwise',
            rules,
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: root } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap(({ path: file, diagnostics }) =>
          diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: index.get(d.code),
            level: SARIF_LEVEL[d.severity] ?? 'note',
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: path.isAbsolute(file)
                    ? { uri: pathToFileURL(file).href }
                    : { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    // SARIF's end column is the one after the region (exclusive), as LSP's.
                    endColumn: Math.max(
                      d.range.end.character + 1,
                      d.range.start.line === d.range.end.line ? d.range.start.character + 1 : 1,
                    ),
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}

/** The checks listed in docs/checks.md's tables (`| \`code\` … | severity | what |`). */
export function parseChecks(markdown: string): CheckHelp[] {
  const checks: CheckHelp[] = [];
  let section = '';
  for (const line of markdown.split(/\r?\n/)) {
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      section = heading[1].replace(/`/g, '').trim();
      continue;
    }
    const row = /^\|\s*(`[^|]+)\|\s*([^|]+?)\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (!row) continue;
    const text = row[3].replace(/`/g, '').replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
    for (const code of row[1].match(/`([a-z0-9-]+)`/g) ?? []) {
      checks.push({ code: code.slice(1, -1), severity: row[2].replace(/`/g, ''), section, text });
    }
  }
  return checks;
}

/**
 * docs/checks.md, wherever this runs from: beside the bundle's folder (dist/ of a clone or of the
 * CLI package, which ships docs/checks.md) or three folders up from the source (tests).
 */
export function loadChecks(): CheckHelp[] {
  for (const candidate of [
    path.join(__dirname, '..', 'docs', 'checks.md'),
    path.join(__dirname, '..', '..', '..', 'docs', 'checks.md'),
  ]) {
    if (existsSync(candidate)) return parseChecks(readFileSync(candidate, 'utf8'));
  }
  return [];
}
