import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editorWorkspace, processDocument } from '../../../test/support/serviceDocuments';
import { getDocumentLinks } from './documentLinks';

describe('document links', () => {
  it('a package from a public feed links to its page', () => {
    const { app } = editorWorkspace();
    const links = getDocumentLinks(app);
    assert.equal(links.length, 1);
    assert.equal(links[0].target, 'https://www.nuget.org/packages/Newtonsoft.Json');
    const text = app.parsed.text.split('\n')[links[0].range.start.line];
    assert.equal(text.slice(links[0].range.start.character, links[0].range.end.character), 'Newtonsoft.Json');
  });

  it('Docker Hub, npm, Maven Central, a feed written as a URL, and what the caller knows', () => {
    const step = (pkg: string) =>
      `  - name: s${Math.random().toString(36).slice(2, 6)}\n    type: deploy-package\n    package: ${pkg}\n`;
    const text = `project: x\nsteps:\n${step('{ id: nginx, feed: docker-hub }')}${step('{ id: bitnami/redis, feed: docker }')}${step('{ id: left-pad, feed: npm }')}${step('{ id: "org.slf4j:slf4j-api", feed: maven-central }')}${step('{ id: Acme, feed: "https://feeds.example.com/v3" }')}${step('{ id: Acme.Web }')}`;
    const links = getDocumentLinks(processDocument(text, { space: null }), {
      packageUrl: (feed, id) =>
        feed === 'octopus-server-built-in' ? `https://octopus.example.com/packages/${id}` : undefined,
    });
    assert.deepEqual(
      links.map((l) => l.target),
      [
        'https://hub.docker.com/_/nginx',
        'https://hub.docker.com/r/bitnami/redis',
        'https://www.npmjs.com/package/left-pad',
        'https://central.sonatype.com/artifact/org.slf4j/slf4j-api',
        'https://feeds.example.com/v3',
        'https://octopus.example.com/packages/Acme.Web',
      ],
    );
  });
});
