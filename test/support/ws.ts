/** A graphql-ws client for tests: connect with a token, run operations, collect subscription events. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface WsClientOptions {
  readonly token?: string;
  readonly connectionParams?: Record<string, unknown>;
  /** Answer the server's pings (false plays a peer that is gone without closing). @default true */
  readonly autoPong?: boolean;
}

/** A `ws` client that never answers pings. */
class DeafWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols, { autoPong: false });
  }
}

export class WsTestClient {
  private closeEvent: { code: number; reason: string } | undefined;
  private readonly closeWaiters: Array<(event: { code: number; reason: string }) => void> = [];

  private constructor(
    readonly client: Client,
    /** The underlying socket (to read raw messages, or stop reading). */
    readonly socket: WebSocket,
  ) {}

  /** Connects and waits for the server's connection_ack (or the close that refused it). */
  static connect(url: string, options: WsClientOptions = {}): Promise<WsTestClient> {
    return new Promise((resolve, reject) => {
      let instance: WsTestClient | undefined;
      const client = createClient({
        url,
        webSocketImpl: options.autoPong === false ? DeafWebSocket : WebSocket,
        lazy: false,
        retryAttempts: 0,
        connectionParams: options.connectionParams ?? (options.token ? { authorization: `Bearer ${options.token}` } : {}),
        onNonLazyError: () => {},
        on: {
          connected: (socket) => resolve((instance = new WsTestClient(client, socket as WebSocket))),
          closed: (event) => {
            const { code, reason } = event as { code: number; reason: string };
            if (!instance) {
              reject(Object.assign(new Error(`closed before ack: ${code} ${reason}`), { code, reason }));
              return;
            }
            instance.closeEvent = { code, reason };
            for (const waiter of instance.closeWaiters.splice(0)) waiter({ code, reason });
          },
        },
      });
    });
  }

  /** Stops reading from the socket, as a client too slow to keep up; the server's messages pile up. */
  pauseReading(): void {
    (this.socket as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  resumeReading(): void {
    (this.socket as unknown as { _socket: { resume(): void } })._socket.resume();
  }

  /** Resolves with the close code when the server closes the socket. */
  closed(): Promise<{ code: number; reason: string }> {
    if (this.closeEvent) return Promise.resolve(this.closeEvent);
    return new Promise((resolve) => this.closeWaiters.push(resolve));
  }

  /** Runs a query or mutation and returns its single result. */
  async execute<R, V>(document: TypedDocumentNode<R, V> | string, variables?: V): Promise<FormattedExecutionResult<R>> {
    const sub = this.subscribe(document, variables);
    const result = await sub.next();
    sub.unsubscribe();
    return result;
  }

  subscribe<R, V>(document: TypedDocumentNode<R, V> | string, variables?: V): Subscription<R> {
    return new Subscription<R>(this.client, typeof document === 'string' ? document : print(document), variables);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

export class Subscription<R> {
  private readonly results: FormattedExecutionResult<R>[] = [];
  private readonly waiters: Array<() => void> = [];
  completed = false;
  readonly unsubscribe: () => void;

  constructor(client: Client, query: string, variables: unknown) {
    this.unsubscribe = client.subscribe<R>(
      { query, variables: variables as Record<string, unknown> | undefined },
      {
        next: (result) => this.push(result as FormattedExecutionResult<R>),
        error: (error) => {
          const errors = Array.isArray(error) ? error : [{ message: String((error as Error)?.message ?? error) }];
          this.push({ errors } as FormattedExecutionResult<R>);
          this.completed = true;
        },
        complete: () => {
          this.completed = true;
          for (const waiter of this.waiters.splice(0)) waiter();
        },
      },
    );
  }

  private push(result: FormattedExecutionResult<R>): void {
    this.results.push(result);
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** The next result, waiting up to `timeoutMs`. */
  async next(timeoutMs = 5000): Promise<FormattedExecutionResult<R>> {
    const deadline = Date.now() + timeoutMs;
    while (this.results.length === 0) {
      if (this.completed) throw new Error('subscription completed without a result');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no result within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.results.shift()!;
  }

  /** Results received and not yet taken. */
  get pending(): number {
    return this.results.length;
  }
}
