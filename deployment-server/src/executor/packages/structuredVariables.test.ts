import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { replaceStructuredVariables } from './structuredVariables';
import { matchFiles } from './globs';

describe('structured configuration variables', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stepwise-structured-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const full = path.join(dir, name);
    writeFileSync(full, text);
    return full;
  };

  it('replaces existing JSON paths (keys case-insensitively, array indexes), typed when the value is JSON', () => {
    const json = file(
      'appsettings.json',
      JSON.stringify(
        { Logging: { LogLevel: { Default: 'Debug' } }, Servers: [{ Host: 'a' }, { Host: 'b' }], Port: 80, Keep: 'me' },
        null,
        4,
      ),
    );
    const result = replaceStructuredVariables(
      json,
      new Map([
        ['logging:loglevel:default', 'Warning'],
        ['Servers:1:Host', 'db2'],
        ['Port', '8080'],
        ['Missing:Key', 'x'],
        ['Servers:0', '{"Host":"new","Tls":true}'],
      ]),
    );
    assert.deepEqual(result.replaced.sort(), ['Logging:LogLevel:Default', 'Port', 'Servers:0', 'Servers:1:Host']);
    const text = readFileSync(json, 'utf8');
    assert.deepEqual(JSON.parse(text), {
      Logging: { LogLevel: { Default: 'Warning' } },
      Servers: [{ Host: 'new', Tls: true }, { Host: 'db2' }],
      Port: 8080,
      Keep: 'me',
    });
    assert.match(text, /^\{\n {4}"Logging"/, 'keeps the indentation');
  });

  it('replaces YAML values and keeps comments and the rest of the file', () => {
    const yaml = file(
      'settings.yaml',
      '# settings\ndatabase:\n  host: localhost # the host\n  port: 5432\nlist:\n  - one\n  - two\n',
    );
    replaceStructuredVariables(
      yaml,
      new Map([
        ['database:port', '6543'],
        ['list:1', 'deux'],
        ['database:host', 'db.internal'],
      ]),
    );
    assert.equal(
      readFileSync(yaml, 'utf8'),
      '# settings\ndatabase:\n  host: db.internal # the host\n  port: 6543\nlist:\n  - one\n  - deux\n',
    );
  });

  it('says so for files that are neither JSON nor YAML, or not valid', () => {
    assert.throws(
      () => replaceStructuredVariables(file('web.config', '<configuration/>'), new Map()),
      /JSON and YAML files only/,
    );
    assert.throws(() => replaceStructuredVariables(file('bad.json', '{ nope'), new Map()), /is not valid JSON/);
  });

  it('selects files with *, ** and ?', () => {
    file('a.json', '{}');
    assert.deepEqual(
      matchFiles(dir, '*.json')
        .map((f) => path.basename(f))
        .sort(),
      ['a.json', 'appsettings.json', 'bad.json'],
    );
    assert.deepEqual(
      matchFiles(dir, '**/settings.y?ml').map((f) => path.basename(f)),
      ['settings.yaml'],
    );
  });
});
