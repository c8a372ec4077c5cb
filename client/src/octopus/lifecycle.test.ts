import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectivePhases, environmentsInReach, nextEnvironment, type DeploymentOutcome } from './lifecycle';
import type { Environment, Lifecycle, Phase } from './types';

const env = (id: string, name: string, order: number): Environment => ({ Id: id, Name: name, SortOrder: order });
const [dev, test, staging, prod] = [env('E-1', 'Development', 0), env('E-2', 'Test', 1), env('E-3', 'Staging', 2), env('E-4', 'Production', 3)];
const environments = [prod, dev, staging, test]; // any order: SortOrder decides
const phase = (name: string, p: Partial<Phase>): Phase => ({ Id: name, Name: name, AutomaticDeploymentTargets: [], OptionalDeploymentTargets: [], MinimumEnvironmentsBeforePromotion: 0, IsOptionalPhase: false, ...p });
const lifecycle = (...phases: Phase[]): Lifecycle => ({ Id: 'L', Name: 'Usual', Phases: phases });
const done = (...ids: string[]): DeploymentOutcome[] => ids.map((environmentId) => ({ environmentId, state: 'Success' }));

/** Dev deployed automatically, then Test, then Production: the demo's lifecycle. */
const usual = lifecycle(
  phase('Development', { AutomaticDeploymentTargets: ['E-1'] }),
  phase('Test', { OptionalDeploymentTargets: ['E-2'] }),
  phase('Production', { OptionalDeploymentTargets: ['E-4'] }),
);

describe('nextEnvironment: where "Deploy to Test" goes', () => {
  it('goes to Test once the automatic Development deployment succeeded', () => {
    assert.deepEqual(nextEnvironment(usual, environments, done('E-1')), { kind: 'deploy', environmentId: 'E-2', phase: 'Test', lastPhase: false });
  });

  it('waits while the automatic deployment still runs', () => {
    assert.deepEqual(nextEnvironment(usual, environments, [{ environmentId: 'E-1', state: 'Executing' }]), { kind: 'wait', environmentIds: ['E-1'] });
  });

  it('offers Development again when its deployment failed and nothing runs', () => {
    assert.deepEqual(nextEnvironment(usual, environments, [{ environmentId: 'E-1', state: 'Failed' }]), { kind: 'deploy', environmentId: 'E-1', phase: 'Development', lastPhase: false });
  });

  it('marks the last phase, and says when the release went everywhere', () => {
    assert.deepEqual(nextEnvironment(usual, environments, done('E-1', 'E-2')), { kind: 'deploy', environmentId: 'E-4', phase: 'Production', lastPhase: true });
    assert.deepEqual(nextEnvironment(usual, environments, done('E-1', 'E-2', 'E-4')), { kind: 'done' });
  });

  it('prefers an environment deployed by hand within the same phase (Octopus\'s spec example)', () => {
    const spec = lifecycle(phase('Test', { AutomaticDeploymentTargets: ['E-1'], OptionalDeploymentTargets: ['E-2'], MinimumEnvironmentsBeforePromotion: 1 }), phase('Production', { OptionalDeploymentTargets: ['E-4'] }));
    assert.deepEqual(nextEnvironment(spec, environments, []), { kind: 'deploy', environmentId: 'E-2', phase: 'Test', lastPhase: false });
    // Dev alone completes the phase (minimum 1), but Test in the same phase still comes before Production.
    assert.deepEqual(nextEnvironment(spec, environments, done('E-1')), { kind: 'deploy', environmentId: 'E-2', phase: 'Test', lastPhase: false });
  });

  it('with no phases, goes through every environment in order', () => {
    const none = lifecycle();
    assert.deepEqual(effectivePhases(none, environments).map((p) => p.name), ['Development', 'Test', 'Staging', 'Production']);
    assert.deepEqual(nextEnvironment(none, environments, done('E-1', 'E-2')), { kind: 'deploy', environmentId: 'E-3', phase: 'Staging', lastPhase: false });
  });

  it('reads a phase without environments as every environment no other phase lists', () => {
    const rest = lifecycle(phase('First', { OptionalDeploymentTargets: ['E-1'] }), phase('Rest', {}));
    assert.deepEqual(effectivePhases(rest, environments)[1].environmentIds, ['E-2', 'E-3', 'E-4']);
  });

  it('skips an optional phase nobody deployed', () => {
    const optional = lifecycle(phase('Dev', { OptionalDeploymentTargets: ['E-1'] }), phase('QA', { OptionalDeploymentTargets: ['E-3'], IsOptionalPhase: true }), phase('Prod', { OptionalDeploymentTargets: ['E-4'] }));
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
    const strict = lifecycle(phase('Testing', { OptionalDeploymentTargets: ['E-2', 'E-3'], MinimumEnvironmentsBeforePromotion: 2 }), phase('Production', { OptionalDeploymentTargets: ['E-4'] }));
    const outcomes: DeploymentOutcome[] = [...done('E-2'), { environmentId: 'E-3', state: 'Queued' }];
    assert.deepEqual(nextEnvironment(strict, environments, outcomes), { kind: 'wait', environmentIds: ['E-3'] });
    assert.deepEqual(nextEnvironment(strict, environments, [...done('E-2'), { environmentId: 'E-3', state: 'Failed' }]), { kind: 'deploy', environmentId: 'E-3', phase: 'Testing', lastPhase: false });
  });
});
