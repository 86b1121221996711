import type { MailMessage, Mailer } from '../../src/shared/mailer';

/** Keeps every message so tests can read confirmation codes. */
export class TestMailer implements Mailer {
  readonly messages: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.messages.push(message);
  }

  /** The six-digit code in the latest message to `to`. */
  lastCode(to: string): string {
    const message = [...this.messages].reverse().find((m) => m.to.toLowerCase() === to.toLowerCase());
    const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
    if (!code) throw new Error(`no code was mailed to ${to}`);
    return code;
  }
}
