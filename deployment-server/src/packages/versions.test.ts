import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePackageFileName } from './versions';

describe('package file names', () => {
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

  it('takes no version a release could not have', () => {
    assert.equal(parsePackageFileName(`A.1.0.${'9'.repeat(300)}.zip`), undefined);
  });
});
