import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { createGenerator } from 'ts-json-schema-generator';
import { writeTestWorkspace } from '../testing/fixtures';
import { startServerProcess, waitForTask, type ApiResponse, type ServerProcess } from '../testing/serverProcess';
import { createZip, multipartBody } from '../testing/zipWriter';
import { listRoutes } from './app';

/**
 * message-contracts types a variable's `Scope` as `Arrays<ScopeSpecificationTypes>`, a mapped type
 * that keeps the `?` of every key (TypeScript's rule for homomorphic mapped types), but
 * ts-json-schema-generator 2.x marks the keys required. This puts the optionality back, for that
 * one object (the keys of ScopeSpecificationTypes) only.
 */
const SCOPE_KEYS = ['Action', 'Channel', 'Environment', 'Machine', 'ProcessOwner', 'Role', 'TenantTag'].join();
function scopesOptional<T>(schema: T): T {
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const object = node as { properties?: Record<string, unknown>; required?: string[] };
    if (object.properties && Object.keys(object.properties).sort().join() === SCOPE_KEYS) delete object.required;
    for (const child of Object.values(node)) walk(child);
  };
  walk(schema);
  return schema;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const contracts = path.join(here, '..', 'contracts', 'octopusResponses.ts');

/**
 * Every route the server has, with a real request and the Octopus type its answer must have.
 * `GET /x/all` answers an array of the item type; `none` is an empty 200 (DELETE), `file`/`text`
 * are not JSON (their error answers still are, and are checked).
 */
type Expect = string | { array: string } | 'none' | 'file' | 'text';
interface Call {
  method: string;
  url: string;
  type: Expect;
  body?: () => unknown;
  status?: number;
}

