/** The express app: request ids and logs, health, metrics, the IDE, then Apollo at /graphql. */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type Request } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { AppServices, Context } from '../shared/context';
import { authenticate } from './auth';
import { compiledGateway } from './compiled-executor';
import { createContext } from './context';
import type { createErrorFormatter } from './errors';
import { idePage, wantsIde } from './ide';
import { jsonBody } from './json-body';
import { overlayAccessError } from './overlay-access';
import { overlayPage } from './overlay-page';
import type { Limits } from './limits';
import { outcomeOf, type Metrics } from './metrics';
import { carrierWebhookRouter } from '../orders/carrier-webhook';
import { paymentWebhookRouter } from '../orders/payment-webhook';
import { GraphQLError, getOperationAST } from 'graphql';

export interface HttpOptions {
  readonly app: AppServices;
  readonly schema: GraphQLSchema;
  readonly limits: Limits;
  readonly formatError: ReturnType<typeof createErrorFormatter>;
  readonly metrics: Metrics;
  readonly isReady: () => Promise<{ ready: boolean; checks: Record<string, boolean> }>;
}

const REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function clientAddressOf(request: { ip?: string; socket: { remoteAddress?: string } }): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}

export async function createHttpApp(httpServer: Server, options: HttpOptions) {
  const { app, schema, limits, metrics } = options;
  const apollo = new ApolloServer<Context>({
    // Our schema, executed by compiled queries (./compiled-executor.ts).
    gateway: compiledGateway(schema),
    introspection: app.config.introspection,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    includeStacktraceInErrorResponses: app.config.nodeEnv === 'development',
    hideSchemaDetailsFromClientErrors: !app.config.introspection,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: options.formatError,
    logger: {
      debug: (m) => app.logger.debug(m),
      info: (m) => app.logger.info(m),
      warn: (m) => app.logger.warn(m),
      error: (m) => app.logger.error(m),
    },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP caching hints are used; without this plugin Apollo wraps every field resolver with a hook.
      ApolloServerPluginCacheControlDisabled(),
      {
        async requestDidStart() {
          const began = performance.now();
          return {
            async didResolveOperation({ contextValue, document, operation }) {
              if (!operation) return;
              const refused = await overlayAccessError(() => contextValue.em, contextValue.viewer, document, operation);
              if (refused) throw refused;
            },
            async willSendResponse({ response, operation, request, document }) {
              if (response.body.kind !== 'single') return;
              // A document that failed validation still names its operation.
              const named = operation ?? (document ? getOperationAST(document, request.operationName) : null);
              metrics.recordOperation(
                named?.name?.value ?? request.operationName,
                named?.operation ?? 'unknown',
                outcomeOf(response.body.singleResult),
                'http',
                (performance.now() - began) / 1000,
              );
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  const server = express();
  server.disable('x-powered-by');
  // No ETags: GraphQL answers are POSTs that nothing revalidates, and hashing every body cost ~1% of a request's CPU.
  server.set('etag', false);
  server.set('trust proxy', app.config.trustProxy);

  server.use((req, res, next) => {
    const header = req.get('x-request-id');
    const id = header && REQUEST_ID.test(header) ? header : randomUUID();
    (req as Request & { id: string }).id = id;
    res.setHeader('x-request-id', id);
    const began = performance.now();
    // Read now: a router mounted on a path (`/graphql`) strips it from the request while it handles it.
    const path = req.path;
    res.on('finish', () => {
      app.logger.info(
        { requestId: id, method: req.method, path, status: res.statusCode, ms: Math.round(performance.now() - began) },
        'request',
      );
    });
    next();
  });

  // The API first: every request passes the routes before its own.
  server.get('/graphql', (req, res, next) => {
    if (!wantsIde(req.get('accept'), req.query as Record<string, unknown>)) return next();
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.send(idePage());
  });

  server.use(
    '/graphql',
    jsonBody(app.config.limits.maxBodyBytes),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const result = await authenticate(app, req.get('authorization'));
        if (!result.ok) {
          throw new GraphQLError(result.reason, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
        }
        return createContext(app, result.viewer, (req as Request & { id: string }).id, clientAddressOf(req));
      },
    }),
  );

  server.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  server.get('/readyz', async (_req, res) => {
    const { ready, checks } = await options.isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'unavailable', checks });
  });
  server.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  // The payment and carrier webhooks verify their signatures over the raw body, so they parse their own (before any JSON parser).
  server.use(paymentWebhookRouter(app));
  server.use(carrierWebhookRouter(app));
  server.get('/overlay/:liveStreamId', (_req, res) => {
    const page = overlayPage();
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', page.contentSecurityPolicy);
    res.setHeader('referrer-policy', 'no-referrer'); // the URL carries the token
    res.send(page.html);
  });

  // Body-parser errors (too large, malformed JSON) are client errors with a JSON body, never a 500.
  server.use((error: { status?: number; type?: string; message?: string }, _req: Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) app.logger.error({ err: error }, 'http error');
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    const message = status === 413 ? `The request body is larger than ${app.config.limits.maxBodyBytes} bytes.` : status === 500 ? 'Internal server error' : 'The request body is not valid JSON.';
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  });

  return { express: server, apollo };
}
