/**
 * The fan-out on its own, with a tiny schema and stand-in sockets: who shares a stream (the declared audience, the
 * viewer, nothing for an undeclared stream), and how slow readers are cut off. The API-level behaviour on both stores
 * is in test/events/subscription-fanout.test.ts.
 */
import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type ExecutionArgs } from 'graphql';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { AsyncQueue } from '../../src/events/async-queue';
import { SHARING, type Sharing } from '../../src/events/subscribe';
import { AppCloseCode, SubscriptionFanout } from '../../src/server/subscription-fanout';
import type { Viewer } from '../../src/shared/viewer';

class FakeSocket {
  readyState = 1; // OPEN
  bufferedAmount = 0;
  closedWith: number | undefined;
  readonly sent: string[] = [];
  send(data: string | Buffer, options?: { binary?: boolean }): void {
    if (typeof data !== 'string' && options?.binary !== false) throw new Error('a GraphQL message must go as a text frame');
    this.sent.push(data.toString());
  }
  close(code: number): void {
    this.readyState = 2; // CLOSING
    this.closedWith = code;
  }
}

/** A schema whose one subscription follows `streams`, each declaring `sharing`; `executions` counts resolver runs. */
function fixture(sharing: Sharing | undefined, maxBuffered = 100) {
  const streams: AsyncQueue<string>[] = [];
  const counter = { executions: 0 };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLString } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: {
        ticks: {
          type: GraphQLString,
          subscribe: () => {
            const stream = Object.assign(new AsyncQueue<string>(maxBuffered), { [SHARING]: sharing });
            streams.push(stream);
            return stream;
          },
          resolve: (event: string) => {
            counter.executions += 1;
            return event;
          },
        },
      },
    }),
  });
  const fanout = new SubscriptionFanout({ formatError: (formatted) => formatted, maxBufferedBytes: 1000 });
  const document = parse('subscription T { ticks }');
  const subscribe = (viewer: Viewer, socket = new FakeSocket(), id = `op-${Math.random()}`) => {
    const args: ExecutionArgs = { schema, document, contextValue: { viewer } };
    return { socket, handle: fanout.subscribe(args, { socket: socket as unknown as WebSocket, id, query: 'subscription T { ticks }' }) };
  };
  /** Pushes an event into every live stream (as the pub/sub does) and lets the groups run. */
  const publish = async (event: string) => {
    for (const stream of streams) stream.push(event);
    await settle();
  };
  return { fanout, subscribe, publish, counter, streams };
}

/** Everything here runs on promises, without I/O: once the microtasks are done, so is the delivery. */
const settle = () => new Promise((resolve) => setImmediate(resolve));
const user = (userId: number): Viewer => ({ kind: 'user', userId, roles: [] });
const payloadOf = (message: string) => message.replace(/^\{"id":"[^"]*",/, '');

describe('subscription fan-out', () => {
  it('shares one execution among different viewers when the stream names their common audience, with the same bytes', async () => {
    const { subscribe, publish, counter } = fixture({ audience: 'LIVE:1' });
    const a = subscribe(user(1));
    const b = subscribe(user(2), new FakeSocket(), 'b-op');
    await Promise.all([a.handle, b.handle]);
    await publish('pinned');
    expect(counter.executions).toBe(1);
    expect(payloadOf(a.socket.sent[0]!)).toBe(payloadOf(b.socket.sent[0]!));
    expect(JSON.parse(b.socket.sent[0]!)).toEqual({ id: 'b-op', type: 'next', payload: { data: { ticks: 'pinned' } } });
  });

  it('shares only within one viewer when the stream names no audience', async () => {
    const { subscribe, publish, counter } = fixture({ audience: null });
    const subs = [subscribe(user(1)), subscribe(user(1)), subscribe(user(2))];
    await Promise.all(subs.map((s) => s.handle));
    await publish('tick');
    expect(counter.executions).toBe(2);
    expect(subs.map((s) => s.socket.sent.length)).toEqual([1, 1, 1]);
  });

  it('never shares a stream that does not declare itself shareable (one replaying from a cursor)', async () => {
    const { subscribe, publish, counter } = fixture(undefined);
    const subs = [subscribe(user(1)), subscribe(user(1))];
    await Promise.all(subs.map((s) => s.handle));
    await publish('tick');
    expect(counter.executions).toBe(2);
  });

  it('closes a socket holding too many unsent bytes with 4413 and keeps serving the others', async () => {
    const { fanout, subscribe, publish } = fixture({ audience: null });
    const slow = subscribe(user(1));
    const steady = subscribe(user(1));
    await Promise.all([slow.handle, steady.handle]);
    slow.socket.bufferedAmount = 5000;
    await publish('one');
    await publish('two');
    expect(slow.socket.closedWith).toBe(AppCloseCode.SlowConsumer);
    expect(slow.socket.sent).toEqual([]);
    expect(steady.socket.sent).toHaveLength(2);
    expect(fanout.live).toBe(1);
  });

  it('closes every member with 4413 when the shared stream itself falls too far behind', async () => {
    const { fanout, subscribe, streams } = fixture({ audience: null }, 2);
    const members = [subscribe(user(1)), subscribe(user(1), new FakeSocket())];
    await Promise.all(members.map((m) => m.handle));
    // Four events at once into a queue that holds two: the group's stream ends with SlowConsumerError.
    for (const event of ['1', '2', '3', '4']) for (const stream of streams) stream.push(event);
    await settle();
    expect(members.map((m) => m.socket.closedWith)).toEqual([AppCloseCode.SlowConsumer, AppCloseCode.SlowConsumer]);
    expect(fanout.live).toBe(0);
  });

  it('stops the shared stream when its last member leaves', async () => {
    const { fanout, subscribe, streams } = fixture({ audience: null });
    const a = await subscribe(user(1)).handle;
    const b = await subscribe(user(1)).handle;
    const shared = streams[0]!;
    await (a as AsyncIterableIterator<never>).return!();
    expect(fanout.live).toBe(1);
    await (b as AsyncIterableIterator<never>).return!();
    expect(fanout.live).toBe(0);
    expect(await shared.next()).toEqual({ value: undefined, done: true });
  });
});
