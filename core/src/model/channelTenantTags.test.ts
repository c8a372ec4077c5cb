// Channel tenant tags in a process file: read, written back, checked against the space's tag
// sets, and enforced by the preview (a tenant the channel is not for is refused, naming it).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TENANT_PROCESS, TENANT_SPACE } from '../../../test/support/tenantFixtures';
import { validateProcess, validateSpace } from '../validate';
import { PreviewError, previewProcess } from '../preview/index';
import { projectToYaml } from './projectToYaml';
import { tagsMatch } from './tenants';
import { atCursor, positionOf, processDocument } from '../../../test/support/serviceDocuments';
import { getCompletions } from '../languageService/completion';
import { getHover } from '../languageService/hover';

const space = validateSpace(TENANT_SPACE, 'space.yaml').space!;
const WITH_CHANNEL = TENANT_PROCESS.replace(
  'steps:',
  'channels:\n  - name: Dedicated hosting\n    tenant-tags: [Hosting/Dedicated]\nsteps:',
);

describe('channel tenant tags', () => {
  it('are read from `tenant-tags`, validate clean, and are written back', () => {
    const result = validateProcess(WITH_CHANNEL, { space });
    assert.deepEqual(result.diagnostics, []);
    const channel = result.project!.channels[0];
    assert.deepEqual(
      channel.tenantTags?.map((t) => t.name),
      ['Hosting/Dedicated'],
    );
    assert.match(projectToYaml(result.project!), /- name: Dedicated hosting\n\s+tenant-tags:\n\s+- Hosting\/Dedicated/);
  });

  it('an unknown tag is an unknown-tenant-tag error on the tag, with a did-you-mean', () => {
    const text = WITH_CHANNEL.replace('[Hosting/Dedicated]', '[Hosting/Dedicatd]');
    const found = validateProcess(text, { space }).diagnostics;
    assert.deepEqual(
      found.map((d) => [d.code, d.range.start.line + 1, d.message]),
      [
        [
          'unknown-tenant-tag',
          text.split('\n').findIndex((l) => l.includes('Dedicatd')) + 1,
          'Unknown tenant tag `Hosting/Dedicatd`: no tag set of the space has it. Did you mean `Hosting/Dedicated`?',
        ],
      ],
    );
    // A wrong type is the schema's error.
    const typed = validateProcess(WITH_CHANNEL.replace('[Hosting/Dedicated]', '{ a: b }'), { space }).diagnostics;
    assert.equal(typed.length, 1);
  });

  it("the preview refuses a tenant the channel's tags leave out, and previews one they allow", () => {
    const project = validateProcess(WITH_CHANNEL, { space }).project!;
    assert.throws(
      () =>
        previewProcess(project, space, { environment: 'Production', channel: 'Dedicated hosting', tenant: 'Globex' }),
      (e: unknown) =>
        e instanceof PreviewError &&
        e.message ===
          "Channel 'Dedicated hosting' is for tenants tagged Hosting/Dedicated; tenant 'Globex' (Hosting/Shared) cannot deploy its releases.",
    );
    const acme = previewProcess(project, space, {
      environment: 'Production',
      channel: 'Dedicated hosting',
      tenant: 'Acme',
    });
    assert.equal(acme.tenant, 'Acme');
    // The default channel has no tags: Globex deploys there.
    assert.equal(previewProcess(project, space, { environment: 'Production', tenant: 'Globex' }).tenant, 'Globex');
  });

  it('match as Octopus matches tag filters: one of each set named', () => {
    assert.equal(tagsMatch(['Hosting/Dedicated', 'Region/EU'], ['Hosting/Dedicated', 'Hosting/Shared']), true);
    assert.equal(tagsMatch(['Hosting/Dedicated'], ['Hosting/Dedicated', 'Region/EU']), false);
    assert.equal(tagsMatch(['hosting/dedicated', 'Region/EU'], ['Hosting/Dedicated', 'Region/EU']), true);
    assert.equal(tagsMatch([], []), true);
  });

  it('the editor offers and explains `tenant-tags` on a channel, from the schema', () => {
    const typing = WITH_CHANNEL.replace('    tenant-tags: [Hosting/Dedicated]\n', '    ‸\n');
    const { text, position } = atCursor(typing);
    const item = getCompletions(processDocument(text, { space: null }), position).items.find(
      (i) => i.label === 'tenant-tags',
    );
    assert.match(item!.documentation!.value, /Channel\.TenantTags/);
    const document = processDocument(WITH_CHANNEL, { space: null });
    const hover = getHover(document, positionOf(WITH_CHANNEL, 'tenant-tags:', 1))?.contents.value;
    assert.match(hover!, /^\*\*tenant-tags\*\* \(channel\)/);
    assert.match(hover!, /channels\.ocl` has no tenant tags/);
  });
});
