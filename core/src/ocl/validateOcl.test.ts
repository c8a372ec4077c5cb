// Step references that real OCL projects make and that are not mistakes: a step of a process
// template (named `<use's name>-<step>`), and a runbook step's output used by a project variable.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateOclProject } from './validateOcl';

const codes = (files: { path: string; text: string }[]) =>
  [...validateOclProject(files, { name: 'Shop' }).diagnostics.values()].flat().map((d) => `${d.code}: ${d.message}`);

const PROCESS = `step "build" {
    name = "Build"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.Script.ScriptBody = "echo hi"
        }
    }
}

process_template "deploy-k8s-manifest" {
    name = "Deploy K8s Manifest"
    process_template_slug = "deploy-to-kubernetes"
    version_mask = "2.X"
}
`;

const RUNBOOK = `name = "Scale"

process {
    step "measure" {
        name = "Measure load"

        action {
            action_type = "Octopus.Script"
            properties = {
                Octopus.Action.Script.ScriptBody = "set_octopusvariable Load 3"
            }
        }
    }
}
`;

describe('validateOclProject: step references real projects make', () => {
  it('takes a step of a process template the process uses as known; another name still gets a warning', () => {
    const variables = `variable "Image" {
    value "web:#{Octopus.Action[Deploy K8s Manifest-Deploy Container].Package[Web].PackageVersion}" {}
}

variable "Other" {
    value "#{Octopus.Action[Deploy Container].Output.X}" {}
}
`;
    assert.deepEqual(
      codes([
        { path: 'deployment_process.ocl', text: PROCESS },
        { path: 'variables.ocl', text: variables },
      ]),
      ['unknown-step-reference: No step or action is named `Deploy Container` in this process.'],
    );
  });

  it('takes a runbook step as known in a project variable, within the runbooks its process scope names', () => {
    const variables = (scope: string) => `variable "Load" {
    value "#{Octopus.Action[Measure load].Output.Load}" {
        process = ["${scope}"]
    }
}
`;
    const project = (scope: string) => [
      { path: 'deployment_process.ocl', text: PROCESS },
      { path: 'runbooks/scale.ocl', text: RUNBOOK },
      { path: 'variables.ocl', text: variables(scope) },
    ];
    assert.deepEqual(codes(project('runbook/scale')), []);
    assert.deepEqual(codes(project('runbook/restart')), [
      'unknown-step-reference: No step or action is named `Measure load` in this process.',
    ]);
  });
});
