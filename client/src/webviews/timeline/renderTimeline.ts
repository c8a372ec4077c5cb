import { esc, formatDuration, msgAttr } from '../html';
import type { StepComparison, TimelineBar, TimelineModel } from './timelineModel';

const STATE_LABEL: Record<TimelineBar['state'], string> = {
  success: 'succeeded',
  warning: 'succeeded with warnings',
  failed: 'failed',
  running: 'running',
  pending: 'pending',
  skipped: 'skipped',
  canceled: 'canceled',
};

/**
 * The Gantt chart: one row per step, action and target, each bar placed on the task's time
 * axis (left and width in percent of the axis), coloured by state. Steps that ran in parallel overlap in
 * time. A failed bar opens its log lines; the compare table says which step got slower.
 */
export function renderTimeline(model: TimelineModel, compare?: { title: string; rows: StepComparison[] }): string {
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<span class="tick" data-left="${f * 100}">${esc(formatDuration(f * model.span) || '0 s')}</span>`)
    .join('');
  const rows = model.bars.map((bar) => row(bar, model.span)).join('');
  return `<header class="bar">
<h1>${esc(model.title)} <span class="sub">timeline</span></h1>
<span class="state ${model.state}">${esc(STATE_LABEL[model.state])}</span>
<span class="sub">${esc(formatDuration(model.span))}${model.startedAt ? ` · started ${esc(model.startedAt.replace('T', ' ').slice(0, 19))} UTC` : ''}${model.running ? ' · updating while it runs' : ''}</span>
<button data-nav ${msgAttr({ type: 'showLog' })}>Task log</button>
<button data-nav ${msgAttr({ type: 'compare' })}>Compare with…</button>
</header>
${
  model.bars.length
    ? `<div class="gantt" role="list" aria-label="Steps, actions and targets on the time axis">
<div class="axis" aria-hidden="true"><span></span><div class="ticks">${ticks}</div></div>
${rows}</div>`
    : '<p>The task has not started yet.</p>'
}
${compare ? renderComparison(compare.title, compare.rows) : ''}`;
}

function row(bar: TimelineBar, span: number): string {
  const started = bar.start !== undefined;
  const duration = started ? formatDuration((bar.end ?? bar.start!) - bar.start!) : '';
  const left = started ? (bar.start! / span) * 100 : 0;
  const width = started ? Math.max(0.4, (((bar.end ?? bar.start!) - bar.start!) / span) * 100) : 0;
  const label = `${bar.name}: ${STATE_LABEL[bar.state]}${duration ? `, ${duration}` : ''}${started ? `, from ${formatDuration(bar.start!) || '0 s'}` : ''}`;
  const track = started
    ? `<div class="span ${bar.state}" data-left="${left.toFixed(3)}" data-width="${width.toFixed(3)}" title="${esc(label)}"></div>`
    : '';
  const log = bar.log?.length
    ? `<details class="log"><summary data-nav>Log lines of ${esc(bar.name)}</summary><pre>${esc(bar.log.join('\n'))}</pre><button ${msgAttr({ type: 'showLog', activity: bar.name })}>Open in the task log</button></details>`
    : '';
  return `<div class="row depth${Math.min(bar.depth, 3)} ${bar.state}" role="listitem" id="bar-${esc(bar.id)}" aria-label="${esc(label)}">
<div class="label"><span class="name">${esc(bar.name)}</span> <span class="dur">${esc(duration)}</span></div>
<div class="track">${track}</div>${log}</div>`;
}

function renderComparison(title: string, rows: StepComparison[]): string {
  const body = rows
    .map((r) => {
      const change =
        r.change === undefined
          ? ''
          : `${r.change > 0 ? '+' : r.change < 0 ? '−' : ''}${formatDuration(Math.abs(r.change)) || '0 ms'}`;
      const cls = r.change === undefined ? '' : r.change > 0 ? 'slower' : 'faster';
      return `<tr><th scope="row">${esc(r.name)}</th><td>${esc(r.before === undefined ? '—' : formatDuration(r.before))}</td><td>${esc(r.after === undefined ? '—' : formatDuration(r.after))}</td><td class="${cls}">${esc(change)}${cls ? ` <span class="sr">(${cls})</span>` : ''}</td></tr>`;
    })
    .join('');
  return `<section class="compare" aria-label="Comparison"><h2>${esc(title)}</h2>
<table><thead><tr><th scope="col">Step</th><th scope="col">Before</th><th scope="col">This deployment</th><th scope="col">Change</th></tr></thead><tbody>${body}</tbody></table></section>`;
}
