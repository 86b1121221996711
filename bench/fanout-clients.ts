/**
 * Benchmark subscribers, in their own process (started and driven over IPC by bench/subscribers.ts): N sockets
 * speaking the graphql-ws protocol (`graphql-transport-ws`: connection_init, subscribe, next), each with its own
 * operation id. Every `next` message is timed on arrival and identified by the number after the bench's `seqMarker`
 * (bench/fanout: `"reason":"seq:`; bench/live: `"unitsSold":`); its `cursor` must be past the socket's previous one
 * (order), and a seq seen twice on one socket is a duplicate. The first message of each socket is parsed in full to
 * check its shape. The same code receives from the API and from the raw `ws` baseline, so both pay the same
 * client-side cost.
 *
 * IPC: `connect` → `connected`; `expect` (the events of a phase) → `ready`; `collect` (their commit times) → `receipts`.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export interface Connect {
  readonly type: 'connect';
  readonly urls: string[];
  /** Global index of this process's first socket (picks its url, and its document when distinct). */
  readonly first: number;
  readonly clients: number;
  readonly token: string;
  readonly query: string;
  /** Each socket sends its own document (a trailing comment), so the server cannot share execution among them. */
  readonly distinctDocuments: boolean;
  readonly variables: Record<string, unknown>;
  /** The bytes right before an event's seq (a non-negative integer) in a `next` message. */
  readonly seqMarker: string;
  /**
   * The cursor variable (`after`): a socket the server closes as a slow consumer (4413) connects again and subscribes
   * after the last cursor it received, as the overlay page does. Absent: it stays closed.
   */
  readonly resumeWith?: string;
}
interface Expect {
  readonly type: 'expect';
  readonly seqs: number[];
}
interface Collect {
  readonly type: 'collect';
  /** [seq, commit time (ms since the epoch, fractional)]: the events of the phase that committed. */
  readonly commits: [number, number][];
  /** Missing deliveries are lost once none has arrived for this long. */
  readonly timeoutMs: number;
}
type Command = Connect | Expect | Collect | { type: 'close' };

/** A phase's counts, per process and (summed) over all of them. */
export interface Counts {
  readonly expected: number;
  readonly delivered: number;
  readonly duplicates: number;
  /** Deliveries whose cursor was not past the previous one on their socket. */
  readonly outOfOrder: number;
  readonly errors: number;
  /** Sockets that connected again after the server closed them as slow consumers (see `resumeWith`). */
  readonly reconnects: number;
}

/** What one process received in a phase (bench/subscribers.ts merges the processes'). */
export interface Receipts extends Counts {
  /** Fewest committed events one socket received. */
  readonly fewestPerSocket: number;
  /** Arrival of the last delivery (ms since the epoch). */
  readonly last: number;
  /** Arrival minus commit of every delivery, in ms. */
  readonly latencies: Float64Array;
  /** One `next` message as received. */
  readonly sample: string;
}

const now = () => performance.timeOrigin + performance.now();
const CURSOR = Buffer.from('"cursor":"');
const sockets: WebSocket[] = [];
let marker = Buffer.alloc(0);

/** Receipts of the current phase: seq and arrival time of each delivery, and which (socket, seq) pairs arrived. */
let expected = new Set<number>();
let seqSpace = 1;
let seqs = new Int32Array(0);
let sockIndex = new Int32Array(0);
let arrivals = new Float64Array(0);
let count = 0;
let seen = new Uint8Array(0);
let duplicates = 0;
let outOfOrder = 0;
let errors = 0;
let reconnects = 0;
let closing = false;
let sample = '';
let onDelivery: (() => void) | undefined;
/** Per socket, the position of the last cursor received (kept across phases: positions only grow). */
let lastPosition = new Float64Array(0);

function send(message: unknown): void {
  process.send!(message);
}

function numberAfter(data: Buffer, at: number): number {
  let n = 0;
  for (let i = at; i < data.length && data[i]! >= 48 && data[i]! <= 57; i += 1) n = n * 10 + data[i]! - 48;
  return n;
}

/** The position an event cursor names (base64url of `Event:<position>`); -1 without one. */
function positionOf(data: Buffer): number {
  const at = data.indexOf(CURSOR);
  if (at < 0) return -1;
  const start = at + CURSOR.length;
  const end = data.indexOf(34, start);
  const decoded = Buffer.from(data.toString('latin1', start, end), 'base64url');
  return numberAfter(decoded, decoded.indexOf(58) + 1);
}

