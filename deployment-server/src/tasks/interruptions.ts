import type { Store } from '../db/store';
import { badRequest, conflict, notFound } from '../errors';
import { SERVER_USER, type InterruptionResource } from '../resources/types';

export interface Submission {
  result: 'Proceed' | 'Abort';
  notes: string;
  by: string;
}

export interface NewInterruption {
  spaceId: string;
  taskId: string;
  title: string;
  instructions: string;
  responsibleTeams: string[];
  correlationId: string;
  relatedDocumentIds: string[];
}

/**
 * Manual interventions: the executor creates one and waits; a person takes responsibility and
 * submits Proceed or Abort through the API, which wakes the waiting deployment. Waiters live in
 * memory — after a restart the task they belonged to has been failed, and so has its interruption.
 */
export class Interruptions {
  private readonly waiters = new Map<string, (submission: Submission) => void>();

  constructor(private readonly store: Store) {}

  create(spec: NewInterruption): InterruptionResource {
    const { id, seq } = this.store.nextId('Interruptions');
    const interruption: InterruptionResource = {
      Id: id,
      SpaceId: spec.spaceId,
      Title: spec.title,
      Type: 'ManualIntervention',
      Created: new Date().toISOString(),
      IsPending: true,
      TaskId: spec.taskId,
      CorrelationId: spec.correlationId,
      RelatedDocumentIds: spec.relatedDocumentIds,
      ResponsibleTeamIds: spec.responsibleTeams,
      ResponsibleUserId: null,
      CanTakeResponsibility: true,
      HasResponsibility: false,
      IsLinkedToOtherInterruption: false,
      Form: {
        Values: { Instructions: spec.instructions, Notes: null, Result: null },
        Elements: [
          {
            Name: 'Instructions',
            IsValueRequired: false,
            Control: { Type: 'Paragraph', Text: spec.instructions, ResolveLinks: true },
          },
          { Name: 'Notes', IsValueRequired: false, Control: { Type: 'TextArea', Label: 'Notes' } },
          {
            Name: 'Result',
            IsValueRequired: true,
            Control: {
              Type: 'SubmitButtonGroup',
              Buttons: [
                { Text: 'Proceed', Value: 'Proceed', RequiresConfirmation: false },
                { Text: 'Abort', Value: 'Abort', RequiresConfirmation: true },
              ],
            },
          },
        ],
      },
    };
    this.save(interruption, seq);
    return interruption;
  }

  /** Resolves with the submission; rejects when the signal aborts (cancel or shutdown). */
  wait(id: string, signal: AbortSignal): Promise<Submission> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(id);
        this.close(id);
        reject(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.set(id, (submission) => {
        signal.removeEventListener('abort', onAbort);
        this.waiters.delete(id);
        resolve(submission);
      });
    });
  }

  get(spaceId: string, id: string): InterruptionResource {
    const interruption = this.store.doc<InterruptionResource>(
      'SELECT json FROM interruptions WHERE id = ? AND space_id = ?',
      id,
      spaceId,
    );
    if (!interruption) throw notFound(`There is no interruption ${id} in space ${spaceId}.`);
    return interruption;
  }

  /** `PUT …/responsible`: the (only) user takes responsibility. Returns the user, as Octopus does. */
  takeResponsibility(spaceId: string, id: string): typeof SERVER_USER {
    const interruption = this.get(spaceId, id);
    if (!interruption.IsPending) throw conflict(`Interruption ${id} has already been submitted or closed.`);
    this.update({ ...interruption, ResponsibleUserId: SERVER_USER.Id, HasResponsibility: true });
    return SERVER_USER;
  }

  submit(
    spaceId: string,
    id: string,
    values: { result: string | undefined; notes: string | undefined; guidance: string | undefined },
  ): InterruptionResource {
    const interruption = this.get(spaceId, id);
    if (!interruption.IsPending) throw conflict(`Interruption ${id} has already been submitted or closed.`);
    if (values.guidance !== undefined)
      throw badRequest(
        `Interruption ${id} is a manual intervention: submit Result (Proceed or Abort), not Guidance (guided failure is not supported).`,
      );
    const result = values.result === 'Proceed' || values.result === 'Abort' ? values.result : undefined;
    if (!result)
      throw badRequest(
        `Result must be 'Proceed' or 'Abort'${values.result === undefined ? '' : `, not '${values.result}'`}.`,
      );
    if (!interruption.HasResponsibility) {
      throw badRequest(
        `Take responsibility for interruption ${id} first (PUT /api/${spaceId}/interruptions/${id}/responsible), then submit it.`,
      );
    }
    const waiter = this.waiters.get(id);
    if (!waiter) throw conflict(`The deployment waiting on interruption ${id} is no longer running.`);
    const submitted: InterruptionResource = {
      ...interruption,
      IsPending: false,
      Result: result,
      Form: {
        ...interruption.Form,
        Values: { ...interruption.Form.Values, Notes: values.notes ?? null, Result: result },
      },
    };
    this.update(submitted);
    waiter({ result, notes: values.notes ?? '', by: SERVER_USER.Username });
    return submitted;
  }

  /** Marks an interruption as no longer pending (its task ended without a submission). */
  close(id: string): void {
    const interruption = this.store.doc<InterruptionResource>('SELECT json FROM interruptions WHERE id = ?', id);
    if (interruption?.IsPending) this.update({ ...interruption, IsPending: false });
  }

  closeAllOfTask(taskId: string): void {
    for (const row of this.store.rows<{ id: string }>(
      'SELECT id FROM interruptions WHERE task_id = ? AND is_pending = 1',
      taskId,
    ))
      this.close(row.id);
  }

  private save(interruption: InterruptionResource, seq: number): void {
    this.store.run(
      'INSERT INTO interruptions (id, seq, space_id, task_id, is_pending, json) VALUES (?, ?, ?, ?, ?, ?)',
      interruption.Id,
      seq,
      interruption.SpaceId,
      interruption.TaskId,
      interruption.IsPending ? 1 : 0,
      JSON.stringify(interruption),
    );
  }

  private update(interruption: InterruptionResource): void {
    this.store.run(
      'UPDATE interruptions SET is_pending = ?, json = ? WHERE id = ?',
      interruption.IsPending ? 1 : 0,
      JSON.stringify(interruption),
      interruption.Id,
    );
  }
}
