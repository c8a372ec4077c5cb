import { OctopusError } from '@stepwise/core/octopus/errors';
import type { CallOptions, OctopusClient } from '../octopus/octopusClient';
import type { Interruption } from '../octopus/types';

/** The choices an interruption offers, and the form field they are submitted as. */
export function choicesOf(interruption: Interruption): { field: string; options: { label: string; value: string }[] } {
  const group = interruption.Form?.Elements?.find((e) => e.Control?.Type === 'SubmitButtonGroup');
  const buttons = group?.Control.Buttons;
  if (group && Array.isArray(buttons) && buttons.length) {
    return { field: group.Name, options: buttons.map((b) => ({ label: b.Text, value: b.Value })) };
  }
  if (interruption.Type === 'GuidedFailure') {
    return { field: 'Guidance', options: ['Retry', 'Ignore', 'Fail', 'Exclude'].map((v) => ({ label: v, value: v })) };
  }
  return { field: 'Result', options: ['Proceed', 'Abort'].map((v) => ({ label: v, value: v })) };
}

/** The instructions shown to whoever must act: the form's paragraph, else its Instructions value. */
export function instructionsOf(interruption: Interruption): string {
  const paragraph = interruption.Form?.Elements?.find((e) => e.Control?.Type === 'Paragraph');
  const text = (paragraph?.Control.Text as string | undefined) ?? interruption.Form?.Values?.Instructions ?? '';
  return String(text).trim();
}

/**
 * Submits a choice (Proceed / Abort, or Retry / Ignore / … for guided failure): takes
 * responsibility first, since only its holder may submit. Says 'already-handled' when someone
 * else answered it in the meantime.
 */
export async function submitIntervention(
  client: OctopusClient,
  interruption: Interruption,
  value: string,
  o?: CallOptions,
): Promise<'submitted' | 'already-handled'> {
  const { field } = choicesOf(interruption);
  const current = (await client.interruptions({ regarding: interruption.TaskId, pendingOnly: true }, o)).find(
    (i) => i.Id === interruption.Id,
  );
  if (!current) return 'already-handled';
  if (!current.HasResponsibility && current.CanTakeResponsibility !== false)
    await client.takeResponsibility(current.Id, o);
  try {
    await client.submitInterruption(current.Id, { [field]: value, Notes: `${value} from VS Code (Stepwise)` }, o);
  } catch (error) {
    // Answered between our look and our submit.
    if (error instanceof OctopusError && error.kind === 'refused') {
      const still = (await client.interruptions({ regarding: interruption.TaskId, pendingOnly: true }, o)).some(
        (i) => i.Id === interruption.Id,
      );
      if (!still) return 'already-handled';
    }
    throw error;
  }
  return 'submitted';
}
