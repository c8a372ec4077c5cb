// A node:test reporter that writes only the totals, as JSON, for run.mjs's closing line.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, suitesFailed: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details, skip, todo } = event.data;
    if (details?.type === 'suite') {
      if (event.type === 'test:fail') counts.suitesFailed++;
    } else if (skip !== undefined || todo !== undefined) {
      counts.skipped++;
    } else if (event.type === 'test:pass') {
      counts.passed++;
    } else {
      counts.failed++;
    }
  }
  yield JSON.stringify(counts);
}
