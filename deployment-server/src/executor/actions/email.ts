import type { ActionHandler } from '../types';

/**
 * `Octopus.Email`: the message is always recorded in the task log (masked like every line);
 * it is also sent when the server has SMTP configured (STEPWISE_SMTP_URL).
 */
export const runEmail: ActionHandler = async (site, services) => {
  const to = (site.properties['Octopus.Action.Email.To'] ?? '').trim();
  if (!to) return { status: 'failed', message: 'The email step has no recipient (Octopus.Action.Email.To).' };
  const subject = site.properties['Octopus.Action.Email.Subject'] ?? '';
  const body = site.properties['Octopus.Action.Email.Body'] ?? '';
  const isHtml = /^true$/i.test(site.properties['Octopus.Action.Email.IsHtml'] ?? '');
  site.activity.info(`To: ${to}`);
  site.activity.info(`Subject: ${subject}`);
  site.activity.info(body ? `Body:\n${body}` : 'Body: (empty)');
  if (!services.mailer) {
    site.activity.info(
      'SMTP is not configured on this Stepwise server (STEPWISE_SMTP_URL), so the email was recorded here and not sent.',
    );
    return { status: 'success' };
  }
  try {
    // The message itself is not masked: the recipient gets the real values, as with Octopus.
    await services.mailer.send({
      from: process.env.STEPWISE_SMTP_FROM ?? 'stepwise@localhost',
      to,
      subject,
      body,
      isHtml,
    });
    site.activity.info(`Email sent via ${services.mailer.describe}.`);
    return { status: 'success' };
  } catch (error) {
    return {
      status: 'failed',
      message: `The email could not be sent via ${services.mailer.describe}: ${(error as Error).message}`,
    };
  }
};
