import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, isValidVersion, nextPatch, nextVersion, versionProblem } from './versions';

it('nextVersion raises the last number of the newest release', () => {
  assert.equal(nextVersion(undefined), '0.0.1');
  assert.equal(nextVersion('1.0.3'), '1.0.4');
  assert.equal(nextVersion('2.1.0-beta.4'), '2.1.0-beta.5');
  assert.equal(nextVersion('1.0.9'), '1.0.10');
  assert.equal(nextVersion('2024.01.09'), '2024.01.10');
  assert.equal(nextVersion('1.0.0-rc'), '1.0.1-rc');
  assert.equal(nextVersion('latest'), 'latest.1');
});

it('nextVersion skips versions already taken', () => {
  assert.equal(nextVersion('1.0.3', ['1.0.4', '1.0.5']), '1.0.6');
});

describe('versions', () => {
  it('accepts SemVer and four-part versions, and nothing else', () => {
    for (const v of ['1.0.0', '1.2', '1.2.3.4', '1.0.0-beta.1', '2.0.0+build.5', '0.0.1-rc-1'])
      assert.ok(isValidVersion(v), v);
    for (const v of ['one', '1..2', '1.2.3.4.5', '', '1.0.0-', '-1.0']) assert.ok(!isValidVersion(v), v);
  });

  it('orders by SemVer precedence', () => {
    const sorted = ['1.0.0', '1.0.0-beta.2', '1.0.0-beta.10', '0.9.9', '1.0.0-alpha', '1.10.0', '1.2.0'].sort(
      compareVersions,
    );
    assert.deepEqual(sorted, ['0.9.9', '1.0.0-alpha', '1.0.0-beta.2', '1.0.0-beta.10', '1.0.0', '1.2.0', '1.10.0']);
  });

  it('takes the next patch version for a release without one', () => {
    assert.equal(nextPatch(undefined), '0.0.1');
    assert.equal(nextPatch('1.4.9'), '1.4.10');
    assert.equal(nextPatch('2.0.0-beta.1'), '2.0.1');
  });

  it('bounds versions: at most 349 characters, each number at most 2147483647', () => {
    assert.ok(isValidVersion(`1.0.0-${'a'.repeat(343)}`));
    assert.match(versionProblem(`1.0.0-${'a'.repeat(344)}`) ?? '', /at most 349/);
    assert.match(versionProblem(`1.0.${'9'.repeat(10_000)}`) ?? '', /at most 349/);
    assert.match(versionProblem('1.0.2147483648') ?? '', /at most 2147483647/);
    assert.ok(isValidVersion('1.0.2147483647'));
  });
});
