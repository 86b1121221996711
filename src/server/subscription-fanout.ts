/**
 * Subscription delivery over WebSocket, shared by the subscribers who would receive the same bytes.
 *
 * graphql-ws alone runs a subscription's selection once per subscriber per event. Here, subscribers that send the
 * same document, operation name and variables and belong to the same audience (by default: the same viewer) form a
 * group with ONE source stream: its per-event checks and the selection run once per event, the result is masked and
 * serialized once, and each member's socket gets those bytes inside its own `next` message (only the operation id
 * differs, so the message is built around the shared payload). A source stream that does not declare itself
 * shareable (one replaying from a cursor, see src/events/subscribe.ts) gets a group of its own that no one joins.
 *
 * Each subscriber still creates its own source stream first, so the subscribe-time checks (NOT_FOUND, FORBIDDEN…)
 * are its own; if a group is already there, that stream is closed and the subscriber joins the group from its next
 * event on.
 *
 * Sending never waits for a socket, so one slow reader cannot hold up its group: a socket holding more than
 * `maxBufferedBytes` unsent bytes is closed with {@link AppCloseCode.SlowConsumer} and sent nothing more, and so is
 * every member's socket when a group's own stream falls too far behind ({@link SlowConsumerError}). The client
 * reconnects and resubscribes with its last cursors.
 */
