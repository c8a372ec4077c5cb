import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, isValidVersion, nextPatch, parsePackageFileName } from './versions';

describe('versions', () => {
  it('accepts SemVer and four-part versions, and nothing else', () => {
    for (const v of ['1.0.0', '1.2', '1.2.3.4', '1.0.0-beta.1', '2.0.0+build.5', '0.0.1-rc-1']) assert.ok(isValidVersion(v), v);
    for (const v of ['one', '1..2', '1.2.3.4.5', '', '1.0.0-', '-1.0']) assert.ok(!isValidVersion(v), v);
  });

  it('orders by SemVer precedence', () => {
    const sorted = ['1.0.0', '1.0.0-beta.2', '1.0.0-beta.10', '0.9.9', '1.0.0-alpha', '1.10.0', '1.2.0'].sort(compareVersions);
    assert.deepEqual(sorted, ['0.9.9', '1.0.0-alpha', '1.0.0-beta.2', '1.0.0-beta.10', '1.0.0', '1.2.0', '1.10.0']);
  });

  it('takes the next patch version for a release without one', () => {
    assert.equal(nextPatch(undefined), '0.0.1');
    assert.equal(nextPatch('1.4.9'), '1.4.10');
    assert.equal(nextPatch('2.0.0-beta.1'), '2.0.1');
  });

  it('reads a package id and version from its file name', () => {
    assert.deepEqual(parsePackageFileName('Acme.Web.1.0.0.zip'), { packageId: 'Acme.Web', version: '1.0.0', extension: '.zip' });
    assert.deepEqual(parsePackageFileName('Acme.Web.2.1.0-beta.3.nupkg'), { packageId: 'Acme.Web', version: '2.1.0-beta.3', extension: '.nupkg' });
    assert.equal(parsePackageFileName('Acme.Web.zip'), undefined);
    assert.equal(parsePackageFileName('Acme.Web.1.0.0.tar.gz'), undefined);
  });
});
