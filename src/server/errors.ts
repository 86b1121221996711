/**
 * Error masking, the same for HTTP and WebSocket: errors with a public code pass through (without stack traces
 * outside development); everything else becomes INTERNAL_SERVER_ERROR with a generic message and is logged in full.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { PUBLIC_ERROR_CODES } from '../shared/errors';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

function originalOf(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError && current.originalError !== current) {
    current = current.originalError;
  }
  return current;
}

export function createErrorFormatter(config: Config, logger: Logger) {
  const development = config.nodeEnv === 'development';
  return function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    const code = formatted.extensions?.['code'];
    const original = originalOf(error);
    // Our typed errors and graphql-js/Apollo request errors keep their code; anything else is a bug.
    const isPublic = typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && PUBLIC_ERROR_CODES.has(code);
    if (!isPublic) {
      logger.error({ err: original instanceof Error ? original : error, path: formatted.path }, 'unexpected error');
      return {
        message: 'Internal server error',
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: 'INTERNAL_SERVER_ERROR',
          ...(development && original instanceof Error ? { debugMessage: original.message } : {}),
        },
      };
    }
    const { http: _http, stacktrace, ...extensions } = formatted.extensions ?? {};
    return {
      ...formatted,
      message: config.introspection ? formatted.message : formatted.message.replace(SUGGESTION, ''),
      extensions: { ...extensions, ...(development && stacktrace ? { stacktrace } : {}) },
    };
  };
}