function receive(socketIndex: number, id: string, data: Buffer, checked: { done: boolean }): void {
  const arrived = now();
  if (!checked.done && data.includes('"type":"next"')) {
    const message = JSON.parse(data.toString()) as { id: string; type: string; payload: { data?: unknown; errors?: unknown[] } };
    if (message.id !== id || !message.payload.data || message.payload.errors) throw new Error(`unexpected message: ${data.toString().slice(0, 300)}`);
    checked.done = true;
  }
  const at = data.indexOf(marker);
  if (at < 0) {
    const text = data.toString();
    if (!text.includes('"type":"connection_ack"') && !text.includes('"type":"pong"')) {
      errors += 1;
      if (errors <= 3) console.error(`client ${socketIndex}: ${text.slice(0, 300)}`);
    }
    return;
  }
  const seq = numberAfter(data, at + marker.length);
  if (!expected.has(seq)) return;
  const key = socketIndex * seqSpace + seq;
  if (seen[key]) {
    duplicates += 1;
    return;
  }
  seen[key] = 1;
  const position = positionOf(data);
  if (position <= lastPosition[socketIndex]!) outOfOrder += 1;
  else lastPosition[socketIndex] = position;
  if (!sample) sample = data.toString();
  seqs[count] = seq;
  sockIndex[count] = socketIndex;
  arrivals[count] = arrived;
  count += 1;
  onDelivery?.();
}

const SLOW_CONSUMER = 4413;
const cursorOf = (position: number) => Buffer.from(`Event:${position}`).toString('base64url');

function open(index: number, command: Connect): Promise<void> {
  return new Promise((resolve, reject) => {
    const global = command.first + index;
    const socket = new WebSocket(command.urls[global % command.urls.length]!, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    const id = randomUUID();
    const checked = { done: false };
    const query = command.distinctDocuments ? `${command.query}\n# subscriber ${global}` : command.query;
    const resumed = command.resumeWith !== undefined && lastPosition[index]! >= 0;
    const variables = resumed ? { ...command.variables, [command.resumeWith!]: cursorOf(lastPosition[index]!) } : command.variables;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${command.token}` } })));
    socket.on('message', (data: Buffer) => {
      if (data.includes('"type":"connection_ack"')) {
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
        resolve();
      }
      receive(index, id, data, checked);
    });
    socket.on('error', reject);
    socket.on('close', (code) => {
      if (code === SLOW_CONSUMER && command.resumeWith !== undefined && !closing) {
        reconnects += 1;
        open(index, command).catch((error) => console.error(`client ${global} could not reconnect: ${error}`));
      } else if (code !== 1000 && code !== 1001 && code !== 1005) console.error(`client ${global} closed with ${code}`);
    });
    sockets[index] = socket;
  });
}

async function connect(command: Connect): Promise<void> {
  marker = Buffer.from(command.seqMarker);
  lastPosition = new Float64Array(command.clients).fill(-1);
  const batch = 100;
  for (let start = 0; start < command.clients; start += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, command.clients - start) }, (_, i) => open(start + i, command)));
  }
  send({ type: 'connected' });
}

function prepare(command: Expect): void {
  expected = new Set(command.seqs);
  seqSpace = Math.max(0, ...command.seqs) + 1;
  const size = command.seqs.length * sockets.length;
  seqs = new Int32Array(size);
  sockIndex = new Int32Array(size);
  arrivals = new Float64Array(size);
  count = 0;
  seen = new Uint8Array(sockets.length * seqSpace);
  duplicates = 0;
  outOfOrder = 0;
  errors = 0;
  reconnects = 0;
  send({ type: 'ready' });
}

async function collect(command: Collect): Promise<void> {
  const commits = new Map(command.commits);
  const total = commits.size * sockets.length;
  // Late is not lost: give up only once nothing has arrived for `timeoutMs`.
  if (count < total) {
    await new Promise<void>((resolve) => {
      let seenCount = count;
      let quietSince = now();
      const check = setInterval(() => {
        if (count !== seenCount) [seenCount, quietSince] = [count, now()];
        else if (now() - quietSince >= command.timeoutMs) done();
      }, 100);
      const done = () => {
        clearInterval(check);
        onDelivery = undefined;
        resolve();
      };
      onDelivery = () => {
        if (count >= total) done();
      };
    });
  }
  const latencies = new Float64Array(count);
  let delivered = 0;
  const perSocket = new Int32Array(sockets.length);
  let last = 0;
  for (let i = 0; i < count; i += 1) {
    const commit = commits.get(seqs[i]!);
    if (commit === undefined) continue; // an expected seq that no commit produced
    latencies[delivered] = arrivals[i]! - commit;
    delivered += 1;
    perSocket[sockIndex[i]!]! += 1;
    if (arrivals[i]! > last) last = arrivals[i]!;
  }
  const receipts: Receipts = {
    expected: total,
    delivered,
    duplicates,
    outOfOrder,
    errors,
    reconnects,
    fewestPerSocket: sockets.length === 0 ? 0 : Math.min(...perSocket),
    last,
    latencies: latencies.slice(0, delivered),
    sample,
  };
  send({ type: 'receipts', receipts });
}

process.on('message', (command: Command) => {
  const run = async () => {
    if (command.type === 'connect') await connect(command);
    else if (command.type === 'expect') prepare(command);
    else if (command.type === 'collect') await collect(command);
    else {
      closing = true;
      for (const socket of sockets) socket.close(1000);
      process.exit(0);
    }
  };
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
});

// The bench that started it is gone (it failed): do not outlive it.
process.on('disconnect', () => process.exit(0));
