// The "Get started with Stepwise" walkthrough (package.json contributes.walkthroughs): each of its
// buttons runs a command the extension contributes, each step completes when its command runs,
// and the files it shows exist and ship in the .vsix.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
const [walkthrough] = manifest.contributes.walkthroughs as { id: string; steps: Step[] }[];
const contributed = new Set((manifest.contributes.commands as { command: string }[]).map((c) => c.command));
const linkedCommands = (text: string) => [...text.matchAll(/\]\(command:([\w.-]+)/g)].map((m) => m[1]);

describe('the demo walkthrough', () => {
  it('walks through the process, preview, map, deploy to Test, timeline and dashboard, in that order', () => {
    assert.equal(walkthrough.id, 'stepwise.demo');
    assert.deepEqual(
      walkthrough.steps.map((s) => linkedCommands(s.description)),
      [
        ['stepwise.openProcessFile'],
        ['stepwise.previewProcess'],
        ['stepwise.showProcessMap'],
        ['stepwise.deployToTest'],
        ['stepwise.showTimeline'],
        ['stepwise.showDashboard'],
      ],
    );
  });

  it('every command a step links to or completes on is a command the extension contributes', () => {
    const used = walkthrough.steps.flatMap((s) => [
      ...linkedCommands(s.description),
      ...(s.completionEvents ?? []).map((e) => e.replace(/^onCommand:/, '')),
    ]);
    assert.ok(used.length >= walkthrough.steps.length);
    assert.deepEqual(
      used.filter((id) => !contributed.has(id)),
      [],
    );
    // The palette shows Open Process File (the first step's command) in any workspace.
    const hidden = (manifest.contributes.menus.commandPalette as { command: string; when?: string }[]).filter(
      (m) => used.includes(m.command) && m.when === 'false',
    );
    assert.deepEqual(hidden, []);
  });

  it('each step completes when its command runs, and its media file exists and ships in the .vsix', () => {
    const vscodeignore = readFileSync(path.join(root, '.vscodeignore'), 'utf8');
    for (const step of walkthrough.steps) {
      assert.deepEqual(
        step.completionEvents,
        linkedCommands(step.description).map((c) => `onCommand:${c}`),
        step.id,
      );
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && existsSync(path.join(root, media)), `${step.id}: ${media} exists`);
    }
    assert.match(vscodeignore, /^!media\/walkthrough\/\*\.md$/m);
  });
});
