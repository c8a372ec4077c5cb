import assert from 'node:assert/strict';
import { it } from 'node:test';
import { nextVersion } from './versions';

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
