import nodemailer from 'nodemailer';

export interface Mail {
  from: string;
  to: string;
  subject: string;
  body: string;
  isHtml: boolean;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Where mail goes, for the log (host and port, never the password). */
  describe: string;
}

/**
 * An SMTP mailer from a connection URL (`smtp://user:pass@host:587`, `smtps://…`), or undefined
 * when none is configured — then email steps are recorded in the task log only.
 */
export function createMailer(url: string | undefined): Mailer | undefined {
  if (!url) return undefined;
  const parsed = new URL(url);
  const transport = nodemailer.createTransport(url);
  return {
    describe: `${parsed.protocol}//${parsed.hostname}${parsed.port ? `:${parsed.port}` : ''}`,
    async send(mail) {
      await transport.sendMail({
        from: mail.from,
        to: mail.to,
        subject: mail.subject,
        ...(mail.isHtml ? { html: mail.body } : { text: mail.body }),
      });
    },
  };
}
