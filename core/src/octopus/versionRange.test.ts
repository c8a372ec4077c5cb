import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVersionRange, preReleaseTag, satisfies, type VersionRange } from './versionRange';

const inRange = (range: string, version: string, syntax: 'nuget' | 'maven' = 'nuget') => {
  const parsed = parseVersionRange(range, syntax);
  assert.ok(!('problem' in parsed), `${range}: ${JSON.stringify(parsed)}`);
  return satisfies(parsed as VersionRange, version);
};

describe('NuGet version ranges (channel rules)', () => {
  it('reads the forms NuGet documents', () => {
    const cases: [string, string, boolean][] = [
      ['1.0', '1.0.0', true],
      ['1.0', '0.9.9', false],
      ['1.0', '5.0.0', true],
      ['[1.0]', '1.0.0', true],
      ['[1.0]', '1.0.1', false],
      ['(1.0,)', '1.0.0', false],
      ['(1.0,)', '1.0.1', true],
      ['(,1.0]', '1.0.0', true],
      ['(,1.0)', '1.0.0', false],
      ['[1.0,2.0)', '1.9.9', true],
      ['[1.0,2.0)', '2.0.0', false],
      ['[1.0,2.0)', '2.0.0-beta', true],
      ['[1.0,2.0]', '2.0.0', true],
      [' [ 1.0 , 2.0 ) ', '1.5.0', true],
      ['', '99.0.0', true],
    ];
    for (const [range, version, expected] of cases)
      assert.equal(inRange(range, version), expected, `${version} in ${range}`);
  });

  it('says why a range is not one', () => {
    const problems: [string, RegExp][] = [
      ['banana', /'banana' is not a version/],
      ['[2.0,1.0]', /contains no version/],
      ['(1.0,1.0)', /contains no version/],
      ['(,)', /neither a lower nor an upper bound/],
      ['(1.0)', /an exact version is written \[1\.0\]/],
      ['[1.0,2.0', /is not a NuGet version range/],
      ['[x,2.0)', /'x' in '\[x,2\.0\)' is not a version/],
    ];
    for (const [range, problem] of problems) {
      const parsed = parseVersionRange(range);
      assert.ok('problem' in parsed, range);
      assert.match((parsed as { problem: string }).problem, problem);
    }
  });

  it('reads Maven ranges: unions of intervals, and a bare version as a soft requirement', () => {
    const cases: [string, string, boolean][] = [
      ['[1.0,2.0),[3.0,)', '1.5.0', true],
      ['[1.0,2.0),[3.0,)', '2.5.0', false],
      ['[1.0,2.0),[3.0,)', '3.0.0', true],
      ['(,1.0],[1.2,)', '1.1.0', false],
      ['(,1.0],[1.2,)', '0.1.0', true],
      ['[1.5]', '1.5.0', true],
      ['[1.5]', '1.5.1', false],
      // Maven: "1.0" recommends 1.0 but allows any version.
      ['1.0', '0.1.0', true],
    ];
    for (const [range, version, expected] of cases)
      assert.equal(inRange(range, version, 'maven'), expected, `${version} in Maven ${range}`);
    // NuGet has no unions.
    assert.ok('problem' in parseVersionRange('[1.0,2.0),[3.0,)'));
    const bad = parseVersionRange('[1.0,2.0),[x,)', 'maven');
    assert.match((bad as { problem: string }).problem, /'x' in '\[x,\)' is not a version/);
  });

  it('finds the pre-release tag a rule Tag is matched against', () => {
    assert.equal(preReleaseTag('1.2.3'), '');
    assert.equal(preReleaseTag('1.2.3-beta.1'), 'beta.1');
    assert.equal(preReleaseTag('1.2.3-rc-2+build.5'), 'rc-2');
    assert.equal(preReleaseTag('1.2.3+build-5'), '');
  });
});
