/**
 * Outgoing email. The built-in mailer writes messages to the log (in development and tests, with their content,
 * so a demo user can read a confirmation code there); a deployment plugs in a real one through StartOptions.
 */
import type { Logger } from 'pino';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

export class LogMailer implements Mailer {
  constructor(
    private readonly logger: Logger,
    private readonly showContent: boolean,
  ) {}

  async send(message: MailMessage): Promise<void> {
    if (this.showContent) this.logger.info({ mail: message }, `mail to ${message.to}: ${message.subject}`);
    else this.logger.warn({ to: message.to, subject: message.subject }, 'no mailer configured; message not delivered');
  }
}
