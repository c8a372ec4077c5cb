import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { channelRuleViolations, describeRule, newestAllowed, ruleProblem, rulesFor } from './channelRules';

const stable = {
  VersionRange: '[1.5,2.0)',
  Tag: '^$',
  ActionPackages: [{ DeploymentAction: 'Deploy webapp' }, { DeploymentAction: 'Deploy api', PackageReference: 'api' }],
};
const betas = { VersionRange: '', Tag: '^beta', ActionPackages: [{ DeploymentAction: 'Deploy webapp' }] };

describe('channel version rules', () => {
  it('names the part of the rule a version breaks', () => {
    assert.equal(ruleProblem(stable, '1.6.0'), undefined);
    assert.equal(ruleProblem(stable, '2.0.0'), '2.0.0 is outside the version range [1.5,2.0)');
    assert.equal(ruleProblem(stable, '1.6.0-beta'), "its pre-release tag 'beta' does not match ^$");
    assert.equal(ruleProblem(betas, '1.0.0'), '1.0.0 has no pre-release tag, which does not match ^beta');
    assert.equal(ruleProblem(betas, '3.0.0-beta.2'), undefined);
    assert.match(ruleProblem({ VersionRange: '[2.0,1.0]', Tag: '' }, '1.0.0')!, /range is not one/);
    assert.match(ruleProblem({ VersionRange: '', Tag: '(' }, '1.0.0')!, /not a regular expression/);
    assert.equal(ruleProblem({ VersionRange: '[1.0,2.0),[3.0,)', Tag: '' }, '3.1.0', 'maven'), undefined);
  });

  it('describes a rule as Octopus lists it', () => {
    assert.equal(describeRule(stable), 'version range [1.5,2.0) and pre-release tag ^$');
    assert.equal(describeRule(betas), 'pre-release tag ^beta');
    assert.equal(describeRule({ VersionRange: '', Tag: '' }), 'any version');
  });

  it('applies a rule to the actions (and named package references) it lists', () => {
    assert.deepEqual(rulesFor([stable, betas], 'deploy webapp'), [stable, betas]);
    assert.deepEqual(rulesFor([stable, betas], 'Deploy api'), []);
    assert.deepEqual(rulesFor([stable, betas], 'Deploy api', 'API'), [stable]);
  });

  it('suggests the newest version every rule allows', () => {
    const versions = ['1.4.0', '1.5.2', '1.9.0-beta', '1.8.1', '2.0.0'];
    assert.equal(newestAllowed(versions, [stable]), '1.8.1');
    assert.equal(newestAllowed(versions, [betas]), '1.9.0-beta');
    assert.equal(newestAllowed(versions, []), '2.0.0');
    assert.equal(newestAllowed(['2.1.0'], [stable]), undefined);
  });

  it('refuses, one sentence per package, naming the channel and the rule', () => {
    const problems = channelRuleViolations(
      { Name: 'Stable', Rules: [stable] },
      [
        { ActionName: 'Deploy webapp', PackageReferenceName: '', Version: '1.6.0-beta' },
        { ActionName: 'Deploy api', PackageReferenceName: 'api', Version: '1.7.0' },
        { ActionName: 'Unruled', PackageReferenceName: '', Version: '9.0.0' },
      ],
      { packageIdOf: (p) => (p.ActionName === 'Deploy webapp' ? 'webapp' : undefined) },
    );
    assert.deepEqual(problems, [
      "The version 1.6.0-beta of package webapp for step 'Deploy webapp' does not satisfy the version rule of channel 'Stable' (version range [1.5,2.0) and pre-release tag ^$). Choose a version the rule allows, or create the release with IgnoreChannelRules.",
    ]);
  });
});
