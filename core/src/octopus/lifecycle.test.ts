import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LifecycleResource, PhaseResource } from './apiResources';
import {
  automaticTargets,
  canDeployTo,
  effectivePhases,
  environmentsInReach,
  nextEnvironment,
  progression,
  type DeploymentOutcome,
  type LifecycleEnvironment,
  type LifecyclePhase,
  type LifecycleWithPhases,
} from './lifecycle';

describe('lifecycle progression: what the deployment server allows', () => {
  const env = (id: string, order: number): LifecycleEnvironment => ({ Id: id, Name: id, SortOrder: order });
  const environments = [env('Dev', 0), env('Test', 1), env('UAT', 2), env('Prod', 3)];
  const phase = (name: string, manual: string[], extra: Partial<PhaseResource> = {}): PhaseResource => ({
    Id: name,
    Name: name,
    AutomaticDeploymentTargets: [],
    OptionalDeploymentTargets: manual,
    MinimumEnvironmentsBeforePromotion: 0,
    IsOptionalPhase: false,
    IsPriorityPhase: false,
    ReleaseRetentionPolicy: null,
    TentacleRetentionPolicy: null,
    ...extra,
  });
  const lifecycle = (phases: PhaseResource[]) => ({ Name: 'L', Phases: phases }) as LifecycleResource;
  const names = { release: '1.0.0', lifecycle: 'L', environment: (id: string) => id };
  const decide = (l: LifecycleResource, done: string[], target: string) =>
    canDeployTo(progression(effectivePhases(l, environments), new Set(done)), target, names);

  const standard = lifecycle([
    phase('Dev', ['Dev']),
    phase('Testing', ['Test', 'UAT'], { MinimumEnvironmentsBeforePromotion: 1 }),
    phase('Prod', ['Prod']),
  ]);

  it('allows the first phase at once and later ones after the earlier ones succeed', () => {
    assert.deepEqual(decide(standard, [], 'Dev'), { allowed: true });
    assert.deepEqual(decide(standard, [], 'Prod'), {
      allowed: false,
      reason:
        "Release 1.0.0 cannot be deployed to Prod yet: the lifecycle 'L' requires a successful deployment to Dev (phase 'Dev'), then 1 more of Test, UAT (phase 'Testing' needs 1) first.",
    });
    assert.deepEqual(decide(standard, ['Dev'], 'UAT'), { allowed: true });
    assert.deepEqual(decide(standard, ['Dev', 'UAT'], 'Prod'), { allowed: true }, 'one of two is the minimum');
    assert.deepEqual(
      decide(standard, ['Dev', 'Test', 'UAT', 'Prod'], 'Dev'),
      { allowed: true },
      'earlier phases stay open',
    );
  });

  it('needs every environment of a phase when no minimum is set', () => {
    const all = lifecycle([phase('Testing', ['Test', 'UAT']), phase('Prod', ['Prod'])]);
    assert.equal(decide(all, ['Test'], 'Prod').allowed, false);
    assert.match((decide(all, ['Test'], 'Prod') as { reason: string }).reason, /deployment to UAT \(phase 'Testing'\)/);
    assert.equal(decide(all, ['Test', 'UAT'], 'Prod').allowed, true);
  });

  it('lets a release skip an optional phase', () => {
    const optional = lifecycle([
      phase('Dev', ['Dev']),
      phase('UAT', ['UAT'], { IsOptionalPhase: true }),
      phase('Prod', ['Prod']),
    ]);
    assert.equal(decide(optional, [], 'Prod').allowed, false);
    assert.equal(decide(optional, ['Dev'], 'Prod').allowed, true);
  });

  it('with no phases, has one phase per environment in the environments order', () => {
    const none = lifecycle([]);
    assert.deepEqual(
      effectivePhases(none, environments).map((p) => p.environmentIds),
      [['Dev'], ['Test'], ['UAT'], ['Prod']],
    );
    assert.equal(decide(none, ['Dev'], 'UAT').allowed, false);
    assert.equal(decide(none, ['Dev', 'Test'], 'UAT').allowed, true);
  });

  it('reads a phase without environments as every environment no other phase lists', () => {
    const rest = lifecycle([phase('Dev', ['Dev']), phase('Everything else', [])]);
    assert.deepEqual(effectivePhases(rest, environments)[1].environmentIds, ['Test', 'UAT', 'Prod']);
  });

  it('refuses an environment that is not in the lifecycle, naming the ones that are', () => {
    const small = lifecycle([phase('Dev', ['Dev'])]);
    assert.deepEqual(decide(small, [], 'Prod'), {
      allowed: false,
      reason: "Environment Prod is not in the lifecycle 'L' (it has Dev), so release 1.0.0 cannot be deployed to it.",
    });
  });

  it('deploys automatic environments of the phases the release has reached, once', () => {
    const auto = lifecycle([
      phase('Dev', [], { AutomaticDeploymentTargets: ['Dev'] }),
      phase('Test', ['UAT'], { AutomaticDeploymentTargets: ['Test'] }),
    ]);
    const phases = effectivePhases(auto, environments);
    assert.deepEqual(automaticTargets(progression(phases, new Set()), new Set()), ['Dev']);
    assert.deepEqual(automaticTargets(progression(phases, new Set()), new Set(['Dev'])), []);
    assert.deepEqual(automaticTargets(progression(phases, new Set(['Dev'])), new Set(['Dev'])), ['Test']);
  });

  it("names a phase's environments in the environments' order, automatic or not", () => {
    const mixed = lifecycle([
      phase('Testing', ['UAT'], { AutomaticDeploymentTargets: ['Prod', 'Test'] }),
      phase('Last', ['Dev']),
    ]);
    assert.deepEqual(effectivePhases(mixed, environments)[0].environmentIds, ['Test', 'UAT', 'Prod']);
    assert.match(
      (decide(mixed, ['UAT'], 'Dev') as { reason: string }).reason,
      /deployment to Test and Prod \(phase 'Testing'\)/,
    );
  });
});

