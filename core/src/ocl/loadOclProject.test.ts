import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadProcess } from '../model/loadProcess';
import { projectToYaml } from '../model/projectToYaml';
import { validateProcess } from '../validate';
import { parseYaml } from '../yaml/parseYaml';
import type { OclElement, OclValue } from './ast';
import { fileOfRange, loadOclProject } from './loadOclProject';
import { parseOcl } from './parseOcl';
import { projectToOcl } from './projectToOcl';
import { sampleProjects } from './testdata/projects';
import { validateOclProject } from './validateOcl';

const projects = sampleProjects();

test('the 17 real project files (10 projects) load with no error or warning, and one note about the local server', () => {
  assert.equal([...projects.values()].flat().length, 17);
  const notes: string[] = [];
  for (const [repo, files] of projects) {
    const { diagnostics } = validateOclProject(files, { name: repo });
    for (const [file, list] of diagnostics) {
      assert.deepEqual(
        list.filter((d) => d.severity !== 'information'),
        [],
        `${repo}/${file}`,
      );
      notes.push(
        ...list
          .filter((d) => d.severity === 'information')
          .map((d) => `${repo}/${file}:${d.range.start.line + 1} ${d.code}`),
      );
    }
  }
  // An email to a team only: right for Octopus, which the local Stepwise server cannot send.
  assert.deepEqual(notes, ['OctopusSamples__OctopusBuilds/deployment_process.ocl:307 email-teams-only']);
});

