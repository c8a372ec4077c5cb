import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EnvironmentResource, LifecycleResource, PhaseResource } from '../resources/types';
import { automaticTargets, canDeployTo, effectivePhases, progression } from './lifecycle';

const env = (id: string, order: number) => ({ Id: id, Name: id, SortOrder: order }) as EnvironmentResource;
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
const decide = (l: LifecycleResource, done: string[], target: string) => canDeployTo(progression(effectivePhases(l, environments), new Set(done)), target, names);

describe('lifecycle progression', () => {
  const standard = lifecycle([phase('Dev', ['Dev']), phase('Testing', ['Test', 'UAT'], { MinimumEnvironmentsBeforePromotion: 1 }), phase('Prod', ['Prod'])]);

  it('allows the first phase at once and later ones after the earlier ones succeed', () => {
    assert.deepEqual(decide(standard, [], 'Dev'), { allowed: true });
    assert.deepEqual(decide(standard, [], 'Prod'), {
      allowed: false,
      reason: "Release 1.0.0 cannot be deployed to Prod yet: the lifecycle 'L' requires a successful deployment to Dev (phase 'Dev'), then 1 more of Test, UAT (phase 'Testing' needs 1) first.",
    });
    assert.deepEqual(decide(standard, ['Dev'], 'UAT'), { allowed: true });
    assert.deepEqual(decide(standard, ['Dev', 'UAT'], 'Prod'), { allowed: true }, 'one of two is the minimum');
    assert.deepEqual(decide(standard, ['Dev', 'Test', 'UAT', 'Prod'], 'Dev'), { allowed: true }, 'earlier phases stay open');
  });

  it('needs every environment of a phase when no minimum is set', () => {
    const all = lifecycle([phase('Testing', ['Test', 'UAT']), phase('Prod', ['Prod'])]);
    assert.equal(decide(all, ['Test'], 'Prod').allowed, false);
    assert.match((decide(all, ['Test'], 'Prod') as { reason: string }).reason, /deployment to UAT \(phase 'Testing'\)/);
    assert.equal(decide(all, ['Test', 'UAT'], 'Prod').allowed, true);
  });

  it('lets a release skip an optional phase', () => {
    const optional = lifecycle([phase('Dev', ['Dev']), phase('UAT', ['UAT'], { IsOptionalPhase: true }), phase('Prod', ['Prod'])]);
    assert.equal(decide(optional, [], 'Prod').allowed, false);
    assert.equal(decide(optional, ['Dev'], 'Prod').allowed, true);
  });

  it('with no phases, has one phase per environment in the environments order', () => {
    const none = lifecycle([]);
    assert.deepEqual(effectivePhases(none, environments).map((p) => p.environmentIds), [['Dev'], ['Test'], ['UAT'], ['Prod']]);
    assert.equal(decide(none, ['Dev'], 'UAT').allowed, false);
    assert.equal(decide(none, ['Dev', 'Test'], 'UAT').allowed, true);
  });

  it('reads a phase without environments as every environment no other phase lists', () => {
    const rest = lifecycle([phase('Dev', ['Dev']), phase('Everything else', [])]);
    assert.deepEqual(effectivePhases(rest, environments)[1].environmentIds, ['Test', 'UAT', 'Prod']);
  });

  it('refuses an environment that is not in the lifecycle, naming the ones that are', () => {
    const small = lifecycle([phase('Dev', ['Dev'])]);
    assert.deepEqual(decide(small, [], 'Prod'), { allowed: false, reason: "Environment Prod is not in the lifecycle 'L' (it has Dev), so release 1.0.0 cannot be deployed to it." });
  });

  it('deploys automatic environments of the phases the release has reached, once', () => {
    const auto = lifecycle([phase('Dev', [], { AutomaticDeploymentTargets: ['Dev'] }), phase('Test', ['UAT'], { AutomaticDeploymentTargets: ['Test'] })]);
    const phases = effectivePhases(auto, environments);
    assert.deepEqual(automaticTargets(progression(phases, new Set()), new Set()), ['Dev']);
    assert.deepEqual(automaticTargets(progression(phases, new Set()), new Set(['Dev'])), []);
    assert.deepEqual(automaticTargets(progression(phases, new Set(['Dev'])), new Set(['Dev'])), ['Test']);
  });
});
