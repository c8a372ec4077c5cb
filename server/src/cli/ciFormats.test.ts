import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { repoRoot } from '../../../test/support/paths';
import {
  escapeData,
  escapeProperty,
  githubAnnotations,
  gitlabCodeQuality,
  loadChecks,
  parseChecks,
  type CodeQualityIssue,
} from './ciFormats';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');

function stepwise(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The OASIS schema (test-fixtures/sarif/README.md) is draft-04; it uses nothing draft-07 reads differently but `id`. */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'test-fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  delete schema.$schema;
  schema.$id = schema.id;
  delete schema.id;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe('stepwise validate --format sarif', () => {
  const validate = sarifValidator();

  it('writes SARIF 2.1.0 that validates against the schema, with relative paths and 1-based regions', () => {
    const r = stepwise(['validate', 'test-fixtures/checks', '--format', 'sarif']);
    assert.equal(r.code, 1, 'errors found: exit 1 as in the other formats');
    const log = JSON.parse(r.stdout) as {
      runs: {
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: unknown; region: { startLine: number; startColumn: number } };
          }[];
        }[];
        tool: { driver: { rules: { id: string }[] } };
        originalUriBaseIds: { SRCROOT: { uri: string } };
      }[];
    };
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = log.runs[0];
    assert.ok(run.results.length > 20);
    const dup = run.results.find((x) => x.ruleId === 'duplicate-step-name')!;
    // The same finding the text format prints as steps.process.yaml:10:11.
    assert.deepEqual(dup.locations[0].physicalLocation.artifactLocation, {
      uri: 'test-fixtures/checks/steps.process.yaml',
      uriBaseId: 'SRCROOT',
    });
    assert.equal(dup.locations[0].physicalLocation.region.startLine, 10);
    assert.equal(dup.locations[0].physicalLocation.region.startColumn, 11);
    assert.equal(dup.level, 'error');
    assert.equal(run.tool.driver.rules[dup.ruleIndex].id, 'duplicate-step-name');
    assert.match(run.originalUriBaseIds.SRCROOT.uri, /^file:\/\/.*\/$/);
  });

  it('has a rule with help text from docs/checks.md for every documented check and every code reported', () => {
    const r = stepwise(['validate', 'test-fixtures/checks', '--format', 'sarif']);
    const run = JSON.parse(r.stdout).runs[0];
    const rules = new Map(run.tool.driver.rules.map((rule: { id: string }) => [rule.id, rule]));
    for (const check of loadChecks()) assert.ok(rules.has(check.code), check.code);
    for (const result of run.results) assert.ok(rules.has(result.ruleId), result.ruleId);
    const rule = rules.get('duplicate-step-name') as {
      help: { text: string };
      defaultConfiguration: { level: string };
    };
    assert.match(rule.help.text, /names must be unique \(case-insensitively\)/);
    assert.equal(rule.defaultConfiguration.level, 'error');
  });

  it('validates for a clean file too (no results), exit 0', () => {
    const r = stepwise(['validate', 'test-fixtures/checks/valid.process.yaml', '--format', 'sarif']);
    assert.equal(r.code, 0, r.stderr);
    const log = JSON.parse(r.stdout) as {
      runs: {
        results: {
          ruleId: string;
          ruleIndex: number;
          level: string;
          locations: {
            physicalLocation: { artifactLocation: unknown; region: { startLine: number; startColumn: number } };
          }[];
        }[];
        tool: { driver: { rules: { id: string }[] } };
        originalUriBaseIds: { SRCROOT: { uri: string } };
      }[];
    };
    assert.ok(validate(log), JSON.stringify(validate.errors));
    assert.deepEqual(log.runs[0].results, []);
  });

  it('reads the checks tables of docs/checks.md, one entry per code of a row', () => {
    const checks = parseChecks(
      '## Names\n\n| code | severity | what |\n|---|---|---|\n| `a-one`, `a-two` | warning | see [x](y.md) and `z` |\n',
    );
    assert.deepEqual(checks, [
      { code: 'a-one', severity: 'warning', section: 'Names', text: 'see x and z' },
      { code: 'a-two', severity: 'warning', section: 'Names', text: 'see x and z' },
    ]);
    assert.ok(loadChecks().length >= 30);
  });
});

