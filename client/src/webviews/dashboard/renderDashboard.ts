import { STATE_LABEL } from '../../deployments/deploymentState';
import { relativeTime } from '../../tree/relativeTime';
import { esc, msgAttr } from '../html';
import type { DashboardCell, DashboardModel } from './dashboardModel';

/**
 * The dashboard as an HTML table: projects down, environments across; each cell the release,
 * its state and age, a mark when it waits for promotion, and its actions as buttons.
 */
export function renderDashboard(model: DashboardModel): string {
  const now = new Date(model.readAt);
  const head = model.environments.map((e) => `<th scope="col">${esc(e)}</th>`).join('');
  const body = model.projects
    .map(
      (p) =>
        `<tr><th scope="row">${esc(p.name)}</th>${p.cells.map((c, i) => `<td>${c ? cell(p.name, model.environments[i], c, now) : '<span class="none">—<span class="sr"> not deployed</span></span>'}</td>`).join('')}</tr>`,
    )
    .join('');
  const waiting = model.projects.reduce((n, p) => n + p.cells.filter((c) => c?.promoteTo).length, 0);
  return `<header class="bar">
<h1>${esc(model.server)} <span class="sub">environments</span></h1>
<span class="sub">${model.projects.length} projects · ${model.environments.length} environments${waiting ? ` · ${waiting} waiting for promotion` : ''}${model.active ? ' · updating while tasks run' : ''} · read ${esc(now.toISOString().slice(11, 19))} UTC</span>
<button data-nav ${msgAttr({ type: 'refresh' })}>Refresh</button>
</header>
${model.projects.length ? `<table class="dashboard"><thead><tr><th scope="col">Project</th>${head}</tr></thead><tbody>${body}</tbody></table>` : '<p>The server has no projects yet.</p>'}`;
}

function cell(project: string, environment: string, c: DashboardCell, now: Date): string {
  const age = relativeTime(c.completed ?? c.created, now);
  const state = STATE_LABEL[c.state];
  const promote = c.promoteTo
    ? `<div class="promote">&#8593; ready for ${esc(c.promoteTo)}</div><button class="act" ${msgAttr({ type: 'deploy', project, version: c.releaseVersion, environment: c.promoteTo })} aria-label="Deploy to ${esc(c.promoteTo)}: ${esc(project)} ${esc(c.releaseVersion)}">Deploy to ${esc(c.promoteTo)}</button>`
    : '';
  return `<div class="dcell ${c.state}${c.promoteTo ? ' waiting' : ''}">
<div><span class="version">${esc(c.releaseVersion)}</span> <span class="state ${c.state}">${esc(state)}</span></div>
<div class="sub">${esc(age)}</div>${promote}
<div class="acts"><button class="act" data-nav ${msgAttr({ type: 'showLog', taskId: c.taskId, title: `${project} ${c.releaseVersion} to ${environment}` })} aria-label="Log of ${esc(project)} ${esc(c.releaseVersion)} in ${esc(environment)}">Log</button><button class="act" ${msgAttr({ type: 'timeline', taskId: c.taskId, title: `${project} ${c.releaseVersion} to ${environment}` })} aria-label="Timeline of ${esc(project)} ${esc(c.releaseVersion)} in ${esc(environment)}">Timeline</button><button class="act" ${msgAttr({ type: 'promote', project, version: c.releaseVersion })} aria-label="Promote… ${esc(project)} ${esc(c.releaseVersion)}">Promote…</button></div></div>`;
}
