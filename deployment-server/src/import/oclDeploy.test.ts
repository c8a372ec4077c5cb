// A project kept as Octopus's own OCL (`.octopus/<project>/deployment_process.ocl` + `variables.ocl`)
// is released and deployed by the local server over real HTTP, as a process file is: the variable
// scoped to the environment, an output variable read by the next step through the step's slug (as
// current Octopus writes references), a step limited to another environment skipped.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { deploy, startServerProcess, waitForTask, type ServerProcess } from '../testing/serverProcess';

const PROCESS = `step "say-hello" {
    name = "Say hello"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.RunOnServer = "true"
            Octopus.Action.Script.ScriptBody = <<-EOT
                echo "#{Greeting} from #{Octopus.Project.Name} in #{Octopus.Environment.Name}"
                set_octopusvariable "Answer" "42-#{Octopus.Environment.Name}"
                EOT
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "Bash"
        }
    }
}

step "use-output" {
    name = "Use output"

    action {
        action_type = "Octopus.Script"
        properties = {
            Octopus.Action.RunOnServer = "true"
            Octopus.Action.Script.ScriptBody = "echo \\"answer by slug: #{Octopus.Action[say-hello].Output.Answer}\\""
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "Bash"
        }
    }
}

step "production-only" {
    name = "Production only"

    action {
        action_type = "Octopus.Script"
        environments = ["production"]
        properties = {
            Octopus.Action.RunOnServer = "true"
            Octopus.Action.Script.ScriptBody = "echo production-only-ran"
            Octopus.Action.Script.ScriptSource = "Inline"
            Octopus.Action.Script.Syntax = "Bash"
        }
    }
}
`;

const VARIABLES = `variable "Greeting" {
    value "Hello, Test!" {
        environment = ["test"]
    }

    value "Hello, world!" {}
}
`;

describe('an OCL project on the local server', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-ocl-deploy-'));
  let server: ServerProcess;

  before(async () => {
    const workspace = path.join(dir, 'workspace');
    const project = path.join(workspace, '.octopus', 'ocl-shop');
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(workspace, '.octopus', 'space.yaml'), 'environments: [Test, Production]\n');
    writeFileSync(path.join(project, 'deployment_process.ocl'), PROCESS);
    writeFileSync(path.join(project, 'variables.ocl'), VARIABLES);
    server = await startServerProcess({ dataDir: path.join(dir, 'data'), workspace });
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a release and deploys it to Test: scoped variable, output by slug, environment skip', async () => {
    const projects = await server.get<{ Name: string }[]>('/api/Spaces-1/projects/all');
    assert.ok(
      projects.some((p) => p.Name === 'ocl-shop'),
      `projects: ${projects.map((p) => p.Name).join(', ')}`,
    );
    const { taskId } = await deploy(server, 'ocl-shop', '1.0.0', ['Test']);
    const task = await waitForTask(server, taskId);
    const log = (await server.request('GET', `/api/Spaces-1/tasks/${taskId}/raw`)).text;
    assert.equal(task.State, 'Success', log);
    assert.match(log, /Hello, Test! from ocl-shop in Test/);
    assert.match(log, /answer by slug: 42-Test/);
    assert.doesNotMatch(log, /production-only-ran/);
  });
});
