import pino, { type Logger } from 'pino';
import type { Config } from '../config';

/** Structured JSON logs on stdout. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'kedai-live' }, timestamp: pino.stdTimeFunctions.isoTime });
}
