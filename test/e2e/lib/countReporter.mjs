// A node:test reporter that writes only the totals, as JSON, for the closing lines of
// scripts/test.mjs and test/e2e/run.mjs. Every failure counts, not only failing tests:
//   - a file that fails to load (syntax or import error) or exits early is a failed file-level test;
//   - a suite whose own code failed (its describe() threw, a before() hook failed) is a failed suite
//     whose failureType is not 'subtestsFailed' — one failure, since no test of it reported one;
//   - tests that never ran because their suite failed are 'cancelled', counted apart.

/** @typedef {{ passed: number, failed: number, skipped: number, cancelled: number }} Counts */

export default async function* countReporter(source) {
  /** @type {Counts} */
  const counts = { passed: 0, failed: 0, skipped: 0, cancelled: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { details, skip, todo } = event.data;
    const failureType = details?.error?.failureType;
    if (details?.type === 'suite') {
      if (event.type === 'test:fail' && failureType !== 'subtestsFailed' && failureType !== 'cancelledByParent')
        counts.failed++;
    } else if (skip !== undefined || todo !== undefined) {
      counts.skipped++;
    } else if (event.type === 'test:pass') {
      counts.passed++;
    } else if (failureType === 'cancelledByParent') {
      counts.cancelled++;
    } else {
      counts.failed++;
    }
  }
  yield JSON.stringify(counts);
}

/**
 * The counts a run really had: those the reporter wrote, and one failure more when the run
 * failed without a counted failure (it crashed before reporting, or its reporter never finished).
 * @param {string} countsJson the reporter's output ('' when it wrote none)
 * @param {number} exitCode
 * @returns {Counts}
 */
export function countsOfRun(countsJson, exitCode) {
  let counts = { passed: 0, failed: 0, skipped: 0, cancelled: 0 };
  try {
    counts = { ...counts, ...JSON.parse(countsJson) };
  } catch {
    // no counts: the exit code below still tells
  }
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}

/** `N passed, N failed[, N cancelled][, N skipped]` */
export function formatCounts({ passed, failed, skipped, cancelled }) {
  return `${passed} passed, ${failed} failed${cancelled ? `, ${cancelled} cancelled` : ''}${skipped ? `, ${skipped} skipped` : ''}`;
}
