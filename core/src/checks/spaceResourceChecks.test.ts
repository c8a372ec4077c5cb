import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { previewProcess } from '../preview/index';
import { validateOclProject } from '../ocl/validateOcl';
import { validateProcess, validateSpace } from '../validate';

const SPACE_TEXT = `environments: [Test, Production]
feeds:
  - { name: Docker Hub, id: Feeds-1021, type: docker, url: "https://index.docker.io" }
  - { name: Helm Charts, type: helm, url: "https://charts.example.com" }
worker-pools:
  - { name: Hosted Ubuntu, default: true }
  - { name: Azure Worker Pool, id: WorkerPools-3 }
accounts:
  - { name: Azure OIDC, type: azure-oidc }
  - { name: AWS Prod, id: Accounts-7, type: aws }
certificates:
  - { name: Wildcard, id: Certificates-1 }
variable-sets:
  - name: Cloud
    variables:
      Shared.Azure: { type: AzureAccount, value: AWS Prod }
`;
const space = validateSpace(SPACE_TEXT, 'file:///s/.octopus/space.yaml');

const findings = (text: string) =>
  validateProcess(text, { space: space.space }).diagnostics.map(
    (d) => `${d.severity} ${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`,
  );
const messages = (text: string) => validateProcess(text, { space: space.space }).diagnostics.map((d) => d.message);

describe('feeds, worker pools, accounts and certificates of the space', () => {
  it('the space file is valid; its typed library variables are checked against its accounts', () => {
    assert.deepEqual(
      space.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`),
      ['typed-variable-mismatch 16'],
    );
    assert.match(space.diagnostics[0].message, /AWS Prod.*AmazonWebServicesAccount account.*AzureAccount/);
  });

  it('a feed of the space by name, slug or id, and the built-in feed under any of its names, are known', () => {
    const text = `project: Web
steps:
  - name: Run
    type: script
    script: echo
    packages:
      - { name: web, id: acme/web, feed: Docker Hub, acquisition-location: NotAcquired }
      - { name: api, id: acme/api, feed: docker-hub }
      - { name: db, id: acme/db, feed: Feeds-1021 }
      - { name: tool, id: Acme.Tool, feed: Octopus Server (built-in) }
      - { name: tool2, id: Acme.Tool, feed: octopus-server-built-in }
`;
    assert.deepEqual(findings(text), []);
  });

  it('an unknown feed is reported at the feed, with the known feeds and a did-you-mean', () => {
    const text = `project: Web
steps:
  - name: Run
    type: script
    script: echo
    packages:
      - { name: web, id: acme/web, feed: Dockr Hub }
    container: { feed: Quay, image: "ubuntu:22.04" }
`;
    assert.deepEqual(findings(text), ['error unknown-feed 7:42', 'error unknown-feed 8:16']);
    assert.match(messages(text)[0], /Unknown feed `Dockr Hub`.*Docker Hub, Helm Charts.*Did you mean `Docker Hub`/);
  });

  it('feeds are not checked when the space file lists none', () => {
    const bare = validateSpace('environments: [Test]\n', 'space.yaml').space;
    const text = `project: Web
steps:
  - name: Run
    type: script
    script: echo
    packages: [{ name: web, id: acme/web, feed: anything }]
`;
    assert.deepEqual(validateProcess(text, { space: bare }).diagnostics, []);
  });

  it('worker pools: by name, slug or id; an unknown one is an error; worker-pool-variable must be a WorkerPool variable', () => {
    const text = `project: Web
variables:
  Pool: { type: WorkerPool, value: azure-worker-pool }
  PlainPool: hosted-ubuntu
  BadPool: { type: WorkerPool, value: Nowhere }
steps:
  - name: A
    type: script
    script: echo
    run-on: worker
    worker-pool: hosted-ubuntu
  - name: B
    type: script
    script: echo
    run-on: worker
    worker-pool: WorkerPools-3
  - name: C
    type: script
    script: echo
    run-on: worker
    worker-pool: Hostd Ubuntu
  - name: D
    type: script
    script: echo
    worker-pool-variable: Pool
  - name: E
    type: script
    script: echo
    worker-pool-variable: PlainPool
  - name: F
    type: script
    script: echo
    worker-pool-variable: NoSuchPool
`;
    assert.deepEqual(findings(text), [
      'error unknown-worker-pool 5:39',
      'error unknown-worker-pool 21:18',
      'warning typed-variable-mismatch 29:27',
      'warning unknown-variable 33:27',
    ]);
  });

  it('properties that take an account: an account of the right kind, directly or through a typed variable', () => {
    const text = `project: Web
variable-sets: [Cloud]
variables:
  Azure: { type: AzureAccount, value: azure-oidc }
  Aws: { type: AmazonWebServicesAccount, value: Accounts-7 }
  Cert: { type: Certificate, value: Wildcard }
  NoCert: { type: Certificate, value: Missing }
  Text: hello
steps:
  - name: Ok
    type: Octopus.AzurePowerShell
    properties:
      Octopus.Action.Azure.AccountId: "#{Azure}"
      Octopus.Action.AwsAccount.Variable: Aws
      Octopus.Action.Certificate.Variable: Cert
  - name: Direct
    type: Octopus.AzurePowerShell
    properties:
      Octopus.Action.Azure.AccountId: AWS Prod
  - name: Wrong
    type: Octopus.AwsRunScript
    properties:
      Octopus.Action.AwsAccount.Variable: Azure
      Octopus.Action.Azure.AccountId: "#{Text}"
      Octopus.Action.GoogleCloudAccount.Variable: "#{Anything}"
`;
    assert.deepEqual(findings(text), [
      'error unknown-certificate 7:39',
      'warning typed-variable-mismatch 19:39',
      'warning typed-variable-mismatch 23:43',
      'warning typed-variable-mismatch 24:39',
      // A template the check cannot follow is left to the template checks.
      'warning unknown-variable 25:54',
    ]);
    assert.match(
      messages(text)[2],
      /`Azure` is a AzureAccount variable; this takes a variable of type AmazonWebServicesAccount/,
    );
  });

  it('OCL: the older feed_id_or_name and worker_pool are checked against the space', () => {
    const files = [
      {
        path: 'deployment_process.ocl',
        text: `step "run" {
    action {
        action_type = "Octopus.Script"
        worker_pool = "hosted-windows"
        properties = {
            Octopus.Action.Script.ScriptBody = "echo"
        }
        packages "Helper Package" {
            acquisition_location = "Server"
            feed_id_or_name = "External Feed"
            package_id = "OctoFx.Helper"
        }
    }
}
`,
      },
    ];
    const result = validateOclProject(files, { name: 'P', space: space.space });
    assert.deepEqual(
      result.diagnostics
        .get('deployment_process.ocl')!
        .map((d) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}`),
      ['unknown-worker-pool 4:23', 'unknown-feed 10:31'],
    );
    assert.equal(result.project.process.steps[0].actions[0].packages[0].feed, 'External Feed');
  });
});

