/**
 * Prometheus metrics at `/metrics`: operations by name and outcome, latency, open sockets, live subscriptions, bytes
 * waiting to be sent to WebSocket clients.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type OperationOutcome = 'success' | 'user_error' | 'error';

/** Operation names are client-chosen; past this many distinct names the rest count as "other". */
const MAX_OPERATION_NAMES = 200;

export class Metrics {
  readonly registry = new Registry();
  private readonly operations: Counter<'operation' | 'type' | 'outcome' | 'transport'>;
  private readonly duration: Histogram<'type' | 'transport'>;
  private readonly names = new Set<string>();
  /** Each label combination's counter and histogram, so a request does not hash its labels again (bounded by the names). */
  private readonly operationCounts = new Map<string, ReturnType<Counter<string>['labels']>>();
  private readonly durations = new Map<string, ReturnType<Histogram<string>['labels']>>();

  constructor(sources: { openSockets: () => number; activeSubscriptions: () => number; unsentBytes: () => number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kedai_' });
    this.operations = new Counter({
      name: 'kedai_graphql_operations_total',
      help: 'GraphQL operations by name, type, outcome and transport.',
      labelNames: ['operation', 'type', 'outcome', 'transport'],
      registers: [this.registry],
    });
    this.duration = new Histogram({
      name: 'kedai_graphql_operation_duration_seconds',
      help: 'Time to execute a query or mutation.',
      labelNames: ['type', 'transport'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    new Gauge({
      name: 'kedai_websockets_open',
      help: 'Open WebSocket connections.',
      registers: [this.registry],
      collect() {
        this.set(sources.openSockets());
      },
    });
    new Gauge({
      name: 'kedai_subscriptions_active',
      help: 'Subscriptions live on this instance (confirmed by the pub/sub).',
      registers: [this.registry],
      collect() {
        this.set(sources.activeSubscriptions());
      },
    });
    new Gauge({
      name: 'kedai_websocket_unsent_bytes',
      help: 'Bytes waiting to be sent to WebSocket clients (each socket is capped by WS_MAX_BUFFERED_BYTES).',
      registers: [this.registry],
      collect() {
        this.set(sources.unsentBytes());
      },
    });
  }

  recordOperation(
    name: string | null | undefined,
    type: string,
    outcome: OperationOutcome,
    transport: 'http' | 'ws',
    seconds?: number,
  ): void {
    let operation = name || 'anonymous';
    if (!this.names.has(operation)) {
      if (this.names.size >= MAX_OPERATION_NAMES) operation = 'other';
      else this.names.add(operation);
    }
    const key = `${operation}\n${type}\n${outcome}\n${transport}`;
    let count = this.operationCounts.get(key);
    if (!count) this.operationCounts.set(key, (count = this.operations.labels({ operation, type, outcome, transport })));
    count.inc();
    if (seconds !== undefined) {
      let durations = this.durations.get(`${type}\n${transport}`);
      if (!durations) this.durations.set(`${type}\n${transport}`, (durations = this.duration.labels({ type, transport })));
      durations.observe(seconds);
    }
  }
}

/** An outcome from a result: errors, or userErrors in any top-level payload, or success. */
export function outcomeOf(result: { errors?: readonly unknown[]; data?: unknown }): OperationOutcome {
  if (result.errors && result.errors.length > 0) return 'error';
  const data = result.data as Record<string, unknown> | null | undefined;
  if (data) {
    for (const value of Object.values(data)) {
      const userErrors = (value as { userErrors?: unknown[] } | null)?.userErrors;
      if (Array.isArray(userErrors) && userErrors.length > 0) return 'user_error';
    }
  }
  return 'success';
}
