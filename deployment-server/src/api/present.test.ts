import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { humanDate } from './present';

describe('humanDate: a task’s Completed, worded as Octopus words it', () => {
  it('names the weekday, the day, the month and the time in UTC', () => {
    assert.equal(humanDate('2025-06-03T10:00:00.000Z'), 'Tuesday, 03 June 2025 10:00:00 +00:00');
    assert.equal(humanDate('2024-02-29T23:59:59.999Z'), 'Thursday, 29 February 2024 23:59:59 +00:00');
    assert.equal(humanDate('2026-01-01T00:00:01.000Z'), 'Thursday, 01 January 2026 00:00:01 +00:00');
  });

  it('words dates of every month and weekday as toLocaleDateString does', () => {
    // The formatters are made once; this pins that they word dates exactly as a per-call one did.
    for (let day = 0; day < 366; day += 11) {
      const iso = new Date(Date.UTC(2024, 0, 1 + day, day % 24, day % 60, 7)).toISOString();
      const d = new Date(iso);
      const weekday = d.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
      const date = d.toLocaleDateString('en-GB', { day: '2-digit', month: 'long', year: 'numeric', timeZone: 'UTC' });
      assert.equal(humanDate(iso), `${weekday}, ${date} ${iso.slice(11, 19)} +00:00`);
    }
  });
});