describe('stepwise validate --format github', () => {
  it('writes one workflow command per finding with file, line, col, endLine, endColumn and title', () => {
    const r = stepwise(['validate', 'test-fixtures/checks/steps.process.yaml', '--format', 'github']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    for (const line of lines)
      assert.match(
        line,
        /^::(error|warning|notice) file=test-fixtures\/checks\/steps\.process\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=Stepwise [a-z-]+::.+$/,
      );
    assert.ok(
      lines.some(
        (l) =>
          l.startsWith('::error file=test-fixtures/checks/steps.process.yaml,line=10,col=11,') &&
          l.includes('title=Stepwise duplicate-step-name::Another step is already named'),
      ),
      r.stdout,
    );
    assert.match(r.stderr, /1 file checked: \d+ errors?, \d+ warnings?/);
  });

  it('escapes %, CR and LF in messages, and also : and , in properties', () => {
    assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%'), 'a%3Ab%2Cc%25');
    const out = githubAnnotations([
      {
        path: 'dir,x/a:b.process.yaml',
        diagnostics: [
          {
            severity: 'hint',
            code: 'yaml-syntax',
            message: 'two\nlines 50%',
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          },
        ],
      },
    ]);
    assert.equal(
      out,
      '::notice file=dir%2Cx/a%3Ab.process.yaml,line=1,col=1,endLine=1,endColumn=1,title=Stepwise yaml-syntax::two%0Alines 50%25\n',
    );
  });

  it('refuses an unknown format with exit 2', () => {
    const r = stepwise(['validate', '--format', 'junit']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be 'text', 'json', 'github', 'gitlab' or 'sarif', not 'junit'/);
  });
});

describe('stepwise validate --format gitlab', () => {
  it('writes a Code Quality report: description, check_name, fingerprint, severity, location.path and lines.begin', () => {
    const r = stepwise(['validate', 'test-fixtures/checks', '--format', 'gitlab']);
    assert.equal(r.code, 1, 'errors found: exit 1 as in the other formats');
    assert.match(r.stderr, /\d+ files checked: \d+ errors?, \d+ warnings?/);
    const issues = JSON.parse(r.stdout) as CodeQualityIssue[];
    assert.ok(Array.isArray(issues) && issues.length > 20);
    for (const issue of issues) {
      assert.deepEqual(Object.keys(issue).sort(), ['check_name', 'description', 'fingerprint', 'location', 'severity']);
      assert.ok(issue.description && issue.check_name, JSON.stringify(issue));
      assert.match(issue.fingerprint, /^[0-9a-f]{32}$/);
      assert.ok(['info', 'minor', 'major'].includes(issue.severity), issue.severity);
      assert.match(issue.location.path, /^test-fixtures\/checks\//, 'relative to the working folder');
      assert.ok(Number.isInteger(issue.location.lines.begin) && issue.location.lines.begin >= 1);
    }
    // GitLab shows one issue per fingerprint: every finding has its own.
    assert.equal(new Set(issues.map((i) => i.fingerprint)).size, issues.length);
    // The same finding the text format prints as steps.process.yaml:10:11.
    const dup = issues.find((i) => i.check_name === 'duplicate-step-name')!;
    assert.deepEqual(dup.location, { path: 'test-fixtures/checks/steps.process.yaml', lines: { begin: 10 } });
    assert.equal(dup.severity, 'major');
    assert.ok(
      issues.some((i) => i.severity === 'minor'),
      'warnings are minor',
    );
  });

  it('writes an empty report for a clean file, exit 0', () => {
    const r = stepwise(['validate', 'test-fixtures/checks/valid.process.yaml', '--format', 'gitlab']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('keeps a fingerprint when the finding moves to another line, and tells repeats in a file apart', () => {
    const finding = (line: number) => ({
      severity: 'warning' as const,
      code: 'unknown-variable' as const,
      message: "Unknown variable 'X'",
      range: { start: { line, character: 2 }, end: { line, character: 3 } },
    });
    const before = gitlabCodeQuality([{ path: 'a.process.yaml', diagnostics: [finding(3), finding(8)] }]);
    const after = gitlabCodeQuality([{ path: 'a.process.yaml', diagnostics: [finding(5), finding(10)] }]);
    assert.deepEqual(
      after.map((i) => i.fingerprint),
      before.map((i) => i.fingerprint),
    );
    assert.notEqual(before[0].fingerprint, before[1].fingerprint);
    assert.deepEqual(
      after.map((i) => i.location.lines.begin),
      [6, 11],
    );
    const elsewhere = gitlabCodeQuality([{ path: 'b.process.yaml', diagnostics: [finding(3)] }]);
    assert.notEqual(elsewhere[0].fingerprint, before[0].fingerprint);
  });
});
