import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The workspace the deployment server's tests import: a space with four environments, three
 * lifecycles (manual phases with a minimum, automatic phases with an optional one, one phase for
 * everything), targets, a library variable set, and one project per behaviour under test.
 */
export function writeTestWorkspace(dir: string, options: { scratch: string }): string {
  const files: Record<string, string> = {
    '.octopus/space.yaml': `
environments: [Development, Test, Staging, Production]
lifecycles:
  - name: Standard
    phases:
      - name: Development
        environments: [Development]
      - name: Testing
        environments: [Test, Staging]
        minimum-environments: 1
      - name: Production
        environments: [Production]
  - name: Automatic
    phases:
      - name: Development
        automatic: [Development]
      - name: Testing
        automatic: [Test]
        environments: [Staging]
        optional: true
      - name: Production
        environments: [Production]
  - name: Anywhere
    phases:
      - name: Everything
        environments: [Development, Test, Staging, Production]
targets:
  - name: DevWeb01
    environments: [Development]
    roles: [web]
  - name: TestWeb01
    environments: [Test]
    roles: [web]
  - name: TestWeb02
    environments: [Test]
    roles: [web]
  - name: ProdWeb01
    environments: [Production]
    roles: [web]
variable-sets:
  - name: Common
    variables:
      LogLevel:
        - { value: Debug, environment: [Development, Test] }
        - { value: Warning }
step-templates:
  - name: Greet
    id: ActionTemplates-7
    version: 2
    action-type: Octopus.Script
    properties:
      Octopus.Action.Script.Syntax: Bash
      Octopus.Action.Script.ScriptSource: Inline
      Octopus.Action.Script.ScriptBody: |
        echo "template says #{Greet.Message}#{Greet.Punctuation} in #{Octopus.Environment.Name}"
        echo "as a variable: $(get_octopusvariable Greet.Message)"
    parameters:
      - { name: Greet.Message, label: Message, help: What to say }
      - { name: Greet.Punctuation, label: Punctuation, default: "!" }
`,
    'hello.process.yaml': `
project: Hello World
lifecycle: Standard
variable-sets: [Common]
variables:
  Greeting:
    - value: Hello, Development!
      environment: Development
    - value: Hello, world!
  DbPassword:
    sensitive: true
    value: "pa55-w0rd-xyz"
steps:
  - name: Say hello
    roles: [web]
    type: script
    script: |
      echo "#{Greeting} from #{Octopus.Machine.Name} (log level #{LogLevel})"
      echo "password #{DbPassword} / $(get_octopusvariable DbPassword)"
      set_octopusvariable "Answer" "42-$(get_octopusvariable Octopus.Machine.Name)"
      set_octopusvariable "Token" "tok-#{Octopus.Machine.Name}-hush" -sensitive
  - name: Use output
    type: script
    syntax: python
    script: |
      print("answer: " + get_octopusvariable("Octopus.Action[Say hello].Output.Answer"))
      print("templated: #{Octopus.Action[Say hello].Output.Answer}")
      print("token: " + get_octopusvariable("Octopus.Action[Say hello].Output.Token"))
`,
    'failing.process.yaml': `
project: Failing
lifecycle: Anywhere
variables:
  ApiKey:
    sensitive: true
    value: "sk-live-abcdef123"
steps:
  - name: Prepare
    type: script
    script: 'echo "preparing with #{ApiKey}"'
  - name: Parallel buddy
    start: with-previous
    type: script
    script: sleep 0.3; echo "buddy done"
  - name: Break
    type: script
    script: |
      echo "about to fail"
      echo "this goes to stderr" >&2
      fail_step "Database migration failed for #{ApiKey}"
  - name: Never
    type: script
    script: echo "should not run"
  - name: Roll back
    condition: failure
    type: script
    script: 'echo "rolling back because: #{Octopus.Deployment.Error}"'
  - name: Clean up
    condition: always
    type: script
    script: echo "cleaning up"
  - name: Only without error
    condition: { variable: "#{unless Octopus.Deployment.Error}true#{/unless}" }
    type: script
    script: echo "variable condition ran"
  - name: Tell the team
    condition: always
    type: email
    to: team@example.com
    subject: "#{Octopus.Project.Name} #{Octopus.Release.Number} failed"
    body: "Error: #{Octopus.Deployment.Error} (key #{ApiKey})"
`,
    'approval.process.yaml': `
project: Approval
lifecycle: Anywhere
steps:
  - name: Before
    type: script
    script: echo "before approval"
  - name: Approve
    type: manual
    instructions: "Approve release #{Octopus.Release.Number} for #{Octopus.Environment.Name}"
    responsible-teams: [Release Managers]
  - name: After
    type: script
    script: echo "after approval"
  - name: Always
    condition: always
    type: script
    script: echo "always runs"
`,
    'webapp.process.yaml': `
project: Web App
lifecycle: Anywhere
variables:
  InstallRoot: "${path.join(options.scratch, 'install')}"
  AppName: Stepwise Demo
  "Logging:LogLevel:Default": Warning
  "Servers:0:Host": prod-db.internal
  "Feature:Enabled": "true"
  "database:port": "5433"
  ConnectionSecret:
    sensitive: true
    value: super-secret-conn
steps:
  - name: Deploy web app
    type: deploy-package
    package: { id: Acme.Web }
    features:
      custom-install-directory: "#{InstallRoot}/#{Octopus.Environment.Name}"
      substitute-variables-in-files: [config/app.conf]
      structured-variables: [appsettings.json, config/settings.yaml]
  - name: Check
    type: script
    script: |
      cat "#{Octopus.Action[Deploy web app].Output.Package.InstallationDirectoryPath}/config/app.conf"
`,
    'templated.process.yaml': `
project: Templated
lifecycle: Anywhere
variables:
  Who: world
steps:
  - name: Greet by id
    type: script
    properties:
      Octopus.Action.Template.Id: ActionTemplates-7
      Octopus.Action.Template.Version: "2"
      Greet.Message: "hello #{Who}"
  - name: Greet by name
    type: script
    properties:
      Octopus.Action.Template.Id: Greet
      Octopus.Action.Template.Version: "2"
      Greet.Message: goodbye
      Greet.Punctuation: "?"
`,
    'onbehalf.process.yaml': `
project: On Behalf
lifecycle: Anywhere
steps:
  - name: Check each
    roles: [web]
    run-on: worker
    type: script
    script: 'echo "checking #{Octopus.Machine.Name} from a worker"'
`,
    'quick.process.yaml': `
project: Quick
lifecycle: Anywhere
steps:
  - name: Echo
    type: script
    script: 'echo "quick #{Octopus.Release.Number} in #{Octopus.Environment.Name}"'
`,
    'auto.process.yaml': `
project: Auto
lifecycle: Automatic
steps:
  - name: Echo
    type: script
    script: 'echo "auto #{Octopus.Environment.Name}"'
`,
    'slow.process.yaml': `
project: Slow
lifecycle: Anywhere
variables:
  PidFile: "${path.join(options.scratch, 'slow.pid')}"
  ChildPidFile: "${path.join(options.scratch, 'slow-child.pid')}"
  DoneFile: "${path.join(options.scratch, 'slow.done')}"
steps:
  - name: Sleep
    type: script
    # Leaves its working folder and starts a child, as real scripts do: crash recovery and
    # cancelling must stop both wherever they run.
    script: |
      cd /tmp
      sleep 30 &
      echo $! > "#{ChildPidFile}"
      echo $$ > "#{PidFile}"
      echo "started sleeping in $(pwd)"
      wait
      echo finished > "#{DoneFile}"
`,
    'prompted.process.yaml': `
project: Prompted
lifecycle: Anywhere
variables:
  ReleaseNote:
    prompt: { label: Release note, required: true }
    value: ""
  Pin:
    sensitive: true
    prompt: { label: PIN }
    value: ""
steps:
  - name: Show
    type: script
    script: 'echo "note=#{ReleaseNote} pin=#{Pin}"'
`,
    'unsupported.process.yaml': `
project: Unsupported
lifecycle: Anywhere
steps:
  - name: CSharp
    type: script
    syntax: csharp
    script: Console.WriteLine("hi");
  - name: From a template
    condition: always
    type: script
    properties:
      Octopus.Action.Template.Id: ActionTemplates-1241
      Octopus.Action.Template.Version: "3"
      NuGetPush.Target.Url: https://api.nuget.org/v3/index.json
  - name: Kubernetes
    condition: always
    type: Octopus.KubernetesRunScript
    properties:
      Octopus.Action.Script.ScriptBody: kubectl get pods
  - name: Team email
    condition: always
    type: email
    subject: hello
    properties:
      Octopus.Action.Email.ToTeamIds: teams-everyone
  - name: External package
    condition: always
    type: deploy-package
    package: { id: Newtonsoft.Json, feed: nuget-org }
  - name: After
    condition: always
    type: script
    script: echo "after"
`,
  };
  mkdirSync(options.scratch, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text.trimStart());
  }
  return dir;
}