describe('nextEnvironment: where "Deploy to Test" goes', () => {
  const env = (id: string, name: string, order: number): LifecycleEnvironment => ({
    Id: id,
    Name: name,
    SortOrder: order,
  });
  const [dev, test, staging, prod] = [
    env('E-1', 'Development', 0),
    env('E-2', 'Test', 1),
    env('E-3', 'Staging', 2),
    env('E-4', 'Production', 3),
  ];
  const environments = [prod, dev, staging, test]; // any order: SortOrder decides
  const phase = (name: string, p: Partial<LifecyclePhase>): LifecyclePhase => ({
    Name: name,
    AutomaticDeploymentTargets: [],
    OptionalDeploymentTargets: [],
    MinimumEnvironmentsBeforePromotion: 0,
    IsOptionalPhase: false,
    ...p,
  });
  const lifecycle = (...phases: LifecyclePhase[]): LifecycleWithPhases => ({ Phases: phases });
  const done = (...ids: string[]): DeploymentOutcome[] =>
    ids.map((environmentId) => ({ environmentId, state: 'Success' }));

  /** Dev deployed automatically, then Test, then Production: the demo's lifecycle. */
  const usual = lifecycle(
    phase('Development', { AutomaticDeploymentTargets: ['E-1'] }),
    phase('Test', { OptionalDeploymentTargets: ['E-2'] }),
    phase('Production', { OptionalDeploymentTargets: ['E-4'] }),
  );

  it('goes to Test once the automatic Development deployment succeeded', () => {
    assert.deepEqual(nextEnvironment(usual, environments, done('E-1')), {
      kind: 'deploy',
      environmentId: 'E-2',
      phase: 'Test',
      lastPhase: false,
    });
  });

  it('waits while the automatic deployment still runs', () => {
    assert.deepEqual(nextEnvironment(usual, environments, [{ environmentId: 'E-1', state: 'Executing' }]), {
      kind: 'wait',
      environmentIds: ['E-1'],
    });
  });

  it('offers Development again when its deployment failed and nothing runs', () => {
    assert.deepEqual(nextEnvironment(usual, environments, [{ environmentId: 'E-1', state: 'Failed' }]), {
      kind: 'deploy',
      environmentId: 'E-1',
      phase: 'Development',
      lastPhase: false,
    });
  });

  it('marks the last phase, and says when the release went everywhere', () => {
    assert.deepEqual(nextEnvironment(usual, environments, done('E-1', 'E-2')), {
      kind: 'deploy',
      environmentId: 'E-4',
      phase: 'Production',
      lastPhase: true,
    });
    assert.deepEqual(nextEnvironment(usual, environments, done('E-1', 'E-2', 'E-4')), { kind: 'done' });
  });

  it("prefers an environment deployed by hand within the same phase (Octopus's spec example)", () => {
    const spec = lifecycle(
      phase('Test', {
        AutomaticDeploymentTargets: ['E-1'],
        OptionalDeploymentTargets: ['E-2'],
        MinimumEnvironmentsBeforePromotion: 1,
      }),
      phase('Production', { OptionalDeploymentTargets: ['E-4'] }),
    );
    assert.deepEqual(nextEnvironment(spec, environments, []), {
      kind: 'deploy',
      environmentId: 'E-2',
      phase: 'Test',
      lastPhase: false,
    });
    // Dev alone completes the phase (minimum 1), but Test in the same phase still comes before Production.
    assert.deepEqual(nextEnvironment(spec, environments, done('E-1')), {
      kind: 'deploy',
      environmentId: 'E-2',
      phase: 'Test',
      lastPhase: false,
    });
  });

  it('with no phases, goes through every environment in order', () => {
    const none = lifecycle();
    assert.deepEqual(
      effectivePhases(none, environments).map((p) => p.name),
      ['Development', 'Test', 'Staging', 'Production'],
    );
    assert.deepEqual(nextEnvironment(none, environments, done('E-1', 'E-2')), {
      kind: 'deploy',
      environmentId: 'E-3',
      phase: 'Staging',
      lastPhase: false,
    });
  });

  it('reads a phase without environments as every environment no other phase lists', () => {
    const rest = lifecycle(phase('First', { OptionalDeploymentTargets: ['E-1'] }), phase('Rest', {}));
    assert.deepEqual(effectivePhases(rest, environments)[1].environmentIds, ['E-2', 'E-3', 'E-4']);
  });

  it('skips an optional phase nobody deployed', () => {
    const optional = lifecycle(
      phase('Dev', { OptionalDeploymentTargets: ['E-1'] }),
      phase('QA', { OptionalDeploymentTargets: ['E-3'], IsOptionalPhase: true }),
      phase('Prod', { OptionalDeploymentTargets: ['E-4'] }),
    );
    const reach = environmentsInReach(optional, environments, done('E-1'));
    assert.deepEqual(
      reach.map((r) => [r.environmentId, r.available]),
      [
        ['E-1', true],
        ['E-3', true],
        ['E-4', true],
      ],
    );
  });

  it('says what blocks the release when an earlier phase failed and nothing runs', () => {
    const strict = lifecycle(
      phase('Testing', { OptionalDeploymentTargets: ['E-2', 'E-3'], MinimumEnvironmentsBeforePromotion: 2 }),
      phase('Production', { OptionalDeploymentTargets: ['E-4'] }),
    );
    const outcomes: DeploymentOutcome[] = [...done('E-2'), { environmentId: 'E-3', state: 'Queued' }];
    assert.deepEqual(nextEnvironment(strict, environments, outcomes), { kind: 'wait', environmentIds: ['E-3'] });
    assert.deepEqual(
      nextEnvironment(strict, environments, [...done('E-2'), { environmentId: 'E-3', state: 'Failed' }]),
      { kind: 'deploy', environmentId: 'E-3', phase: 'Testing', lastPhase: false },
    );
  });

  it('reads a phase as a server may send it, without empty lists or defaults', () => {
    const sparse = lifecycle(
      { Name: 'Dev', OptionalDeploymentTargets: ['E-1'] },
      { Name: 'Prod', AutomaticDeploymentTargets: ['E-4'] },
    );
    assert.deepEqual(
      effectivePhases(sparse, environments).map((p) => [p.name, p.environmentIds, p.minimum, p.optional]),
      [
        ['Dev', ['E-1'], 0, false],
        ['Prod', ['E-4'], 0, false],
      ],
    );
    assert.deepEqual(nextEnvironment(sparse, environments, done('E-1')), {
      kind: 'deploy',
      environmentId: 'E-4',
      phase: 'Prod',
      lastPhase: true,
    });
  });
});