// Octopus's answers, checked against JSON schemas generated (here, at test time) from the
// types of @octopusdeploy/message-contracts — never a hand-written copy of them.
describe('answers match @octopusdeploy/message-contracts', () => {
  let dir: string;
  let server: ServerProcess;
  let schemas: (type: string) => ValidateFunction;
  const ids: Record<string, string> = {};

  before(async () => {
    const generator = createGenerator({
      path: contracts,
      skipTypeCheck: true,
      expose: 'none',
      topRef: false,
      additionalProperties: true,
      type: 'Root',
    });
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const cache = new Map<string, ValidateFunction>();
    schemas = (type) => {
      let validate = cache.get(type);
      if (!validate) {
        validate = ajv.compile(scopesOptional(generator.createSchema(type)));
        cache.set(type, validate);
      }
      return validate;
    };
    dir = mkdtempSync(path.join(tmpdir(), 'stepwise-contracts-'));
    const workspace = writeTestWorkspace(path.join(dir, 'workspace'), { scratch: path.join(dir, 'scratch') });
    // A project with a runbook, for the runbook routes.
    writeFileSync(
      path.join(workspace, 'ops.process.yaml'),
      'project: Ops\nlifecycle: Anywhere\nsteps:\n  - name: Echo\n    type: script\n    script: echo ops\nrunbooks:\n  - slug: restart\n    name: Restart\n    settings: { environment-scope: Specified, environments: [Production] }\n    steps:\n      - name: Restart app\n        type: script\n        script: echo restart\n',
    );
    server = await startServerProcess({ dataDir: path.join(dir, 'data'), workspace });
    const projects = await server.get('/api/Spaces-1/projects/all');
    for (const p of projects) ids[p.Name] = p.Id;
    const environments = await server.get('/api/Spaces-1/environments/all');
    for (const e of environments) ids[e.Name] = e.Id;
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const mismatches: string[] = [];
  const ajvText = (validate: ValidateFunction) =>
    (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => `${e.instancePath || '/'} ${e.message}`)
      .join('; ');
  const check = (what: string, response: ApiResponse, type: Expect) => {
    if (response.status >= 400) type = 'ErrorBody';
    if (type === 'none') return assert.equal(response.text, '', what);
    if (type === 'file') return assert.match(response.headers.get('content-type') ?? '', /octet-stream/, what);
    if (type === 'text') return assert.match(response.headers.get('content-type') ?? '', /^text\/plain/, what);
    const validate = typeof type === 'string' ? schemas(type) : schemas(type.array);
    const values =
      typeof type === 'string'
        ? [response.body]
        : (assert.ok(Array.isArray(response.body), `${what}: an array`), response.body as unknown[]);
    for (const value of values) {
      if (!validate(value)) mismatches.push(`${what} does not match ${JSON.stringify(type)}: ${ajvText(validate)}`);
    }
  };

  it('covers every route, and every answer (errors included) has its Octopus type', async () => {
    const upload = multipartBody('fileToUpload', 'Acme.Web.1.2.3.zip', createZip({ 'a.txt': 'a' }));
    const uploaded = await server.request('POST', '/api/Spaces-1/packages/raw', undefined, {
      raw: upload.body,
      headers: { 'Content-Type': upload.contentType },
    });
    check('POST /packages/raw', uploaded, 'Package');
    const packageId = uploaded.body.Id as string;

    const created = await server.post('/api/Spaces-1/releases/create/v1', {
      ProjectName: 'Quick',
      ReleaseVersion: '1.0.0',
    });
    check('POST /releases/create/v1', created, 'CreateReleaseResponse');
    const deployed = await server.post('/api/Spaces-1/deployments/create/untenanted/v1', {
      ProjectName: 'Quick',
      ReleaseVersion: '1.0.0',
      EnvironmentNames: ['Development'],
    });
    check('POST /deployments/create/untenanted/v1', deployed, 'CreateDeploymentResponse');
    const quickTask = deployed.body.DeploymentServerTasks[0].ServerTaskId as string;
    await waitForTask(server, quickTask);
    const quickRelease = created.body.ReleaseId as string;

    const approval = await server.post('/api/Spaces-1/releases', { ProjectId: ids.Approval, Version: '1.0.0' });
    const approvalDeployment = await server.post('/api/Spaces-1/deployments', {
      ReleaseId: approval.body.Id,
      EnvironmentId: ids.Development,
    });
    await waitForTask(server, approvalDeployment.body.TaskId, (t) => t.HasPendingInterruptions);
    const interruptionId = (await server.get(`/api/Spaces-1/interruptions?regarding=${approvalDeployment.body.TaskId}`))
      .Items[0].Id as string;
    const slow = await server.post('/api/Spaces-1/releases', { ProjectId: ids.Slow, Version: '1.0.0' });
    const slowDeployment = await server.post('/api/Spaces-1/deployments', {
      ReleaseId: slow.body.Id,
      EnvironmentId: ids.Development,
    });
    const doomed = await server.post('/api/Spaces-1/releases', { ProjectId: ids.Quick, Version: '9.9.9' });
    const env = await server.post('/api/Spaces-1/environments', { Name: 'Scratch' });
    const machine = await server.post('/api/Spaces-1/machines', {
      Name: 'scratch01',
      Roles: ['web'],
      EnvironmentIds: [env.body.Id],
    });
    const project = await server.post('/api/Spaces-1/projects', { Name: 'Scratch project', LifecycleId: 'Anywhere' });
    const tenant = await server.post('/api/Spaces-1/tenants', {
      Name: 'Scratch tenant',
      TenantTags: ['Hosting/Shared'],
      // Not connected to the scratch project: other calls delete it.
      ProjectEnvironments: {},
    });
    const lifecycle = await server.post('/api/Spaces-1/lifecycles', {
      Name: 'Scratch lifecycle',
      Phases: [{ Name: 'Only', OptionalDeploymentTargets: [ids.Test], MinimumEnvironmentsBeforePromotion: 1 }],
    });
    const channel = await server.post('/api/Spaces-1/channels', {
      ProjectId: ids['Web App'],
      Name: 'Scratch channel',
      Rules: [{ VersionRange: '[1.0,2.0)', Tag: '', ActionPackages: [{ DeploymentAction: 'Deploy web app' }] }],
    });
    const librarySet = await server.post('/api/Spaces-1/libraryvariablesets', { Name: 'Scratch set' });
    const runbook = (await server.get(`/api/Spaces-1/projects/${ids.Ops}/runbooks/all`))[0];
    const process = await server.get(`/api/Spaces-1/projects/${ids['Hello World']}/deploymentprocesses`);
    const variables = await server.get(`/api/Spaces-1/projects/${ids['Hello World']}/variables`);
    const settings = await server.get(`/api/Spaces-1/projects/${ids.Quick}/deploymentsettings`);
    const release = await server.get(`/api/Spaces-1/releases/${quickRelease}`);
    const runnable = (await server.get(`/api/Spaces-1/projects/${ids.Operations}/runbooks/all`))[0] as { Id: string };
    const runbookRun = await server.post('/api/Spaces-1/runbookRuns', {
      RunbookId: runnable.Id,
      EnvironmentId: 'Test',
    });
    const deploymentId = deployed.body.DeploymentServerTasks[0].DeploymentId as string;
    const q = ids.Quick;

    const calls: Record<string, Call> = {
      'GET /api': { method: 'GET', url: '/api', type: 'Root' },
      'GET /users/me': { method: 'GET', url: '/api/users/me', type: 'User' },
      'GET /users': { method: 'GET', url: '/api/users', type: 'Users' },
      'GET /users/all': { method: 'GET', url: '/api/users/all', type: { array: 'User' } },
      'GET /users/:id': { method: 'GET', url: '/api/users/Users-1', type: 'User' },
      'GET /teams': { method: 'GET', url: '/api/Spaces-1/teams', type: 'Teams' },
      'GET /teams/all': { method: 'GET', url: '/api/teams/all', type: { array: 'Team' } },
      'GET /teams/:id': { method: 'GET', url: '/api/teams/Teams-1', type: 'Team' },
      'GET /spaces': { method: 'GET', url: '/api/spaces', type: 'Spaces' },
      'GET /spaces/all': { method: 'GET', url: '/api/spaces/all', type: { array: 'Space' } },
      'GET /spaces/:id': { method: 'GET', url: '/api/spaces/Spaces-1', type: 'Space' },
      'GET /dashboard': { method: 'GET', url: '/api/Spaces-1/dashboard', type: 'Dashboard' },
      'GET /projects': { method: 'GET', url: '/api/Spaces-1/projects', type: 'Projects' },
      'GET /projects/all': { method: 'GET', url: '/api/Spaces-1/projects/all', type: { array: 'Project' } },
      'GET /projects/:projectId': { method: 'GET', url: `/api/Spaces-1/projects/${q}`, type: 'Project' },
      'POST /projects': {
        method: 'POST',
        url: '/api/Spaces-1/projects',
        body: () => ({ Name: 'Another', LifecycleId: 'Anywhere' }),
        type: 'Project',
        status: 201,
      },
      'PUT /projects/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/projects/${project.body.Id}`,
        body: () => ({ ...project.body, Description: 'changed' }),
        type: 'Project',
      },
      'DELETE /projects/:id': { method: 'DELETE', url: `/api/Spaces-1/projects/${project.body.Id}`, type: 'none' },
      'GET /projects/:projectId/channels': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/channels`,
        type: 'Channels',
      },
      'GET /projects/:projectId/channels/all': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/channels/all`,
        type: { array: 'Channel' },
      },
      'GET /channels': { method: 'GET', url: '/api/Spaces-1/channels', type: 'Channels' },
      'GET /channels/all': { method: 'GET', url: '/api/Spaces-1/channels/all', type: { array: 'Channel' } },
      'GET /channels/:id': { method: 'GET', url: `/api/Spaces-1/channels/${release.ChannelId}`, type: 'Channel' },
      'GET /projects/:projectId/deploymentprocesses': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/deploymentprocesses`,
        type: 'DeploymentProcess',
      },
      'GET /projects/:projectId/:gitRef/deploymentprocesses': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/main/deploymentprocesses`,
        type: 'DeploymentProcess',
      },
      'PUT /projects/:projectId/deploymentprocesses': {
        method: 'PUT',
        url: `/api/Spaces-1/projects/${ids['Hello World']}/deploymentprocesses`,
        body: () => process,
        type: 'DeploymentProcess',
      },
      'PUT /projects/:projectId/:gitRef/deploymentprocesses': {
        method: 'PUT',
        url: `/api/Spaces-1/projects/${ids['Hello World']}/main/deploymentprocesses`,
        body: () => process,
        type: 'DeploymentProcess',
        status: 409,
      },
      'GET /deploymentprocesses/:id': {
        method: 'GET',
        url: `/api/Spaces-1/deploymentprocesses/${release.ProjectDeploymentProcessSnapshotId}`,
        type: 'DeploymentProcess',
      },
      'GET /projects/:projectId/deploymentsettings': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/deploymentsettings`,
        type: 'DeploymentSettings',
      },
      'PUT /projects/:projectId/deploymentsettings': {
        method: 'PUT',
        url: `/api/Spaces-1/projects/${q}/deploymentsettings`,
        body: () => ({ ...settings, DefaultGuidedFailureMode: 'Off' }),
        type: 'DeploymentSettings',
      },
      'GET /projects/:projectId/variables': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/variables`,
        type: 'VariableSet',
      },
      'GET /projects/:projectId/:gitRef/variables': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/main/variables`,
        type: 'VariableSet',
      },
      'PUT /projects/:projectId/variables': {
        method: 'PUT',
        url: `/api/Spaces-1/projects/${ids['Hello World']}/variables`,
        body: () => variables,
        type: 'VariableSet',
      },
      'GET /variables/:id': {
        method: 'GET',
        url: `/api/Spaces-1/variables/${release.ProjectVariableSetSnapshotId}`,
        type: 'VariableSet',
      },
      'PUT /variables/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/variables/${variables.Id}`,
        body: () => variables,
        type: 'VariableSet',
        status: 409,
      },
      'GET /projects/:projectId/releases': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/releases`,
        type: 'Releases',
      },
      'GET /projects/:projectId/releases/all': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/releases/all`,
        type: { array: 'Release' },
      },
      'GET /projects/:projectId/releases/:version': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${q}/releases/1.0.0`,
        type: 'Release',
      },
      'GET /releases': { method: 'GET', url: '/api/Spaces-1/releases', type: 'Releases' },
      'GET /releases/all': { method: 'GET', url: '/api/Spaces-1/releases/all', type: { array: 'Release' } },
      'GET /releases/:id': { method: 'GET', url: `/api/Spaces-1/releases/${quickRelease}`, type: 'Release' },
      'POST /releases': {
        method: 'POST',
        url: '/api/Spaces-1/releases',
        body: () => ({ ProjectId: q, Version: '2.0.0' }),
        type: 'Release',
        status: 201,
      },
      'PUT /releases/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/releases/${quickRelease}`,
        body: () => ({ ...release, ReleaseNotes: 'notes' }),
        type: 'Release',
      },
      'DELETE /releases/:id': { method: 'DELETE', url: `/api/Spaces-1/releases/${doomed.body.Id}`, type: 'none' },
      'POST /releases/create/v1': {
        method: 'POST',
        url: '/api/Spaces-1/releases/create/v1',
        body: () => ({ ProjectName: 'Quick', ReleaseVersion: '3.0.0' }),
        type: 'CreateReleaseResponse',
        status: 201,
      },
      'GET /releases/:id/deployments': {
        method: 'GET',
        url: `/api/Spaces-1/releases/${quickRelease}/deployments`,
        type: 'Deployments',
      },
      'GET /releases/:id/deployments/all': {
        method: 'GET',
        url: `/api/Spaces-1/releases/${quickRelease}/deployments/all`,
        type: { array: 'Deployment' },
      },
      'GET /releases/:id/deployments/template': {
        method: 'GET',
        url: `/api/Spaces-1/releases/${quickRelease}/deployments/template`,
        type: 'DeploymentTemplate',
      },
      'GET /releases/:id/deployments/preview/:environmentId': {
        method: 'GET',
        url: `/api/Spaces-1/releases/${quickRelease}/deployments/preview/${ids.Test}?includeDisabledSteps=true`,
        type: 'DeploymentPreview',
      },
      'GET /deploymentprocesses/:id/template': {
        method: 'GET',
        url: `/api/Spaces-1/deploymentprocesses/deploymentprocess-${ids['Web App']}/template?channel=Channels-1`,
        type: 'ReleaseTemplate',
      },
      'GET /releases/:id/progression': {
        method: 'GET',
        url: `/api/Spaces-1/releases/${quickRelease}/progression`,
        type: 'LifecycleProgression',
      },
      'GET /deployments': { method: 'GET', url: '/api/Spaces-1/deployments', type: 'Deployments' },
      'GET /deployments/all': { method: 'GET', url: '/api/Spaces-1/deployments/all', type: { array: 'Deployment' } },
      'GET /deployments/:id': { method: 'GET', url: `/api/Spaces-1/deployments/${deploymentId}`, type: 'Deployment' },
      'POST /deployments': {
        method: 'POST',
        url: '/api/Spaces-1/deployments',
        body: () => ({ ReleaseId: quickRelease, EnvironmentId: ids.Test }),
        type: 'Deployment',
        status: 201,
      },
      'POST /deployments/create/untenanted/v1': {
        method: 'POST',
        url: '/api/Spaces-1/deployments/create/untenanted/v1',
        body: () => ({ ProjectName: 'Quick', ReleaseVersion: '1.0.0', EnvironmentNames: ['Staging'] }),
        type: 'CreateDeploymentResponse',
      },
      'POST /deployments/create/tenanted/v1': {
        method: 'POST',
        url: '/api/Spaces-1/deployments/create/tenanted/v1',
        body: () => ({}),
        type: 'ErrorBody',
        status: 400,
      },
      'GET /environments': { method: 'GET', url: '/api/Spaces-1/environments', type: 'Environments' },
      'GET /environments/all': { method: 'GET', url: '/api/Spaces-1/environments/all', type: { array: 'Environment' } },
      'GET /environments/v2': { method: 'GET', url: '/api/Spaces-1/environments/v2', type: 'Environments' },
      'GET /environments/:id': { method: 'GET', url: `/api/Spaces-1/environments/${ids.Test}`, type: 'Environment' },
      'POST /environments': {
        method: 'POST',
        url: '/api/Spaces-1/environments',
        body: () => ({ Name: 'Another env' }),
        type: 'Environment',
        status: 201,
      },
      'PUT /environments/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/environments/${env.body.Id}`,
        body: () => ({ ...env.body, Description: 'scratch' }),
        type: 'Environment',
      },
      'GET /tenants': { method: 'GET', url: '/api/Spaces-1/tenants', type: 'Tenants' },
      'GET /tenants/all': { method: 'GET', url: '/api/Spaces-1/tenants/all', type: { array: 'Tenant' } },
      'GET /tenants/:id': { method: 'GET', url: `/api/Spaces-1/tenants/${tenant.body.Id}`, type: 'Tenant' },
      'POST /tenants': {
        method: 'POST',
        url: '/api/Spaces-1/tenants',
        body: () => ({ Name: 'Another tenant', TenantTags: [], ProjectEnvironments: {} }),
        type: 'Tenant',
        status: 201,
      },
      'PUT /tenants/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/tenants/${tenant.body.Id}`,
        body: () => ({ ...tenant.body, Description: 'Changed' }),
        type: 'Tenant',
      },
      'GET /tenants/:id/variables': {
        method: 'GET',
        url: `/api/Spaces-1/tenants/${tenant.body.Id}/variables`,
        type: 'TenantVariables',
      },
      'PUT /tenants/:id/variables': {
        method: 'PUT',
        url: `/api/Spaces-1/tenants/${tenant.body.Id}/variables`,
        body: () => ({ ProjectVariables: {}, LibraryVariables: {} }),
        type: 'TenantVariables',
      },
      'GET /tenants/:id/projectvariables': {
        method: 'GET',
        url: `/api/Spaces-1/tenants/${tenant.body.Id}/projectvariables?includeMissingVariables=true`,
        type: 'TenantProjectVariables',
      },
      'PUT /tenants/:id/projectvariables': {
        method: 'PUT',
        url: `/api/Spaces-1/tenants/${tenant.body.Id}/projectvariables`,
        body: () => [],
        type: 'ModifiedTenantProjectVariables',
      },
      'GET /tenants/:id/commonvariables': {
        method: 'GET',
        url: `/api/Spaces-1/tenants/${tenant.body.Id}/commonvariables?includeMissingVariables=true`,
        type: 'TenantCommonVariables',
      },
      'PUT /tenants/:id/commonvariables': {
        method: 'PUT',
        url: `/api/Spaces-1/tenants/${tenant.body.Id}/commonvariables`,
        body: () => ({ Variables: [] }),
        type: 'ModifiedTenantCommonVariables',
      },
      'GET /machines': { method: 'GET', url: '/api/Spaces-1/machines', type: 'Machines' },
      'GET /machines/all': { method: 'GET', url: '/api/Spaces-1/machines/all', type: { array: 'Machine' } },
      'GET /machines/:id': { method: 'GET', url: `/api/Spaces-1/machines/${machine.body.Id}`, type: 'Machine' },
      'POST /machines': {
        method: 'POST',
        url: '/api/Spaces-1/machines',
        body: () => ({ Name: 'another01', Roles: ['db'], EnvironmentIds: ['Test'] }),
        type: 'Machine',
        status: 201,
      },
      'PUT /machines/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/machines/${machine.body.Id}`,
        body: () => ({ ...machine.body, Roles: ['web', 'db'] }),
        type: 'Machine',
      },
      'DELETE /machines/:id': { method: 'DELETE', url: `/api/Spaces-1/machines/${machine.body.Id}`, type: 'none' },
      'DELETE /environments/:id': { method: 'DELETE', url: `/api/Spaces-1/environments/${env.body.Id}`, type: 'none' },
      'GET /lifecycles': { method: 'GET', url: '/api/Spaces-1/lifecycles', type: 'Lifecycles' },
      'GET /lifecycles/all': { method: 'GET', url: '/api/Spaces-1/lifecycles/all', type: { array: 'Lifecycle' } },
      'GET /lifecycles/:id': { method: 'GET', url: '/api/Spaces-1/lifecycles/Lifecycles-1', type: 'Lifecycle' },
      'POST /lifecycles': {
        method: 'POST',
        url: '/api/Spaces-1/lifecycles',
        body: () => ({
          Name: 'Another lifecycle',
          Phases: [
            {
              Name: 'First',
              AutomaticDeploymentTargets: [ids.Development],
              ReleaseRetentionPolicy: { Unit: 'Items', QuantityToKeep: 2, ShouldKeepForever: false },
            },
          ],
        }),
        type: 'Lifecycle',
        status: 201,
      },
      'PUT /lifecycles/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/lifecycles/${lifecycle.body.Id}`,
        body: () => ({ ...lifecycle.body, Description: 'changed' }),
        type: 'Lifecycle',
      },
      'DELETE /lifecycles/:id': {
        method: 'DELETE',
        url: `/api/Spaces-1/lifecycles/${lifecycle.body.Id}`,
        type: 'none',
      },
      'POST /channels': {
        method: 'POST',
        url: '/api/Spaces-1/channels',
        body: () => ({ ProjectId: ids.Quick, Name: 'Another channel', LifecycleId: 'Anywhere' }),
        type: 'Channel',
        status: 201,
      },
      'PUT /channels/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/channels/${channel.body.Id}`,
        body: () => ({ ...channel.body, Description: 'changed' }),
        type: 'Channel',
      },
      'DELETE /channels/:id': { method: 'DELETE', url: `/api/Spaces-1/channels/${channel.body.Id}`, type: 'none' },
      'POST /libraryvariablesets': {
        method: 'POST',
        url: '/api/Spaces-1/libraryvariablesets',
        body: () => ({ Name: 'Another set', Description: 'x' }),
        type: 'LibraryVariableSet',
        status: 201,
      },
      'PUT /libraryvariablesets/:id': {
        method: 'PUT',
        url: `/api/Spaces-1/libraryvariablesets/${librarySet.body.Id}`,
        body: () => ({ ...librarySet.body, Description: 'changed' }),
        type: 'LibraryVariableSet',
      },
      'DELETE /libraryvariablesets/:id': {
        method: 'DELETE',
        url: `/api/Spaces-1/libraryvariablesets/${librarySet.body.Id}`,
        type: 'none',
      },
      'GET /projects/:projectId/runbooks': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${ids.Ops}/runbooks`,
        type: 'Runbooks',
      },
      'GET /projects/:projectId/runbooks/all': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${ids.Ops}/runbooks/all`,
        type: { array: 'Runbook' },
      },
      'GET /runbooks': { method: 'GET', url: '/api/Spaces-1/runbooks', type: 'Runbooks' },
      'GET /runbooks/all': { method: 'GET', url: '/api/Spaces-1/runbooks/all', type: { array: 'Runbook' } },
      'GET /runbooks/:id': { method: 'GET', url: `/api/Spaces-1/runbooks/${runbook.Id}`, type: 'Runbook' },
      'GET /runbookProcesses/:id': {
        method: 'GET',
        url: `/api/Spaces-1/runbookProcesses/${runbook.RunbookProcessId}`,
        type: 'RunbookProcess',
      },
      'GET /projects/:projectId/runbookProcesses/:id': {
        method: 'GET',
        url: `/api/Spaces-1/projects/${ids.Ops}/runbookProcesses/${runbook.RunbookProcessId}`,
        type: 'RunbookProcess',
      },
      'GET /libraryvariablesets': {
        method: 'GET',
        url: '/api/Spaces-1/libraryvariablesets',
        type: 'LibraryVariableSets',
      },
      'GET /libraryvariablesets/all': {
        method: 'GET',
        url: '/api/Spaces-1/libraryvariablesets/all',
        type: { array: 'LibraryVariableSet' },
      },
      'GET /libraryvariablesets/:id': {
        method: 'GET',
        url: '/api/Spaces-1/libraryvariablesets/LibraryVariableSets-1',
        type: 'LibraryVariableSet',
      },
      'GET /feeds': { method: 'GET', url: '/api/Spaces-1/feeds', type: 'Feeds' },
      'GET /feeds/all': { method: 'GET', url: '/api/Spaces-1/feeds/all', type: { array: 'Feed' } },
      'GET /feeds/:id': { method: 'GET', url: '/api/Spaces-1/feeds/feeds-builtin', type: 'Feed' },
      'GET /actiontemplates': { method: 'GET', url: '/api/Spaces-1/actiontemplates', type: 'ActionTemplates' },
      'GET /actiontemplates/all': {
        method: 'GET',
        url: '/api/Spaces-1/actiontemplates/all',
        type: { array: 'ActionTemplate' },
      },
      'GET /actiontemplates/:id': {
        method: 'GET',
        url: '/api/Spaces-1/actiontemplates/ActionTemplates-7',
        type: 'ActionTemplate',
      },
      'POST /runbookRuns': {
        method: 'POST',
        url: '/api/Spaces-1/runbookRuns',
        type: 'RunbookRun',
        body: () => ({ RunbookId: runnable.Id, EnvironmentId: 'Test' }),
        status: 201,
      },
      'GET /runbookSnapshots/:id': {
        method: 'GET',
        url: `/api/Spaces-1/runbookSnapshots/${runbookRun.body.RunbookSnapshotId}`,
        type: 'RunbookSnapshot',
      },
      'GET /runbookRuns/:id': {
        method: 'GET',
        url: `/api/Spaces-1/runbookRuns/${runbookRun.body.Id}`,
        type: 'RunbookRun',
      },
      'GET /feeds/:feedId/packages/versions': {
        method: 'GET',
        url: '/api/Spaces-1/feeds/feeds-builtin/packages/versions?packageId=Acme.Web',
        type: 'PackageVersions',
      },
      'GET /packages': { method: 'GET', url: '/api/Spaces-1/packages', type: 'Packages' },
      'GET /packages/all': { method: 'GET', url: '/api/Spaces-1/packages/all', type: { array: 'Package' } },
      'GET /packages/:id': { method: 'GET', url: `/api/Spaces-1/packages/${packageId}`, type: 'Package' },
      'GET /packages/:id/raw': { method: 'GET', url: `/api/Spaces-1/packages/${packageId}/raw`, type: 'file' },
      'POST /packages/raw': {
        method: 'POST',
        url: '/api/Spaces-1/packages/raw',
        type: 'ErrorBody',
        body: () => ({}),
        status: 400,
      },
      'GET /tasks': { method: 'GET', url: '/api/Spaces-1/tasks', type: 'Tasks' },
      'GET /tasks/all': { method: 'GET', url: '/api/tasks/all', type: { array: 'Task' } },
      'GET /tasks/:id': { method: 'GET', url: `/api/tasks/${quickTask}`, type: 'Task' },
      'GET /tasks/:id/details': { method: 'GET', url: `/api/Spaces-1/tasks/${quickTask}/details`, type: 'TaskDetails' },
      'GET /tasks/:id/raw': { method: 'GET', url: `/api/Spaces-1/tasks/${quickTask}/raw`, type: 'text' },
      'POST /tasks/:id/cancel': {
        method: 'POST',
        url: `/api/tasks/${slowDeployment.body.TaskId}/cancel`,
        body: () => ({}),
        type: 'Task',
      },
      'GET /interruptions': { method: 'GET', url: '/api/Spaces-1/interruptions', type: 'Interruptions' },
      'GET /interruptions/all': {
        method: 'GET',
        url: '/api/Spaces-1/interruptions/all',
        type: { array: 'Interruption' },
      },
      'GET /interruptions/:id': {
        method: 'GET',
        url: `/api/Spaces-1/interruptions/${interruptionId}`,
        type: 'Interruption',
      },
      'PUT /interruptions/:id/responsible': {
        method: 'PUT',
        url: `/api/Spaces-1/interruptions/${interruptionId}/responsible`,
        body: () => ({}),
        type: 'User',
      },
      'POST /interruptions/:id/submit': {
        method: 'POST',
        url: `/api/Spaces-1/interruptions/${interruptionId}/submit`,
        body: () => ({ Result: 'Proceed', Notes: 'ok' }),
        type: 'Interruption',
      },
    };

    const routes = await listRoutes();
    const keyOf = (r: { method: string; url: string }) =>
      `${r.method} ${r.url === '/api' ? '/api' : r.url.replace(/^\/api\/:spaceId(?=\/)/, '').replace(/^\/api(?=\/)/, '')}`;
    const missing = [...new Set(routes.map(keyOf))].filter((key) => !calls[key]);
    assert.deepEqual(missing, [], 'every route has a checked call');

    for (const [key, call] of Object.entries(calls)) {
      const response = await server.request(call.method, call.url, call.body?.());
      assert.equal(response.status, call.status ?? 200, `${key}: ${response.text.slice(0, 400)}`);
      check(key, response, call.type);
      // The same route with an unknown id answers an Octopus error (bodies of non-JSON routes included).
      if (/:/.test(key) && call.method === 'GET') {
        const unknown = await server.request(
          'GET',
          call.url
            .replace(
              /(Projects|Releases|ServerTasks|Interruptions|Machines|Environments|Channels|Lifecycles|LibraryVariableSets|Deployments|Users|Teams|Spaces|Runbooks)-\d+/,
              '$1-999999',
            )
            .replace(/packages-[^/]+/, 'packages-nope.1.0.0'),
        );
        if (unknown.status >= 400) check(`${key} (unknown id)`, unknown, 'ErrorBody');
      }
    }
    check('an unknown route', await server.request('GET', '/api/Spaces-1/no/such/route'), 'ErrorBody');
    check(
      'a missing key',
      await server.request('GET', '/api/Spaces-1/projects', undefined, { key: null }),
      'ErrorBody',
    );
    assert.deepEqual(mismatches, []);
  });
});
