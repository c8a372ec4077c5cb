import type { MapCell, MapStep, ProcessMapModel, StepIcon } from '@stepwise/core/processMap/processMap';
import { esc, msgAttr } from '../html';

// Plain characters: a webview has no icon font of its own, and not every system has emoji.
const GLYPH: Record<StepIcon, string> = {
  script: '&gt;_',
  package: 'PKG',
  manual: 'OK?',
  email: '@',
  template: 'T',
  other: '*',
};

/**
 * The process map as HTML: a table whose rows are groups of steps that start together (their
 * cards side by side) and whose columns are environments; each cell says runs or skipped, the
 * reason (hover or screen reader) and the targets. Cards go to their step when clicked.
 */
export function renderProcessMap(model: ProcessMapModel, options: { stale?: string } = {}): string {
  const groups: MapStep[][] = [];
  for (const step of model.steps) (groups[step.group] ??= []).push(step);
  const tenanted = model.tenants.length > 0;
  const head = tenanted
    ? tenantHead(model)
    : `<tr><th scope="col">Step</th>${model.columns.map((c) => `<th scope="col">${esc(c.environment)}</th>`).join('')}</tr>`;
  // Many columns hold the same cell (tenants alike, environments alike): each distinct one is built once.
  const built = new Map<string, string>();
  const cellOnce = (step: MapStep, c: MapCell | undefined, parallel: boolean) => {
    if (!c) return '';
    const key = `${step.index}|${c.runs}|${c.reason}|${c.targets.join('\n')}`;
    let html = built.get(key);
    if (html === undefined) built.set(key, (html = cell(step, c, parallel)));
    return html;
  };
  const rows = groups
    .filter(Boolean)
    .map((steps) => {
      const parallel = steps.length > 1;
      const cards = steps.map((s) => card(s, parallel)).join('');
      const cells = model.error
        ? ''
        : model.columns
            .map((_, i) => `<td>${steps.map((s) => cellOnce(s, s.cells[i], parallel)).join('')}</td>`)
            .join('');
      return `<tr${parallel ? ' class="parallel"' : ''}><th scope="row"><div class="cards">${cards}</div>${parallel ? '<div class="together">start together</div>' : ''}</th>${cells}</tr>`;
    })
    .join('');
  const problems = model.steps.reduce((n, s) => n + s.problems.length, 0);
  return `<header class="bar">
<h1>${esc(model.project || 'Process')} <span class="sub">process map</span></h1>
<label>Channel <select data-pick="channel" aria-label="Channel">${model.channels.map((c) => `<option${c === model.channel ? ' selected' : ''}>${esc(c)}</option>`).join('')}</select></label>
${tenanted ? `<label>Tenant <select data-pick="tenant" aria-label="Tenant"><option value=""${model.tenant ? '' : ' selected'}>All tenants</option>${model.tenants.map((t) => `<option${t === model.tenant ? ' selected' : ''}>${esc(t)}</option>`).join('')}</select></label>` : ''}
${tenantPager(model)}<label>Release <input data-pick="release" aria-label="Release version" placeholder="e.g. 1.0.0" size="10" value="${esc(model.release ?? '')}"></label>
<span class="sub">${model.steps.length} steps · ${model.environments.length} environments${tenanted ? ` · ${model.tenant ? '1 tenant' : `${model.tenants.length} tenants`}` : ''}${problems ? ` · ${problems} problem${problems === 1 ? '' : 's'}` : ''}</span>
</header>
${options.stale ? `<p class="banner" role="status">${esc(options.stale)}</p>` : ''}
${model.error ? `<p class="banner" role="alert">${esc(model.error)}</p>` : ''}
${model.steps.length ? `<table class="map"><thead>${model.error ? '<tr><th scope="col">Step</th></tr>' : head}</thead><tbody>${rows}</tbody></table>` : '<p>The process has no steps yet.</p>'}`;
}

/** With more tenants than one page holds: which tenants are shown, and buttons to the other pages. */
function tenantPager(model: ProcessMapModel): string {
  if (model.tenantPages <= 1) return '';
  const first = model.tenantPage * model.tenantsPerPage;
  const last = Math.min(first + model.tenantsPerPage, model.tenants.length);
  const button = (page: number, label: string, text: string) =>
    page < 0 || page >= model.tenantPages
      ? `<button disabled aria-label="${label}">${text}</button>`
      : `<button ${msgAttr({ type: 'pick', name: 'tenantPage', value: String(page) })} aria-label="${label}">${text}</button>`;
  return `<span class="pager" role="group" aria-label="Tenant pages">${button(model.tenantPage - 1, 'Previous tenants', '&#8249;')} <span class="sub">tenants ${first + 1}–${last} of ${model.tenants.length}</span> ${button(model.tenantPage + 1, 'Next tenants', '&#8250;')}</span>
`;
}

/** Two header rows: each environment over the tenants connected in it. */
function tenantHead(model: ProcessMapModel): string {
  const spans: { environment: string; count: number }[] = [];
  for (const column of model.columns) {
    const last = spans[spans.length - 1];
    if (last?.environment === column.environment) last.count++;
    else spans.push({ environment: column.environment, count: 1 });
  }
  const environments = spans
    .map((s) => `<th scope="colgroup" colspan="${s.count}" class="env">${esc(s.environment)}</th>`)
    .join('');
  const tenants = model.columns.map((c) => `<th scope="col" class="tenant">${esc(c.tenant ?? '')}</th>`).join('');
  return `<tr><th scope="col" rowspan="2">Step</th>${environments}</tr><tr>${tenants}</tr>`;
}

function card(step: MapStep, parallel: boolean): string {
  const worst = step.problems.some((p) => p.severity === 'error')
    ? 'error'
    : step.problems.some((p) => p.severity === 'warning')
      ? 'warning'
      : '';
  const problems = step.problems.length
    ? `<ul class="problems">${step.problems.map((p) => `<li class="${esc(p.severity)}"><span class="sr">${esc(p.severity)}: </span>${esc(p.message)}</li>`).join('')}</ul>`
    : '';
  return `<div class="card ${worst}${parallel ? ' side' : ''}" id="step-${step.index}">
<div class="head"><span class="icon ${step.icon}" aria-hidden="true">${GLYPH[step.icon]}</span><button class="goto" data-nav ${msgAttr({ type: 'goToStep', index: step.index, line: step.range.start.line, character: step.range.start.character })} aria-label="${step.index + 1}. ${esc(step.name || '(no name)')} (${esc(step.kind)}): go to the step in the file"><span class="name">${step.index + 1}. ${esc(step.name || '(no name)')}</span></button></div>
<div class="meta">${esc(step.kind)} ${esc(step.where)}</div>
<div class="meta">${esc(step.condition)}</div>${problems}</div>`;
}

function cell(step: MapStep, c: MapCell | undefined, parallel: boolean): string {
  if (!c) return '';
  const prefix = parallel ? `<span class="who">${esc(step.name)}: </span>` : '';
  const where = c.targets.length ? c.targets.join(', ') : 'no targets';
  const text = c.runs
    ? `<span class="ok" aria-hidden="true">&#10003;</span> ${esc(where)}`
    : `<span class="skip" aria-hidden="true">&#8212;</span> skipped`;
  return `<div class="cell ${c.runs ? 'runs' : 'skipped'}" title="${esc(c.reason)}" data-step="${step.index}">${prefix}${text}<span class="sr"> (${esc(c.reason)})</span></div>`;
}
