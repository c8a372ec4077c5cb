// The webviews take every colour from VS Code's theme (light, dark and both high contrast themes):
// no colour is written into the stylesheet or the rendered HTML, and the high contrast themes get
// visible borders and focus outlines. The axe-core checks under each theme are in the UI suite
// (test/e2e/ui/views.test.mjs); this pins what those rely on.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readSpace, validateProcess } from '@stepwise/core';
import { buildProcessMap } from '@stepwise/core/processMap/processMap';
import { renderDashboard } from './dashboard/renderDashboard';
import { renderProcessMap } from './processMap/renderProcessMap';
import { renderTimeline } from './timeline/renderTimeline';

const CSS = readFileSync(path.join(__dirname, 'browser', 'webview.css'), 'utf8');

/** Every `selector { … }` rule of the stylesheet, comments removed. */
function rules(css: string): { selector: string; declarations: [string, string][] }[] {
  const plain = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...plain.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map(([, selector, body]) => ({
    selector: selector.trim().replace(/\s+/g, ' '),
    declarations: body
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const colon = d.indexOf(':');
        return [d.slice(0, colon).trim(), d.slice(colon + 1).trim()] as [string, string];
      }),
  }));
}

/** CSS named colours and colour functions: a theme can not change these. */
const LITERAL_COLOUR =
  /#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color)\(|\b(?:black|white|red|green|blue|yellow|orange|gray|grey|silver|navy|purple|teal|maroon|olive|lime|aqua|fuchsia)\b/i;

/** A value with its `var(--vscode-…)` references (and their fallbacks) taken out. */
const withoutThemeVars = (value: string) => value.replace(/var\(--vscode-[\w-]+/g, '');

describe('webview theme colours', () => {
  it('the stylesheet writes no colour of its own: every colour is a --vscode-* theme variable', () => {
    const found: string[] = [];
    for (const { selector, declarations } of rules(CSS)) {
      for (const [property, value] of declarations) {
        if (LITERAL_COLOUR.test(withoutThemeVars(value))) found.push(`${selector} { ${property}: ${value} }`);
        // Every var() the sheet uses is a theme variable (its own custom properties could hide a colour).
        for (const [, name] of value.matchAll(/var\((--[\w-]+)/g))
          if (!name.startsWith('--vscode-')) found.push(`${selector} { ${property}: ${value} }`);
      }
    }
    assert.deepEqual(found, []);
  });

  it('the rendered HTML of the three views carries no colour and no style attribute', () => {
    const space = readSpace(
      'environments: [Test, Production]\ntargets:\n  - { name: TWeb01, environments: [Test], roles: [web] }\n',
      'space.yaml',
    )!;
    const project = validateProcess('project: Shop\nsteps:\n  - name: Hello\n    roles: [web]\n    script: echo hi\n', {
      space,
    }).project!;
    const pages = {
      map: renderProcessMap(buildProcessMap(project, space)),
      timeline: renderTimeline({
        taskId: 'ServerTasks-1',
        title: 'Deploy Shop 1.0.0 to Test',
        state: 'failed',
        span: 4000,
        running: false,
        startedAt: '2026-01-01T10:00:00Z',
        bars: [
          { id: 'a', name: 'Hello', depth: 0, state: 'failed', start: 0, end: 4000, log: ['boom'] },
          { id: 'b', name: 'TWeb01', depth: 2, state: 'skipped', start: 0, end: 10 },
        ],
      }),
      dashboard: renderDashboard({
        server: 'Local',
        readAt: '2026-01-01T10:00:00Z',
        active: false,
        source: 'dashboard',
        environments: ['Test', 'Production'],
        projects: [
          {
            name: 'Shop',
            cells: [
              {
                releaseVersion: '1.0.0',
                state: 'success',
                deploymentId: 'Deployments-1',
                taskId: 'ServerTasks-1',
                created: '2026-01-01T09:00:00Z',
                completed: '2026-01-01T09:01:00Z',
                promoteTo: 'Production',
              },
              null,
            ],
          },
        ],
      }),
    };
    for (const [name, html] of Object.entries(pages)) {
      assert.doesNotMatch(html, /\sstyle=/, `${name}: no style attribute (the policy blocks them anyway)`);
      assert.doesNotMatch(html, /<style|\s(?:color|bgcolor|fill|stroke)=/i, `${name}: no colour in the markup`);
      assert.doesNotMatch(html.replace(/&#\d+;/g, ''), /#[0-9a-f]{6}\b|rgba?\(/i, `${name}: no colour literal`);
    }
  });

  it('high contrast: boxes get the contrast border, focus and hover the active contrast border', () => {
    const hc = rules(CSS).filter((r) => r.selector.includes('body.vscode-high-contrast'));
    const declared = (selectorPart: string, property: string) =>
      hc
        .filter((r) => r.selector.split(',').some((s) => s.trim().endsWith(selectorPart)))
        .flatMap((r) => r.declarations.filter(([p]) => p === property).map(([, v]) => v));
    // Cards, timeline bars, banners and badges: a border in the contrast colour.
    for (const box of ['.card', '.span', '.banner', '.icon'])
      assert.ok(
        declared(box, 'border').some((v) => v.includes('var(--vscode-contrastBorder)')),
        `${box} has a contrast border`,
      );
    // Table rules and the dashboard's state stripe.
    for (const line of [' th', ' td'])
      assert.ok(declared(line, 'border-bottom-color').includes('var(--vscode-contrastBorder)'), `${line} rule`);
    assert.ok(declared('.dcell', 'border-left-color').includes('var(--vscode-contrastBorder)'));
    // Keyboard focus and pointer hover.
    assert.ok(declared(':focus-visible', 'outline').some((v) => v.includes('var(--vscode-contrastActiveBorder)')));
    assert.ok(declared('button:hover', 'outline').some((v) => v.includes('var(--vscode-contrastActiveBorder)')));
    // Skipped and pending bars are not faded (translucency lowers the contrast the theme promises).
    assert.deepEqual(declared('.span.skipped', 'opacity'), ['1']);
  });

  it('the light and dark themes keep a visible focus outline too', () => {
    const focus = rules(CSS).find((r) => r.selector.split(',')[0].trim() === ':focus-visible');
    assert.ok(focus, 'a :focus-visible rule');
    assert.deepEqual(
      focus.declarations.find(([p]) => p === 'outline'),
      ['outline', '1px solid var(--vscode-focusBorder)'],
    );
  });
});
