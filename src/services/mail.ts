// Outgoing mail: appeal reminders and invitations (issue 15, item 4), over SMTP when
// `QUORATE_SMTP_URL` is set. Without it nothing is sent and nothing fails: the clerk hands links over.
export interface MailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** A mailer and the sender address its messages carry. */
export interface MailSettings {
  mailer: Mailer;
  from: string;
}

/**
 * A mailer over SMTP when `QUORATE_SMTP_URL` is set (e.g. smtp://user:pass@mail.example.org:587),
 * else null. nodemailer is loaded only then, so an installation without mail never loads it.
 */
export async function mailerFromEnv(env: Record<string, string | undefined>): Promise<Mailer | null> {
  const url = env.QUORATE_SMTP_URL;
  if (!url) return null;
  // A computed specifier: nodemailer ships no types of its own and only this line touches it.
  const specifier = 'nodemailer';
  const nodemailer = (await import(specifier)) as {
    default: { createTransport(url: string): { sendMail(m: MailMessage): Promise<unknown> } };
  };
  const transport = nodemailer.default.createTransport(url);
  return {
    send: async (m) => {
      await transport.sendMail(m);
    },
  };
}

/**
 * The sender when none is configured: quorate@ the public origin's host.
 * @example defaultSender('https://council.example.org') // 'quorate@council.example.org'
 */
export function defaultSender(origin: string): string {
  return `quorate@${new URL(origin).hostname}`;
}
