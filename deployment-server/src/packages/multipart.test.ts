import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { multipartBody } from '../testing/zipWriter';
import { parseMultipart } from './multipart';

describe('parseMultipart', () => {
  it('returns the file part with its name and exact bytes', () => {
    const data = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
    const { body, contentType } = multipartBody('fileToUpload', 'Acme.Web.1.0.0.zip', data);
    const [file] = parseMultipart(body, contentType);
    assert.equal(file.fieldName, 'fileToUpload');
    assert.equal(file.fileName, 'Acme.Web.1.0.0.zip');
    assert.deepEqual(file.data, data);
  });

  it('refuses a body without its boundary, or cut short', () => {
    assert.throws(() => parseMultipart(Buffer.from('x'), 'multipart/form-data'), /no boundary/);
    const { body, contentType } = multipartBody('f', 'a.zip', Buffer.from('abc'));
    assert.throws(() => parseMultipart(body.subarray(0, body.length - 20), contentType), /cut short/);
  });
});
