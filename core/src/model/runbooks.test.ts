import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewProcess, PreviewError } from '../preview/index';
import { validateOclProject } from '../ocl/validateOcl';
import { validateProcess, validateSpace } from '../validate';
import { findRunbook, runbookRetention } from './runbooks';

const space = validateSpace('environments: [Test, Production]\n', 'space.yaml').space!;
const text = `project: Web
variables:
  Greeting: hello
steps:
  - name: Deploy
    type: script
    script: echo deploy
runbooks:
  - name: Restart web
    slug: restart-web
    settings:
      environment-scope: Specified
      environments: [Production]
      run-retention-policy: { type: Default, quantity-to-keep: 10, unit: Items }
    steps:
      - name: Restart
        type: script
        script: 'echo "#{Greeting} from #{Octopus.Runbook.Name} in #{Octopus.Environment.Name}"'
      - name: Check
        type: script
        script: 'echo "#{NoSuchVariable}"'
`;

describe('runbooks', () => {
  const validation = validateProcess(text, { space });
  const project = validation.project!;

  it('are checked like the process: project variables are known in them, an unknown one is reported', () => {
    assert.deepEqual(
      validation.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`),
      ['unknown-variable 21'],
    );
  });

  it('an environment of the scope the space does not have is reported', () => {
    const bad = validateProcess(text.replace('environments: [Production]', 'environments: [Prod]'), { space });
    assert.deepEqual(
      bad.diagnostics.map((d) => d.code),
      ['unknown-environment', 'unknown-variable'],
    );
  });

  it('previews a runbook by name or slug: its steps, with Octopus.Runbook.Name', () => {
    const preview = previewProcess(project, space, { environment: 'Production' }, undefined, {
      runbook: 'restart-web',
    });
    assert.equal(preview.runbook, 'Restart web');
    assert.deepEqual(
      preview.steps.map((s) => s.name),
      ['Restart', 'Check'],
    );
    assert.equal(
      preview.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'echo "hello from Restart web in Production"',
    );
    assert.equal(findRunbook(project, 'RESTART WEB')?.slug, 'restart-web');
    assert.deepEqual(runbookRetention(project.runbooks[0]), { unit: 'Items', quantity: 10 });
  });

  it('refuses an environment outside its scope and an unknown runbook, naming the choices', () => {
    assert.throws(
      () => previewProcess(project, space, { environment: 'Test' }, undefined, { runbook: 'Restart web' }),
      (e: Error) =>
        e instanceof PreviewError &&
        /may run only in Production \(its environment scope\), not in Test/.test(e.message),
    );
    assert.throws(
      () => previewProcess(project, space, { environment: 'Test' }, undefined, { runbook: 'Nope' }),
      /Unknown runbook 'Nope'\. The project has: Restart web\./,
    );
  });

  it('OCL: a runbook step on a worker pool the space does not have is reported in the runbook file', () => {
    const withPools = validateSpace(
      'environments: [Test]\nworker-pools: [{ name: Hosted Ubuntu }]\n',
      'space.yaml',
    ).space;
    const result = validateOclProject(
      [
        { path: 'deployment_process.ocl', text: '' },
        {
          path: 'runbooks/restart.ocl',
          text: `name = "Restart"
process {
    step "say" {
        name = "Say"
        action {
            action_type = "Octopus.Script"
            worker_pool = "hosted-windows"
            properties = {
                Octopus.Action.Script.ScriptBody = "echo hi"
            }
        }
    }
}
`,
        },
      ],
      { name: 'P', space: withPools },
    );
    assert.deepEqual(
      result.diagnostics.get('runbooks/restart.ocl')!.map((d) => `${d.code} ${d.range.start.line + 1}`),
      ['unknown-worker-pool 7'],
    );
  });
});