test('the model holds what the files say: slugs, worker pools, containers, named packages, scopes, channels, settings', () => {
  const { project } = loadOclProject(projects.get('OctopusDeploy__Ocl')!, { name: 'Ocl' });
  const step = project.process.steps[0];
  assert.equal(step.slug?.value, 'nuget-push');
  assert.equal(step.name, 'NuGet Push');
  assert.equal(step.inlineAction, true);
  const action = step.actions[0];
  assert.equal(action.name, 'NuGet Push');
  assert.equal(action.workerPool?.name, 'hosted-ubuntu');
  assert.deepEqual(
    { feed: action.container?.feed, image: action.container?.image },
    { feed: 'docker-packages-octopushq-com', image: 'octopusdeploy/tool-containers/tool-nuget-cli' },
  );
  assert.equal(action.packages.length, 1);
  const reference = action.packages[0];
  assert.deepEqual(
    {
      name: reference.name,
      id: reference.id,
      feed: reference.feed,
      location: reference.acquisitionLocation,
      props: Object.fromEntries(reference.properties),
    },
    {
      name: 'NuGetPush.Source.Package',
      id: 'Octopus.Ocl',
      feed: 'octopus-server-built-in',
      location: 'Server',
      props: { Extract: 'False', PackageParameterName: 'NuGetPush.Source.Package', SelectionMode: 'deferred' },
    },
  );
  assert.equal(action.properties.get('Octopus.Action.Template.Id')?.value, 'ActionTemplates-1241');
  const feedApiKey = project.variables.find((v) => v.name === 'FeedApiKey')!;
  assert.deepEqual(
    feedApiKey.values.map((v) => [v.value, v.scope.environment?.map((e) => e.name), v.description]),
    [
      ['#{InternalFeedApiKey}', ['components-internal'], undefined],
      ['#{ExternalFeedApiKey}', ['components-external'], ''],
    ],
  );
  assert.deepEqual(
    project.channels.map((c) => [c.name, c.isDefault, c.lifecycle?.name, c.rules[0].tag, c.rules[0].packages]),
    [
      ['Default', true, 'Components Internal only', '^$', [{ step: 'Push', package: 'Octopus.Ocl' }]],
      ['Pre-release', undefined, 'Components Internal only', '.+', [{ step: 'Push', package: 'Octopus.Ocl' }]],
    ],
  );
  assert.deepEqual(project.deploymentSettings, {
    'release-notes-template': '#{OctopusReleaseNotesTemplate}',
    'connectivity-policy': {},
    'versioning-strategy': { 'donor-package': { package: 'nugetpush-source-package', step: 'nuget-push' } },
  });

  const builds = loadOclProject(projects.get('OctopusSamples__OctopusBuilds')!).project;
  const conditional = builds.process.steps.find((s) => s.condition.kind === 'variable')!;
  assert.match(conditional.condition.expression!.value, /^#\{/);
  assert.equal(builds.variables.find((v) => v.name === 'Project.Certificate')?.type, 'Certificate');

  const runbooks = loadOclProject(projects.get('OctopusSolutionsEngineering__flight-agent')!).project;
  const runbook = runbooks.runbooks[0];
  assert.equal(runbook.slug, 'delete-namespace');
  assert.equal(runbook.name, 'Delete namespace');
  assert.deepEqual(runbook.settings['run-retention-policy'], { type: 'Default' });
  assert.equal(runbook.process.steps[0].actions[0].workerPoolVariable?.value, '#{Template.Worker.Pool}');
  assert.ok(
    runbook.process.steps.some(
      (s) => s.actions[0].environmentsVariable?.value === '#{Template.Environments.RequireApproval}',
    ),
  );
  const prompt = runbooks.variables[0].values[0];
  assert.deepEqual(
    prompt.scope.process?.map((p) => p.name),
    ['runbook/test-agent'],
  );
  assert.deepEqual(prompt.prompt, {
    label: 'Prompt',
    description: '',
    required: false,
    displaySettings: { 'Octopus.ControlType': 'SingleLineText' },
  });
});

test('diagnostics land in the file and at the text they are about', () => {
  const process = [
    'step "deploy" {',
    '    condition = "Variable"',
    '',
    '    action {',
    '        action_type = "Octopus.Script"',
    '        properties = {',
    '            Octopus.Action.Script.ScriptBody = <<-EOT',
    '                echo "#{if Ready}go"',
    '                EOT',
    '        }',
    '    }',
    '}',
  ].join('\n');
  const variables = [
    'variable "Greeting" {',
    '    value "Hi #{Name" {}',
    '}',
    '',
    'variable "Other" {',
    '    value "x" {',
    '        action = ["no-such-step"]',
    '    }',
    '}',
  ].join('\n');
  const settings = 'default_guided_failure_mode = On\n';
  const { diagnostics, project } = validateOclProject(
    [
      { path: 'deployment_process.ocl', text: process },
      { path: 'variables.ocl', text: variables },
      { path: 'deployment_settings.ocl', text: settings },
    ],
    { name: 'Demo' },
  );
  const where = (file: string) =>
    diagnostics.get(file)!.map((d) => `${d.code}@${d.range.start.line + 1}:${d.range.start.character + 1}`);
  assert.deepEqual(where('deployment_process.ocl'), ['invalid-condition@2:17', 'template-syntax@8:23']);
  assert.deepEqual(where('variables.ocl'), ['template-syntax@2:15', 'unknown-step@7:19']);
  assert.deepEqual(where('deployment_settings.ocl'), ['ocl-syntax@1:31']);
  assert.equal(fileOfRange(project.variables[0].nameRange), 'variables.ocl');
  assert.equal(fileOfRange(project.process.steps[0].nameRange), 'deployment_process.ocl');
});

/** A tree's meaning: attribute order and dictionary key order aside, heredoc or quoted alike. */
function meaning(elements: readonly OclElement[]): unknown {
  const value = (v: OclValue): unknown =>
    v.kind === 'string'
      ? v.value
      : v.kind === 'number'
        ? v.value
        : v.kind === 'boolean'
          ? v.value
          : v.kind === 'array'
            ? v.items.map(value)
            : v.kind === 'dictionary'
              ? Object.fromEntries(
                  [...v.entries].sort((a, b) => (a.key < b.key ? -1 : 1)).map((e) => [e.key, value(e.value)]),
                )
              : null;
  const attributes = elements.filter((e) => e.kind === 'attribute').sort((a, b) => (a.name < b.name ? -1 : 1));
  return {
    attributes: attributes.map((a) => [a.name, a.kind === 'attribute' ? value(a.value) : null]),
    blocks: elements
      .filter((e) => e.kind === 'block')
      .map((b) => (b.kind === 'block' ? [b.name, b.labels.map((l) => l.value), meaning(b.children)] : null)),
  };
}

test('OCL → process file → OCL keeps every block, label and attribute of every sample', () => {
  let files = 0;
  for (const [repo, sources] of projects) {
    const { project } = loadOclProject(sources, { name: repo });
    const yaml = projectToYaml(project);
    const checked = validateProcess(yaml);
    assert.deepEqual(
      checked.diagnostics.filter((d) => d.code.startsWith('schema-') || d.code === 'yaml-syntax'),
      [],
      `${repo}: the process file written is valid\n${yaml}`,
    );
    const written = projectToOcl(loadProcess(parseYaml(yaml)));
    for (const source of sources) {
      const back = written.find((w) => w.path === source.path);
      assert.ok(back, `${repo}/${source.path} is written back`);
      const again = parseOcl(back.text);
      assert.deepEqual(again.errors, []);
      assert.deepEqual(
        meaning(again.document.children),
        meaning(parseOcl(source.text).document.children),
        `${repo}/${source.path}`,
      );
      files++;
    }
  }
  assert.equal(files, 17);
});

test('model → OCL gives back the exact text of the project files written by current Octopus', () => {
  const current = new Set([
    'BobJWalker__HomeLab/variables.ocl',
    'ClearMeasureLabs__bootcamp-palermo-workorders/deployment_process.ocl',
    'JChatmasOctopus__OctoPetShop-Enterprise/deployment_process.ocl',
    'JChatmasOctopus__OctoPetShop-Enterprise/deployment_settings.ocl',
    'JChatmasOctopus__OctoPetShop-Enterprise/variables.ocl',
    'Kolob2206__CaCStepTemplate/runbooks/sdfg.ocl',
    'Kolob2206__sysVar/deployment_process.ocl',
    'OctopusDeploy__Ocl/deployment_process.ocl',
    'OctopusSamples__OctopusBuilds/variables.ocl',
    'OctopusSolutionsEngineering__flight-agent/runbooks/delete-namespace.ocl',
    'OctopusSolutionsEngineering__flight-agent/variables.ocl',
  ]);
  let reproduced = 0;
  for (const [repo, sources] of projects) {
    const written = projectToOcl(loadOclProject(sources).project);
    for (const source of sources) {
      if (!current.has(`${repo}/${source.path}`)) continue;
      assert.equal(
        written.find((w) => w.path === source.path)?.text,
        source.text.replace(/\n$/, ''),
        `${repo}/${source.path}`,
      );
      reproduced++;
    }
  }
  assert.equal(reproduced, current.size);
});

test('a project with sensitive variables writes variables.ocl without them', () => {
  const yaml = [
    'project: Demo',
    'variables:',
    '  Greeting: Hello',
    '  ApiKey: { sensitive: true, value: s3cr3t }',
    'steps:',
    '  - name: Say hello',
    '    type: script',
    '    script: echo hi',
  ].join('\n');
  const files = projectToOcl(loadProcess(parseYaml(yaml)));
  const variables = files.find((f) => f.path === 'variables.ocl')!.text;
  assert.equal(variables, 'variable "Greeting" {\n    value "Hello" {}\n}');
  const process = files.find((f) => f.path === 'deployment_process.ocl')!.text;
  assert.match(
    process,
    /^step "say-hello" \{\n    name = "Say hello"\n\n    action \{\n        action_type = "Octopus.Script"/,
  );
  assert.match(process, /Octopus\.Action\.Script\.ScriptBody = "echo hi"/);
  assert.deepEqual(
    files.map((f) => f.path),
    ['deployment_process.ocl', 'variables.ocl'],
  );
});

test('process templates, git dependencies, step-package inputs and multi-action steps survive OCL → process file → OCL', () => {
  const process = [
    'process_template "run-checks" {',
    '    name = "Run checks"',
    '    process_template_slug = "standard-checks"',
    '    version_mask = "1.X"',
    '',
    '    package_parameter "Template.Package" {',
    '        feed = "octopus-server-built-in"',
    '        package_id = "Checks"',
    '    }',
    '',
    '    parameter "Template.Tag" {',
    '        value = "web"',
    '    }',
    '}',
    '',
    'step "kustomize" {',
    '    action {',
    '        action_type = "kustomize"',
    '        condition = "Variable"',
    '        step_package_version = "1.2.3"',
    '        worker_pool_variable = ""',
    '',
    '        git_dependencies {',
    '            default_branch = "main"',
    '            git_credential_type = "Anonymous"',
    '            repository_uri = "https://github.com/acme/deploy.git"',
    '        }',
    '',
    '        inputs {',
    '            overlayPath = "overlays/#{Octopus.Environment.Name}"',
    '            replicas = 3',
    '',
    '            image {',
    '                tag = "latest"',
    '            }',
    '        }',
    '    }',
    '}',
    '',
    'step "rolling" {',
    '    name = "Rolling"',
    '    properties = {',
    '        Octopus.Action.MaxParallelism = "2"',
    '        Octopus.Action.TargetRoles = "web"',
    '    }',
    '',
    '    action "first" {',
    '        action_type = "Octopus.Script"',
    '        name = "First"',
    '    }',
    '',
    '    action "second" {',
    '        action_type = "Octopus.Script"',
    '        name = "Second"',
    '    }',
    '}',
  ].join('\n');
  const { project, diagnostics } = validateOclProject([{ path: 'deployment_process.ocl', text: process }]);
  assert.deepEqual(diagnostics.get('deployment_process.ocl'), []);
  assert.equal(project.process.processTemplates[0].position, 0);
  assert.deepEqual(project.process.steps[0].actions[0].inputs, {
    overlayPath: 'overlays/#{Octopus.Environment.Name}',
    replicas: 3,
    image: { tag: 'latest' },
  });
  assert.equal(project.process.steps[1].actions.length, 2);
  const yaml = projectToYaml(project);
  assert.deepEqual(
    validateProcess(yaml).diagnostics.filter((d) => d.severity === 'error'),
    [],
    yaml,
  );
  const back = projectToOcl(loadProcess(parseYaml(yaml)))[0].text;
  assert.equal(back, process);
});

test('the first config-as-code files (2021–22: `steps "Name"`, `actions "Name"`, `worker_pool_id_or_name`) load as steps', () => {
  const process = [
    'steps "Deploy an Azure App Service" {',
    '    properties = {',
    '        Octopus.Action.TargetRoles = "webapp"',
    '    }',
    '',
    '    actions "Deploy an Azure App Service" {',
    '        action_type = "Octopus.AzureAppService"',
    '        worker_pool_id_or_name = "Hosted Ubuntu"',
    '',
    '        packages {',
    '            acquisition_location = "Server"',
    '            feed_id_or_name = "OctopusSamples"',
    '            package_id = "randomquotes"',
    '        }',
    '    }',
    '}',
  ].join('\n');
  const { project, diagnostics } = validateOclProject([{ path: 'deployment_process.ocl', text: process }]);
  assert.deepEqual([...diagnostics.values()].flat(), []);
  const [step] = project.process.steps;
  assert.equal(step.name, 'Deploy an Azure App Service');
  assert.equal(step.slug, undefined, 'the label is the name, not a slug');
  assert.deepEqual(
    step.roles.map((r) => r.name),
    ['webapp'],
  );
  assert.equal(step.inlineAction, true);
  const [action] = step.actions;
  assert.equal(action.type, 'Octopus.AzureAppService');
  assert.equal(action.workerPool?.name, 'Hosted Ubuntu');
  assert.deepEqual(
    action.packages.map((p) => `${p.feed}/${p.id}`),
    ['OctopusSamples/randomquotes'],
  );
  // Written back in the current format.
  assert.match(
    projectToOcl(project)[0].text,
    /^step "deploy-an-azure-app-service" \{\n {4}name = "Deploy an Azure App Service"\n/,
  );
});
