/**
 * GraphQL over WebSocket (graphql-ws) on the same path as HTTP. The token is checked once in `connection_init`
 * (a bad one closes the socket with 4403); each operation is parsed, validated and limited exactly like an HTTP
 * request, and a bad operation gets an error for itself only: the socket and its other subscriptions live on. So does
 * a subscription past `WS_MAX_SUBSCRIPTIONS_PER_CONNECTION` (TOO_MANY_SUBSCRIPTIONS).
 *
 * Subscription events go out through the shared fan-out (subscription-fanout.ts), which also cuts off slow readers
 * (4413). graphql-ws pings every `WS_KEEPALIVE_MS` and terminates a peer that has not answered within as long.
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
import { tooManySubscriptions } from '../shared/errors';
import type { Viewer } from '../shared/viewer';
import { authenticate } from './auth';
import { createContext } from './context';
import { overlayAccessError } from './overlay-access';
import type { createErrorFormatter } from './errors';
import type { Limits } from './limits';
import { outcomeOf, type Metrics } from './metrics';
import { SubscriptionFanout, type Subscriber } from './subscription-fanout';

type ConnectionState = Record<PropertyKey, unknown> & {
  viewer?: Viewer;
  clientAddress?: string;
  /** Ids of this connection's subscriptions, from their start to their end. */
  subscriptionIds?: Set<string>;
};
type Ctx = WsContext<Record<string, unknown> | undefined, Extra & ConnectionState>;

export interface WsOptions {
  readonly app: AppServices;
  readonly schema: GraphQLSchema;
  readonly limits: Limits;
  readonly formatError: ReturnType<typeof createErrorFormatter>;
  readonly metrics: Metrics;
  readonly clientAddressOf: (request: Extra['request']) => string;
}

export function attachWebSocketServer(httpServer: Server, options: WsOptions) {
  const { app, schema, limits, formatError, metrics } = options;
  const { websocket } = app.config;
  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: app.config.limits.maxWsPayloadBytes });
  const fanout = new SubscriptionFanout({ formatError, maxBufferedBytes: websocket.maxBufferedBytes });
  const started = new WeakMap<object, number>();
  const subscribers = new WeakMap<ExecutionArgs, Subscriber>();

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
        ctx.extra.subscriptionIds = new Set();
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
        const refused = await overlayAccessError(() => app.orm.em.fork(), viewer, document, operation);
        if (refused) return [refused];
        const args: ExecutionArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createContext(app, viewer, `ws-${randomUUID()}-${id}`, ctx.extra.clientAddress ?? ''),
        };
        started.set(args, performance.now());
        if (operation.operation === 'subscription') {
          // No await from the count to the add: subscriptions sent together cannot all slip under the cap.
          const ids = ctx.extra.subscriptionIds!;
          if (ids.size >= websocket.maxSubscriptionsPerConnection) return [tooManySubscriptions(websocket.maxSubscriptionsPerConnection)];
          ids.add(id);
          subscribers.set(args, { socket: ctx.extra.socket, id, query: payload.query });
          metrics.recordOperation(operation.name?.value, 'subscription', 'success', 'ws');
        }
        return args;
      },
      subscribe: (args) => fanout.subscribe(args, subscribers.get(args)!),
      onComplete: (ctx: Ctx, id) => {
        ctx.extra.subscriptionIds?.delete(id);
      },
      onNext: (ctx, _id, _payload, args, result) => {
        // Results of queries and mutations (subscription events bypass graphql-ws): the same cap on unsent bytes.
        fanout.overBuffered(ctx.extra.socket);
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
    websocket.keepAliveMs,
  );

  return {
    wsServer,
    fanout,
    openSockets: () => wsServer.clients.size,
    unsentBytes: () => [...wsServer.clients].reduce((sum, socket) => sum + socket.bufferedAmount, 0),
    /** Closes every socket with 1001 Going Away, so clients reconnect elsewhere. */
    async close(): Promise<void> {
      await disposable.dispose();
    },
    CloseCode,
  };
}
