// OCL on a generated 10,000-line deployment_process.ocl: the parse alone (the floor), the whole
// engine check of the project (parse + load into the model + every process check), an edit
// inside a script heredoc followed by that check, and writing the model back as OCL.
// In-process figures; the language server's edit → diagnostics path over LSP comes with the
// editor half. Run with `npm run bench` (or `node --import tsx bench/ocl.bench.ts --lines 10000 --runs 20`).
import { parseOcl } from '@stepwise/core/ocl/parseOcl';
import { projectToOcl } from '@stepwise/core/ocl/projectToOcl';
import { validateOclProject } from '@stepwise/core/ocl/validateOcl';
import { time } from './timing';

const GOAL = { lines: 10_000, maxCheckOverFloor: 1.5 };

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A process of script steps with heredoc scripts, properties, packages and conditions, as Octopus writes them. */
export function generateOclProcess(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `step "step-${i}" {`,
      `    condition = "${i % 5 === 4 ? 'Variable' : 'Success'}"`,
      `    name = "Step ${i}"`,
      '    properties = {',
      `        Octopus.Action.TargetRoles = "web-${i % 7}"`,
      ...(i % 5 === 4
        ? [
            '        Octopus.Step.ConditionVariableExpression = "#{if Octopus.Deployment.Error == \\"\\"}#{RunIt}#{/if}"',
          ]
        : []),
      '    }',
      '',
      '    action {',
      '        action_type = "Octopus.Script"',
      `        environments = ["development", "test"]`,
      '        properties = {',
      '            Octopus.Action.RunOnServer = "true"',
      '            Octopus.Action.Script.ScriptBody = <<-EOT',
      `                echo "Deploying #{Octopus.Project.Name} #{Octopus.Release.Number} to #{Octopus.Environment.Name}"`,
      `                if [ "${i === 0 ? '#{Ready}' : `#{Octopus.Action[Step ${i - 1}].Output.Ready}`}" = "true" ]; then`,
      '                  echo ready',
      '                fi',
      '                EOT',
      '            Octopus.Action.Script.ScriptSource = "Inline"',
      '            Octopus.Action.Script.Syntax = "Bash"',
      '        }',
      '        worker_pool = "hosted-ubuntu"',
      '',
      '        packages "tool" {',
      '            acquisition_location = "Server"',
      '            feed = "octopus-server-built-in"',
      `            package_id = "Tool.${i}"`,
      '            properties = {',
      '                Extract = "True"',
      '            }',
      '        }',
      '    }',
      '}',
      '',
    );
  }
  return out.join('\n');
}

const lines = option('lines', GOAL.lines);
const runs = option('runs', 20);
const text = generateOclProcess(lines);
const actualLines = text.split('\n').length;
const files = [{ path: 'deployment_process.ocl', text }];

const first = validateOclProject(files, { name: 'Bench' });
const findings = [...first.diagnostics.values()].flat();
const steps = first.project.process.steps.length;

const floor = time(runs, () => parseOcl(text));
const check = time(runs, () => validateOclProject(files, { name: 'Bench' }));
// An edit inside one line of a script heredoc: the whole project is parsed and checked again.
const marker = text.indexOf('echo ready');
const edited = (i: number) => [
  {
    path: 'deployment_process.ocl',
    text: `${text.slice(0, marker)}echo ready${i}${text.slice(marker + 'echo ready'.length)}`,
  },
];
const edit = time(runs, (i) => validateOclProject(edited(i), { name: 'Bench' }));
const write = time(runs, () => projectToOcl(first.project));

const ratio = check / floor;
console.log(
  `OCL bench: ${actualLines} lines, ${(text.length / 1024).toFixed(0)} KiB, ${steps} steps, ${findings.length} findings on the generated file`,
);
console.log(`  parse alone (floor)            median ${floor.toFixed(1)} ms`);
console.log(
  `  parse + load + all checks      median ${check.toFixed(1)} ms  (${ratio.toFixed(2)}x the floor; goal ${GOAL.maxCheckOverFloor}x)`,
);
console.log(`  heredoc edit → diagnostics     median ${edit.toFixed(1)} ms`);
console.log(`  model → OCL text               median ${write.toFixed(1)} ms`);
if (findings.length)
  console.log(
    `  findings: ${findings
      .slice(0, 3)
      .map((d) => `${d.code} ${d.message}`)
      .join(' | ')}`,
  );
