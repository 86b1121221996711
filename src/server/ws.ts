/**
 * GraphQL over WebSocket (graphql-ws) on the same path as HTTP. The token is checked once in `connection_init`
 * (a bad one closes the socket with 4403); each operation is parsed, validated and limited exactly like an HTTP
 * request, and a bad operation gets an error for itself only: the socket and its other subscriptions live on.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import {
  GraphQLError,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, type Context as WsContext } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AppServices } from '../shared/context';
import type { Viewer } from '../shared/viewer';
import { authenticate } from './auth';
import { createContext } from './context';
import type { createErrorFormatter } from './errors';
import type { Limits } from './limits';
import { outcomeOf, type Metrics } from './metrics';

type ConnectionState = Record<PropertyKey, unknown> & {
  viewer?: Viewer;
  clientAddress?: string;
};
type Ctx = WsContext<Record<string, unknown> | undefined, Extra & ConnectionState>;

export interface WsOptions {
  readonly app: AppServices;
  readonly schema: GraphQLSchema;
  readonly limits: Limits;
  readonly formatError: ReturnType<typeof createErrorFormatter>;
  readonly metrics: Metrics;
  readonly clientAddressOf: (request: Extra['request']) => string;
  /** Ping interval; a peer that misses a pong is closed. @default 12_000 */
  readonly keepAliveMs?: number;
}

export function attachWebSocketServer(httpServer: Server, options: WsOptions) {
  const { app, schema, limits, formatError, metrics } = options;
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: app.config.limits.maxWsPayloadBytes });
  const started = new WeakMap<object, number>();

  const parseError = (error: unknown) =>
    new GraphQLError(error instanceof GraphQLError ? error.message : 'Could not parse the document.', {
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });

  const disposable = useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      schema,
      onConnect: async (ctx: Ctx) => {
        const result = await authenticate(app, ctx.connectionParams?.['authorization'] ?? ctx.connectionParams?.['Authorization']);
        if (!result.ok) {
          // graphql-ws closes with 4403 Forbidden when onConnect returns false.
          app.logger.debug({ reason: result.reason }, 'websocket refused');
          return false;
        }
        ctx.extra.viewer = result.viewer;
        ctx.extra.clientAddress = options.clientAddressOf(ctx.extra.request);
        return true;
      },
      onSubscribe: async (ctx: Ctx, id, payload) => {
        // Clients that cannot set connectionParams per request (GraphiQL's headers editor) send the token with each
        // operation as `extensions.headers.Authorization`; it then applies to that operation only.
        let viewer = ctx.extra.viewer!;
        const headers = payload.extensions?.['headers'] as Record<string, unknown> | undefined;
        const operationToken = headers?.['Authorization'] ?? headers?.['authorization'];
        if (operationToken) {
          const result = await authenticate(app, operationToken);
          if (!result.ok) return [new GraphQLError(result.reason, { extensions: { code: 'UNAUTHENTICATED' } })];
          viewer = result.viewer;
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, limits.parseOptions);
        } catch (error) {
          return [parseError(error)];
        }
        const errors = validate(schema, document, [...specifiedRules, ...limits.validationRules]);
        if (errors.length > 0) {
          return errors.map(
            (error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
          );
        }
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) {
          return [new GraphQLError('Name the operation to run.', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
        }
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createContext(app, viewer, `ws-${randomUUID()}-${id}`, ctx.extra.clientAddress ?? ''),
        };
        started.set(args, performance.now());
        if (operation.operation === 'subscription') {
          metrics.recordOperation(operation.name?.value, 'subscription', 'success', 'ws');
        }
        return args;
      },
      onNext: (_ctx, _id, _payload, args, result) => {
        const operation = getOperationAST(args.document, args.operationName);
        const type = operation?.operation ?? 'query';
        if (type !== 'subscription') {
          const began = started.get(args);
          metrics.recordOperation(operation?.name?.value ?? args.operationName, type, outcomeOf(result), 'ws', began === undefined ? undefined : (performance.now() - began) / 1000);
        }
        if (!result.errors) return;
        return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) };
      },
      onError: (_ctx, _id, _payload, errors) => {
        metrics.recordOperation(_payload.operationName, 'unknown', 'error', 'ws');
        return errors.map((error) => formatError(error.toJSON(), error));
      },
    },
    wsServer,
    options.keepAliveMs ?? 12_000,
  );

  return {
    wsServer,
    openSockets: () => wsServer.clients.size,
    /** Closes every socket with 1001 Going Away, so clients reconnect elsewhere. */
    async close(): Promise<void> {
      await disposable.dispose();
    },
    CloseCode,
  };
}
