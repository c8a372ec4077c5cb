// Diagnostics as a person sees them: squiggles, the Problems panel, live updates while typing.
import assert from 'node:assert/strict';
import { describeProblem } from '../lib/workbench.mjs';
import { expected, uiTest } from '../lib/session.mjs';

const enforced = expected.problems;

uiTest('quick open shows the broken fixture in the Stepwise Process language', async (wb) => {
  await wb.quickOpen(expected.file);
  assert.equal(await wb.languageMode(), 'Stepwise Process');
});

uiTest('squiggles mark the problems in the editor', async (wb) => {
  const severities = [...new Set(enforced.map((p) => p.severity))];
  assert.ok(severities.length, 'expected-problems.json enforces no problem');
  for (const severity of severities) {
    await wb.squiggles(severity).first().waitFor({ timeout: 30_000 });
  }
});

uiTest('Problems panel lists the problems of the fixture', async (wb) => {
  // One publish carries all of a file's diagnostics: once the first is listed, all are.
  await wb.waitForProblem(enforced[0], { timeout: 30_000 });
});

for (const problem of expected.problems) {
  uiTest(`Problems panel: ${describeProblem(problem)}`, async (wb) => {
    await wb.waitForProblem(problem, { timeout: 10_000 });
  });
}

uiTest('typing a fix removes its problem live', async (wb) => {
  const { line, text, removes } = expected.liveFix;
  const fixed = expected.problems.find((p) => p.message === removes) ?? { message: removes };
  await wb.clearProblemsFilter();
  const before = await wb.squiggles(fixed.severity ?? 'warning').count();
  await wb.retypeLine(line, text);
  await wb.waitForProblem(fixed, { present: false });
  if (fixed.severity) {
    await wb.page.waitForFunction(
      ([selector, n]) => document.querySelectorAll(selector).length < n,
      [`.editor-group-container.active .monaco-editor .squiggly-${fixed.severity}`, before],
      { timeout: 10_000 },
    );
  }
});

uiTest('a syntax error typed in shows as an error at once, and goes when removed', async (wb) => {
  const problem = {
    severity: 'error',
    code: 'yaml-syntax',
    message: 'Nested mappings are not allowed in compact mappings.',
  };
  await wb.focusEditor();
  await wb.page.keyboard.press('Control+End'); // the empty line after the last one
  await wb.page.keyboard.type('note: a: b', { delay: 10 });
  const [row] = await wb.waitForProblem(problem);
  await wb.squiggles('error').first().waitFor({ timeout: 10_000 });
  const line = Number(row.text.match(/\[Ln (\d+),/)?.[1]);
  await wb.retypeLine(line, '');
  await wb.waitForProblem(problem, { present: false });
});