import { createSourceEventStream, execute, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import { SlowConsumerError } from '../events/async-queue';
import { PER_SUBSCRIBER, SHARING, type Shareable } from '../events/subscribe';
import type { Context } from '../shared/context';

/** Close codes of our own, beside graphql-ws's (4400, 4401, 4403, 4406, 4408, 4409, 4429, 4500, 4504). */
export enum AppCloseCode {
  /**
   * The client did not read its messages fast enough (`WS_MAX_BUFFERED_BYTES` were waiting): reconnect and
   * resubscribe with each subscription's last cursor as `after`.
   */
  SlowConsumer = 4413,
}

export interface FanoutOptions {
  /** The masking layer, as for every other result (src/server/errors.ts). */
  readonly formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  /** Unsent bytes allowed per socket before it is closed as a slow consumer. */
  readonly maxBufferedBytes: number;
}

/** Who receives a subscription: a socket, the operation id its client chose, and the document as sent. */
export interface Subscriber {
  readonly socket: WebSocket;
  readonly id: string;
  readonly query: string;
}

const DONE: IteratorResult<never> = Object.freeze({ value: undefined, done: true });
const SLOW_CONSUMER_REASON = 'Slow consumer: resubscribe with your last cursors';

export class SubscriptionFanout {
  private readonly groups = new Map<string, Group>();
  private readonly bySocket = new WeakMap<WebSocket, Set<Member>>();
  private members = 0;
  /** Selections executed, one per event per group. */
  executions = 0;
  /** `next` messages sent, one per event per member. */
  messagesSent = 0;

  constructor(private readonly options: FanoutOptions) {}

  /** Subscriptions receiving events on this instance. */
  get live(): number {
    return this.members;
  }

  /**
   * graphql-ws's `subscribe`: the subscribe-time errors as graphql-js reports them, or a handle that yields nothing
   * (events go out through the group), ends when the group does, and leaves it on `return()`.
   */
  async subscribe(args: ExecutionArgs, subscriber: Subscriber): Promise<AsyncIterableIterator<never> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const stream = source[Symbol.asyncIterator]();
    const key = groupKey(source as Shareable, args, subscriber);
    const existing = key === null ? undefined : this.groups.get(key);
    const release = (source as Shareable)[PER_SUBSCRIBER]?.();
    if (existing) {
      void stream.return?.();
      return this.join(existing, subscriber, release);
    }
    const group = new Group(key, stream, args, this);
    if (key !== null) this.groups.set(key, group);
    const member = this.join(group, subscriber, release);
    void group.run();
    return member;
  }

  private join(group: Group, subscriber: Subscriber, release: (() => void) | undefined): Member {
    const member = new Member(subscriber, group, this, release);
    group.members.add(member);
    let sockets = this.bySocket.get(subscriber.socket);
    if (!sockets) this.bySocket.set(subscriber.socket, (sockets = new Set()));
    sockets.add(member);
    this.members += 1;
    return member;
  }

  /** Closes a socket whose client reads too slowly; its subscriptions get nothing more. */
  closeSlow(socket: WebSocket): void {
    if (socket.readyState === WebSocket.OPEN) socket.close(AppCloseCode.SlowConsumer, SLOW_CONSUMER_REASON);
    for (const member of [...(this.bySocket.get(socket) ?? [])]) member.end();
  }

  /** True (and the socket closed) when a socket holds more unsent bytes than allowed. */
  overBuffered(socket: WebSocket): boolean {
    if (socket.bufferedAmount <= this.options.maxBufferedBytes) return false;
    this.closeSlow(socket);
    return true;
  }

  /** Sends one event's result to a group's members (called by the group). */
  broadcast(group: Group, result: ExecutionResult): void {
    this.executions += 1;
    const { formatError } = this.options;
    const payload = JSON.stringify(result.errors ? { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : result);
    // Encoded once per subscription id (clients mostly number their subscriptions alike), not once per socket.
    const messages = new Map<string, Buffer>();
    for (const member of group.members) {
      const { socket } = member.subscriber;
      if (socket.readyState !== WebSocket.OPEN || this.overBuffered(socket)) continue;
      let message = messages.get(member.prefix);
      if (!message) messages.set(member.prefix, (message = Buffer.from(member.prefix + payload + '}')));
      socket.send(message, { binary: false });
      this.messagesSent += 1;
    }
  }

  /** A member left or ended: unregister it, and stop its group when it was the last. */
  detach(member: Member, group: Group): void {
    if (!group.members.delete(member)) return;
    member.release?.();
    this.members -= 1;
    this.bySocket.get(member.subscriber.socket)?.delete(member);
    if (group.members.size === 0) group.stop();
  }

  /** A stopped group takes no new members. */
  forget(group: Group): void {
    if (group.key !== null && this.groups.get(group.key) === group) this.groups.delete(group.key);
  }
}

/**
 * Subscribers who may share a stream: the audience the stream declares (or the viewer), the operation and its
 * variables, and the document as sent. Null: the stream is not shareable.
 */
function groupKey(stream: Shareable, args: ExecutionArgs, subscriber: Subscriber): string | null {
  const sharing = stream[SHARING];
  if (!sharing) return null;
  const audience = sharing.audience === null ? `viewer:${JSON.stringify((args.contextValue as Context).viewer)}` : `audience:${sharing.audience}`;
  return JSON.stringify([audience, args.operationName ?? null, args.variableValues ?? null, subscriber.query]);
}

/** One source stream, executed once per event for all its members. */
class Group {
  readonly members = new Set<Member>();
  private stopped = false;

  constructor(
    readonly key: string | null,
    private readonly stream: AsyncIterator<unknown>,
    private readonly args: ExecutionArgs,
    private readonly fanout: SubscriptionFanout,
  ) {}

  async run(): Promise<void> {
    let failure: unknown;
    // The next event's checks and execution (database round trips) start before this one's sends, so they overlap.
    let upcoming = this.produce();
    try {
      for (let result = await upcoming; result && !this.stopped; result = await upcoming) {
        upcoming = this.produce();
        this.fanout.broadcast(this, result);
      }
    } catch (error) {
      failure = error;
    }
    upcoming.catch(() => {}); // what a stopped group was still producing goes nowhere
    this.stop();
    for (const member of [...this.members]) {
      if (failure instanceof SlowConsumerError) this.fanout.closeSlow(member.subscriber.socket);
      else member.end(failure);
    }
  }

  /** The next event's result; undefined once the stream ended or the group stopped. */
  private async produce(): Promise<ExecutionResult | undefined> {
    const next = await this.stream.next();
    if (next.done || this.stopped) return undefined;
    return execute({ ...this.args, rootValue: next.value });
  }

  /** No new member joins; the source stream is released. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.fanout.forget(this);
    void this.stream.return?.();
  }
}

/** One subscriber in a group, as graphql-ws sees it: an iterator that never yields and ends with the group. */
class Member implements AsyncIterableIterator<never> {
  /** The member's `next` message up to its payload. */
  readonly prefix: string;
  private ended: { error: unknown } | undefined;
  private waiter: { resolve: (result: IteratorResult<never>) => void; reject: (error: unknown) => void } | undefined;

  constructor(
    readonly subscriber: Subscriber,
    private readonly group: Group,
    private readonly fanout: SubscriptionFanout,
    /** What the subscriber held while subscribed (see PER_SUBSCRIBER), given back when it leaves. */
    readonly release: (() => void) | undefined,
  ) {
    this.prefix = `{"id":${JSON.stringify(subscriber.id)},"type":"next","payload":`;
  }

  next(): Promise<IteratorResult<never>> {
    if (this.ended) return this.ended.error === undefined ? Promise.resolve(DONE) : Promise.reject(this.ended.error);
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  /** The client completed the subscription or the socket closed. */
  return(): Promise<IteratorResult<never>> {
    this.end();
    return Promise.resolve(DONE);
  }

  /** Leaves the group; graphql-ws then sends `complete`, or `error` when there is one. */
  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = { error };
    this.fanout.detach(this, this.group);
    const waiter = this.waiter;
    this.waiter = undefined;
    if (!waiter) return;
    if (error === undefined) waiter.resolve(DONE);
    else {
      this.ended = { error: undefined };
      waiter.reject(error);
    }
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<never> {
    return this;
  }
}
