/**
 * bench/fanout's subscribers, in their own process (spawned by bench/fanout.ts, driven over IPC): N sockets speaking
 * the graphql-ws protocol (`graphql-transport-ws`: connection_init, subscribe, next), each with its own operation id.
 * Every `next` message is checked to carry the benchmark's event (`reason: "seq:<n>"`) and timed on arrival; the
 * first message of each socket is parsed in full to check its shape. The same code receives from the API and from
 * the raw `ws` baseline, so both pay the same client-side cost.
 *
 * IPC: `connect` → `connected`; `expect` (the events of a phase) → `ready`; `collect` (their commit times) → `stats`.
 */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

interface Connect {
  readonly type: 'connect';
  readonly urls: string[];
  readonly clients: number;
  readonly token: string;
  readonly query: string;
  /** Each socket sends its own document (a trailing comment), so the server cannot share execution among them. */
  readonly distinctDocuments: boolean;
  readonly variables: Record<string, unknown>;
}
interface Expect {
  readonly type: 'expect';
  readonly seqs: number[];
}
interface Collect {
  readonly type: 'collect';
  /** [seq, commit time (ms since the epoch, fractional)] */
  readonly commits: [number, number][];
  readonly timeoutMs: number;
}
type Command = Connect | Expect | Collect | { type: 'close' };

export interface PhaseStats {
  readonly expected: number;
  readonly delivered: number;
  readonly duplicates: number;
  readonly errors: number;
  /** Deliveries per second, from the first commit to the last arrival. */
  readonly deliveriesPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** One `next` message as received (the raw baseline sends the same bytes). */
  readonly sample: string;
}

const now = () => performance.timeOrigin + performance.now();
/** Seqs are below this (a phase's events are numbered from 0 within one run). */
const SEQ_SPACE = 4096;
const MARKER = Buffer.from('"reason":"seq:');
const sockets: WebSocket[] = [];

/** Receipts of the current phase: seq and arrival time of each delivery, and which (socket, seq) pairs arrived. */
let expected = new Set<number>();
let seqs = new Int32Array(0);
let arrivals = new Float64Array(0);
let count = 0;
let seen = new Uint8Array(0);
let duplicates = 0;
let errors = 0;
let sample = '';
let onDelivery: (() => void) | undefined;

function send(message: unknown): void {
  process.send!(message);
}

function seqOf(data: Buffer): number {
  const at = data.indexOf(MARKER);
  if (at < 0) return -1;
  let seq = 0;
  for (let i = at + MARKER.length; i < data.length && data[i]! >= 48 && data[i]! <= 57; i += 1) seq = seq * 10 + data[i]! - 48;
  return seq;
}

function receive(socketIndex: number, id: string, data: Buffer, checked: { done: boolean }): void {
  const arrived = now();
  if (!checked.done && data.includes('"type":"next"')) {
    const message = JSON.parse(data.toString()) as { id: string; type: string; payload: { data?: unknown; errors?: unknown[] } };
    if (message.id !== id || !message.payload.data || message.payload.errors) throw new Error(`unexpected message: ${data.toString().slice(0, 300)}`);
    checked.done = true;
  }
  const seq = seqOf(data);
  if (seq < 0) {
    const text = data.toString();
    if (!text.includes('"type":"connection_ack"') && !text.includes('"type":"pong"')) {
      errors += 1;
      if (errors <= 3) console.error(`client ${socketIndex}: ${text.slice(0, 300)}`);
    }
    return;
  }
  if (!expected.has(seq)) return;
  const key = socketIndex * SEQ_SPACE + seq;
  if (seen[key]) {
    duplicates += 1;
    return;
  }
  seen[key] = 1;
  if (!sample) sample = data.toString();
  seqs[count] = seq;
  arrivals[count] = arrived;
  count += 1;
  onDelivery?.();
}

function open(index: number, command: Connect): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(command.urls[index % command.urls.length]!, 'graphql-transport-ws', { perMessageDeflate: false, skipUTF8Validation: true });
    const id = randomUUID();
    const checked = { done: false };
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${command.token}` } })));
    socket.on('message', (data: Buffer) => {
      if (data.includes('"type":"connection_ack"')) {
        socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query: command.distinctDocuments ? `${command.query}\n# subscriber ${index}` : command.query, variables: command.variables } }));
        resolve();
      }
      receive(index, id, data, checked);
    });
    socket.on('error', reject);
    socket.on('close', (code) => {
      if (code !== 1000 && code !== 1001 && code !== 1005) console.error(`client ${index} closed with ${code}`);
    });
    sockets.push(socket);
  });
}

async function connect(command: Connect): Promise<void> {
  const batch = 100;
  for (let start = 0; start < command.clients; start += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, command.clients - start) }, (_, i) => open(start + i, command)));
  }
  send({ type: 'connected' });
}

function prepare(command: Expect): void {
  if (command.seqs.some((seq) => seq >= SEQ_SPACE)) throw new Error(`seqs must stay below ${SEQ_SPACE}`);
  expected = new Set(command.seqs);
  const size = command.seqs.length * sockets.length;
  seqs = new Int32Array(size);
  arrivals = new Float64Array(size);
  count = 0;
  seen = new Uint8Array(sockets.length * SEQ_SPACE);
  duplicates = 0;
  errors = 0;
  send({ type: 'ready' });
}

async function collect(command: Collect): Promise<void> {
  const total = expected.size * sockets.length;
  if (count < total) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, command.timeoutMs);
      onDelivery = () => {
        if (count >= total) {
          clearTimeout(timer);
          resolve();
        }
      };
    });
    onDelivery = undefined;
  }
  const commits = new Map(command.commits);
  const latencies = new Float64Array(count);
  let last = 0;
  for (let i = 0; i < count; i += 1) {
    latencies[i] = arrivals[i]! - commits.get(seqs[i]!)!;
    if (arrivals[i]! > last) last = arrivals[i]!;
  }
  latencies.sort();
  const first = Math.min(...commits.values());
  const at = (q: number) => (count === 0 ? 0 : latencies[Math.min(count - 1, Math.floor(count * q))]!);
  const stats: PhaseStats = {
    expected: total,
    delivered: count,
    duplicates,
    errors,
    deliveriesPerSecond: count === 0 ? 0 : count / ((last - first) / 1000),
    p50: at(0.5),
    p99: at(0.99),
    max: count === 0 ? 0 : latencies[count - 1]!,
    sample,
  };
  send({ type: 'stats', stats });
}

process.on('message', (command: Command) => {
  const run = async () => {
    if (command.type === 'connect') await connect(command);
    else if (command.type === 'expect') prepare(command);
    else if (command.type === 'collect') await collect(command);
    else {
      for (const socket of sockets) socket.close(1000);
      process.exit(0);
    }
  };
  run().catch((error) => {
    console.error(error);
    process.exit(1);
  });
});
