import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareVersions, isValidVersion, nextPatch, parsePackageFileName, versionProblem } from './versions';

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

  it('reads a package id and version from its file name', () => {
    assert.deepEqual(parsePackageFileName('Acme.Web.1.0.0.zip'), {
      packageId: 'Acme.Web',
      version: '1.0.0',
      extension: '.zip',
    });
    assert.deepEqual(parsePackageFileName('Acme.Web.2.1.0-beta.3.nupkg'), {
      packageId: 'Acme.Web',
      version: '2.1.0-beta.3',
      extension: '.nupkg',
    });
    assert.equal(parsePackageFileName('Acme.Web.zip'), undefined);
    assert.equal(parsePackageFileName('Acme.Web.1.0.0.rar'), undefined);
  });

  it('reads id and version from every package format the built-in feed takes', () => {
    const cases: [string, string, string, string][] = [
      ['webapp.1.0.2.tar.gz', 'webapp', '1.0.2', '.tar.gz'],
      ['webapp.1.0.2.TGZ', 'webapp', '1.0.2', '.tgz'],
      ['Acme.Api.3.1.0-rc.1.tar', 'Acme.Api', '3.1.0-rc.1', '.tar'],
      ['Acme.Api.3.1.0.tar.bz2', 'Acme.Api', '3.1.0', '.tar.bz2'],
      ['my-service.2.0.0.jar', 'my-service', '2.0.0', '.jar'],
      ['shop.1.2.3.4.war', 'shop', '1.2.3.4', '.war'],
      ['suite.10.0.0.ear', 'suite', '10.0.0', '.ear'],
    ];
    for (const [name, packageId, version, extension] of cases)
      assert.deepEqual(parsePackageFileName(name), { packageId, version, extension }, name);
  });

  it('bounds versions: at most 349 characters, each number at most 2147483647', () => {
    assert.ok(isValidVersion(`1.0.0-${'a'.repeat(343)}`));
    assert.match(versionProblem(`1.0.0-${'a'.repeat(344)}`) ?? '', /at most 349/);
    assert.match(versionProblem(`1.0.${'9'.repeat(10_000)}`) ?? '', /at most 349/);
    assert.match(versionProblem('1.0.2147483648') ?? '', /at most 2147483647/);
    assert.ok(isValidVersion('1.0.2147483647'));
    assert.equal(parsePackageFileName(`A.1.0.${'9'.repeat(300)}.zip`), undefined);
  });
});
