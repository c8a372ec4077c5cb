import type { ActionHandler } from '../types';

/**
 * `Octopus.Manual`: pauses the deployment until someone submits Proceed or Abort for the
 * interruption it creates (GET/PUT/POST under /api/{space}/interruptions).
 */
export const runManualIntervention: ActionHandler = async (site, services) => {
  const { run } = site;
  const instructions = site.properties['Octopus.Action.Manual.Instructions'] ?? '';
  const teams = (site.properties['Octopus.Action.Manual.ResponsibleTeamIds'] ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const interruption = services.interruptions.create({
    spaceId: run.task.space_id,
    taskId: run.task.id,
    title: site.action.name,
    instructions: run.masker.mask(instructions),
    responsibleTeams: teams,
    correlationId: site.activity.id,
    relatedDocumentIds: [run.task.id, run.deployment.Id, run.project.Id, run.environment.Id, run.release.Id],
  });
  site.activity.write(
    'Wait',
    `Waiting for manual intervention ${interruption.Id}${teams.length ? ` (responsible: ${teams.join(', ')})` : ''}.`,
  );
  if (instructions) site.activity.info(`Instructions: ${instructions}`);
  run.queue.setWaiting(run.task.id, true);
  try {
    const submission = await services.interruptions.wait(interruption.Id, run.signal);
    const notes = submission.notes ? `: ${submission.notes}` : '';
    if (submission.result === 'Proceed') {
      site.activity.info(`Manual intervention ${interruption.Id} was approved (Proceed) by ${submission.by}${notes}`);
      return { status: 'success' };
    }
    return {
      status: 'failed',
      message: `The deployment was aborted by ${submission.by} at manual intervention '${site.action.name}'${notes}`,
    };
  } catch {
    return { status: 'canceled' };
  } finally {
    run.queue.setWaiting(run.task.id, false);
  }
};