describe('package variables in the preview', () => {
  const text = `project: Web
steps:
  - name: Run
    type: script
    script: |
      docker run #{Octopus.Action.Package[web].PackageId}:#{Octopus.Action.Package[web].PackageVersion}
      echo #{Octopus.Action.Package[web].FeedId} #{Octopus.Action.Package[tool].FeedId} #{Octopus.Action.Package[tool].PackageVersion}
    packages:
      - { name: web, id: acme/web, feed: docker-hub, acquisition-location: NotAcquired }
      - { name: tool, id: Acme.Tool, feed: Octopus Server (built-in) }
  - name: Deploy
    type: deploy-package
    package: { id: Acme.Web }
    properties:
      Note: "#{Octopus.Action.Package.PackageId} #{Octopus.Action.Package.PackageVersion} #{Octopus.Action.Package.FeedId}"
`;
  const project = validateProcess(text, { space: space.space }).project!;

  it('resolve from the release selected packages, with the feed as its id', () => {
    const preview = previewProcess(project, space.space, {
      environment: 'Test',
      packageVersions: [
        { action: 'Run', package: 'web', version: '2.1.0' },
        { action: 'Deploy', package: '', version: '1.0.3' },
      ],
    });
    assert.equal(
      preview.steps[0].actions[0].properties['Octopus.Action.Script.ScriptBody'],
      'docker run acme/web:2.1.0\necho Feeds-1021 feeds-builtin latest\n',
    );
    assert.equal(preview.steps[1].actions[0].properties.Note, 'Acme.Web 1.0.3 feeds-builtin');
    assert.deepEqual(preview.unresolved, []);
  });

  it('a package the release has not fixed reads latest', () => {
    const preview = previewProcess(project, space.space, { environment: 'Test' });
    assert.equal(preview.steps[1].actions[0].properties.Note, 'Acme.Web latest feeds-builtin');
  });
});

describe('worker pools in the preview', () => {
  it('names the pool a worker action runs on: written, from its variable, or the default pool', () => {
    const text = `project: Web
variables:
  Pool: { type: WorkerPool, value: WorkerPools-3 }
steps:
  - name: Named
    type: script
    script: echo
    worker-pool: azure-worker-pool
  - name: By variable
    type: script
    script: echo
    worker-pool-variable: Pool
  - name: Default
    type: script
    script: echo
    run-on: worker
  - name: On the server
    type: script
    script: echo
`;
    const preview = previewProcess(validateProcess(text, { space: space.space }).project!, space.space, {
      environment: 'Test',
    });
    assert.deepEqual(
      preview.steps.map((s) => s.actions[0].workerPool),
      ['Azure Worker Pool', 'Azure Worker Pool', 'Hosted Ubuntu', undefined],
    );
  });
});
