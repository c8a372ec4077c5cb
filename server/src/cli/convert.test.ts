import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseOcl } from '@stepwise/core/ocl/parseOcl';
import { sampleProjects } from '@stepwise/core/ocl/testdata/projects';
import { toOclNode } from '@stepwise/core/ocl/writeOcl';
import { repoRoot } from '../../../test/support/paths';

const bin = path.join(repoRoot, 'bin', 'stepwise.js');

function stepwise(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder of repositories, each with its sample project under `.octopus/`. */
const root = mkdtempSync(path.join(tmpdir(), 'stepwise-ocl-'));
const projects = sampleProjects();
for (const [repo, files] of projects) {
  for (const file of files) {
    const target = path.join(root, repo, '.octopus', ...file.path.split('/'));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, file.text);
  }
}
after(() => rmSync(root, { recursive: true, force: true }));

function tree(text: string) {
  const parsed = parseOcl(text);
  assert.deepEqual(parsed.errors, []);
  return parsed.document.children.map(toOclNode);
}

describe('stepwise convert', () => {
  it('writes an OCL project as one process file on stdout', () => {
    const r = stepwise(['convert', 'OctopusDeploy__Ocl/.octopus', '--to', 'yaml'], root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^project: OctopusDeploy__Ocl\n/);
    assert.match(r.stdout, /\n  - name: NuGet Push\n    slug: nuget-push\n/);
    assert.match(r.stdout, /\n    worker-pool: hosted-ubuntu\n/);
    assert.match(r.stdout, /\n    container:\n      feed: docker-packages-octopushq-com\n/);
    assert.match(r.stdout, /\n      - name: NuGetPush\.Source\.Package\n        id: Octopus\.Ocl\n/);
    assert.equal(r.stderr, '');
  });

  it('OCL → process file → OCL gives back the files Octopus wrote', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'stepwise-convert-'));
    try {
      const source = path.join(root, 'JChatmasOctopus__OctoPetShop-Enterprise', '.octopus');
      const toYaml = stepwise(['convert', source, '--to', 'yaml', '--out', path.join(work, 'shop.process.yaml')], work);
      assert.equal(toYaml.code, 0, toYaml.stderr);
      assert.equal(toYaml.stderr, 'wrote shop.process.yaml\n');
      const validate = stepwise(['validate', 'shop.process.yaml'], work);
      assert.equal(validate.code, 0, validate.stdout);
      const toOcl = stepwise(['convert', 'shop.process.yaml', '--to', 'ocl', '--out', 'out'], work);
      assert.equal(toOcl.code, 0, toOcl.stderr);
      assert.equal(toOcl.stderr, 'wrote deployment_process.ocl, variables.ocl, deployment_settings.ocl to out\n');
      for (const name of ['deployment_process.ocl', 'variables.ocl', 'deployment_settings.ocl']) {
        // These files were written by current Octopus: the text comes back byte for byte.
        assert.equal(
          readFileSync(path.join(work, 'out', name), 'utf8'),
          readFileSync(path.join(source, name), 'utf8').replace(/\n?$/, '\n'),
          name,
        );
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('writes channels.ocl and runbooks/<slug>.ocl where the project has them', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'stepwise-convert-'));
    try {
      for (const repo of ['OctopusDeploy__Ocl', 'OctopusSolutionsEngineering__flight-agent']) {
        const yaml = path.join(work, `${repo}.process.yaml`);
        assert.equal(
          stepwise(['convert', path.join(root, repo, '.octopus'), '--to', 'yaml', '--out', yaml], work).code,
          0,
        );
        const r = stepwise(['convert', yaml, '--to', 'ocl', '--out', repo], work);
        assert.equal(r.code, 0, r.stderr);
        for (const file of projects.get(repo)!) {
          const written = path.join(work, repo, ...file.path.split('/'));
          assert.ok(existsSync(written), `${repo}/${file.path}`);
          // Octopus's own older files differ in blank lines only: the same tree.
          assert.deepEqual(tree(readFileSync(written, 'utf8')), tree(file.text), `${repo}/${file.path}`);
        }
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('leaves sensitive values out of variables.ocl and says so', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'stepwise-convert-'));
    try {
      writeFileSync(
        path.join(work, 'a.process.yaml'),
        'project: A\nvariables:\n  Greeting: Hi\n  Secret: { sensitive: true, value: s3cr3t }\nsteps:\n  - name: Hi\n    type: script\n    script: echo "#{Greeting}"\n',
      );
      const r = stepwise(['convert', 'a.process.yaml', '--to', 'ocl', '--out', 'ocl'], work);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /^wrote deployment_process\.ocl, variables\.ocl to ocl \(1 sensitive variable not written/,
      );
      const variables = readFileSync(path.join(work, 'ocl', 'variables.ocl'), 'utf8');
      assert.doesNotMatch(variables, /s3cr3t|Secret/);
      assert.deepEqual(readdirSync(path.join(work, 'ocl')).sort(), ['deployment_process.ocl', 'variables.ocl']);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it("says a channel's tenant tags are not written (channels.ocl has none)", () => {
    const work = mkdtempSync(path.join(tmpdir(), 'stepwise-convert-'));
    try {
      writeFileSync(
        path.join(work, 'a.process.yaml'),
        'project: A\nchannels:\n  - name: Dedicated\n    tenant-tags: [Hosting/Dedicated]\nsteps:\n  - name: Hi\n    type: script\n    script: echo hi\n',
      );
      const r = stepwise(['convert', 'a.process.yaml', '--to', 'ocl', '--out', 'ocl'], work);
      assert.equal(r.code, 0, r.stderr);
      assert.match(
        r.stderr,
        /\(tenant tags of channel 'Dedicated' not written: channels\.ocl has none; Octopus keeps them in its database\)\n$/,
      );
      assert.doesNotMatch(readFileSync(path.join(work, 'ocl', 'channels.ocl'), 'utf8'), /tenant/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('does not convert a source with syntax errors (exit 1), and says where they are', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'stepwise-convert-'));
    try {
      mkdirSync(path.join(work, '.octopus'));
      writeFileSync(path.join(work, '.octopus', 'deployment_process.ocl'), 'step "a" {\n    name = Unquoted\n}\n');
      const r = stepwise(['convert', '.octopus', '--to', 'yaml'], work);
      assert.equal(r.code, 1);
      assert.equal(r.stdout, '');
      assert.match(
        r.stderr,
        /^\.octopus\/deployment_process\.ocl:2:12 error ocl-syntax Expected a value after 'name ='/,
      );
      assert.match(r.stderr, /not converted: \.octopus has 1 syntax error\n$/);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('exits 2 with a clear message when called wrongly', () => {
    const cases: [string[], RegExp][] = [
      [['convert'], /convert needs a SOURCE/],
      [['convert', 'OctopusDeploy__Ocl/.octopus'], /convert needs --to yaml or --to ocl/],
      [['convert', 'OctopusDeploy__Ocl/.octopus', '--to', 'json'], /--to must be 'yaml' or 'ocl', not 'json'/],
      [
        ['convert', 'OctopusDeploy__Ocl/.octopus', '--to', 'ocl'],
        /--to ocl writes several files: give the folder with --out FOLDER/,
      ],
      [['convert', 'nowhere', '--to', 'yaml'], /cannot read 'nowhere': no such file or folder/],
      [
        ['convert', 'OctopusDeploy__Ocl', '--to', 'yaml'],
        /'OctopusDeploy__Ocl' holds no OCL project files .* Projects found in: OctopusDeploy__Ocl\/\.octopus\./,
      ],
    ];
    for (const [args, message] of cases) {
      const r = stepwise(args, root);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });
});

describe('stepwise validate on .octopus/**/*.ocl', () => {
  it('finds no error and no warning in the 17 real project files', () => {
    const r = stepwise(['validate', '.'], root);
    assert.equal(r.code, 0, r.stdout);
    // One note: an email to a team only, which the local Stepwise server cannot send.
    assert.match(
      r.stdout,
      /^OctopusSamples__OctopusBuilds\/\.octopus\/deployment_process\.ocl:307:46 information email-teams-only [^\n]+\n$/,
    );
    assert.equal(r.stderr, '17 files checked: 0 errors, 0 warnings\n');
  });

  it('reports OCL syntax errors and semantic errors in the file they are in, as text and JSON', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'stepwise-validate-'));
    try {
      mkdirSync(path.join(work, '.octopus', 'runbooks'), { recursive: true });
      writeFileSync(
        path.join(work, '.octopus', 'deployment_process.ocl'),
        'step "a" {\n    condition = "Variable"\n\n    action {\n        action_type = "Octopus.Script"\n    }\n}\n',
      );
      writeFileSync(path.join(work, '.octopus', 'variables.ocl'), 'variable "X" {\n    value "#{Name" {}\n}\n');
      writeFileSync(
        path.join(work, '.octopus', 'runbooks', 'tidy.ocl'),
        'name = "Tidy"\nprocess {\n    step "b" {\n        action {\n            properties = {\n                Octopus.Action.Script.ScriptBody = "x" y\n            }\n        }\n    }\n}\n',
      );
      const text = stepwise(['validate'], work);
      assert.equal(text.code, 1);
      const lines = text.stdout.trim().split('\n');
      assert.deepEqual(lines.slice(0, 2), [
        '.octopus/deployment_process.ocl:2:17 error invalid-condition A variable run condition needs an expression, e.g. `condition: { variable: "#{RunThisStep}" }`.',
        ".octopus/runbooks/tidy.ocl:6:56 error ocl-syntax Expected '=' after the key 'y', found the end of the line.",
      ]);
      assert.match(lines[2], /^\.octopus\/variables\.ocl:2:12 error template-syntax /);
      assert.equal(lines.length, 3);
      assert.equal(text.stderr, '3 files checked: 3 errors, 0 warnings\n');
      const json = JSON.parse(stepwise(['validate', '--format', 'json'], work).stdout);
      assert.deepEqual(
        json.files.map((f: { path: string }) => f.path),
        ['.octopus/deployment_process.ocl', '.octopus/runbooks/tidy.ocl', '.octopus/variables.ocl'],
      );
      assert.deepEqual(json.summary, { errors: 3, warnings: 0 });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
