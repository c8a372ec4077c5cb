// Generates a large, valid deployment_process.ocl for the OCL benchmark and profiling.

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
