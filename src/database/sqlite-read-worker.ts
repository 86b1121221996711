/**
 * SQLite reads on a worker thread. better-sqlite3 is synchronous: a select on the main thread blocks the event loop
 * (every other request waits) for as long as SQLite works. The embedded store's plain reads outside transactions
 * (`readRows`, src/shared/sql.ts) go instead to a thread with its own read-only connection to the file, so they run
 * beside the rest of the API's work, on another core when there is one. In WAL mode a read sees every transaction
 * committed before it started, as a read on the main thread did.
 *
 * Statements issued before the next microtask go in one message, and come back in one.
 */
import { Worker } from 'node:worker_threads';
import type { SqliteReader } from '../shared/sql';

/** A select waiting for the thread's answer. */
interface Pending {
  readonly resolve: (rows: unknown[]) => void;
  readonly reject: (error: Error) => void;
}

/** [id, sql, values, as arrays]. */
type Request = [number, string, readonly unknown[], boolean];
/** [id, rows] or [id, null, error message, SQLite error code]. */
type Reply = [number, unknown[]] | [number, null, string, string | undefined];

/**
 * The thread's code, evaluated (so it runs the same from compiled files and from the tests' TypeScript). It keeps each
 * statement prepared, by SQL text and row form.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { readonly: true, timeout: workerData.timeout });
const statements = new Map();
function statement(sql, raw) {
  const key = raw ? '1' + sql : '0' + sql;
  let s = statements.get(key);
  if (!s) {
    if (statements.size >= 1000) statements.clear();
    s = db.prepare(sql);
    if (raw) s.raw(true);
    statements.set(key, s);
  }
  return s;
}
parentPort.on('message', (batch) => {
  const replies = new Array(batch.length);
  for (let i = 0; i < batch.length; i += 1) {
    const [id, sql, values, raw] = batch[i];
    try {
      replies[i] = [id, statement(sql, raw).all(values)];
    } catch (error) {
      replies[i] = [id, null, String(error && error.message), error && error.code];
    }
  }
  parentPort.postMessage(replies);
});
`;

/**
 * The read thread of one SQLite file. It starts with the first read, and again after an unexpected exit (the reads
 * then waiting fail with the reason; later ones go to the new thread). Idle, it does not keep the process alive.
 */
export class SqliteReadWorker implements SqliteReader {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private queue: Request[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs = 5000,
  ) {}

  select(sql: string, values: readonly unknown[], asValues: boolean): Promise<unknown[]> {
    if (this.closed) return Promise.reject(new Error('the SQLite read thread is closed'));
    const worker = (this.worker ??= this.start());
    if (this.pending.size === 0) worker.ref();
    const id = this.nextId++;
    if (this.queue.length === 0) queueMicrotask(this.flush);
    this.queue.push([id, sql, values, asValues]);
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  /** Stops the thread; reads still waiting fail. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.fail(new Error('the SQLite read thread is closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, timeout: this.busyTimeoutMs, driver: require.resolve('better-sqlite3') } });
    worker.on('message', (replies: Reply[]) => this.settle(replies));
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the SQLite read thread exited with code ${code}`)));
    return worker;
  }

  private readonly flush = () => {
    const batch = this.queue;
    this.queue = [];
    this.worker?.postMessage(batch);
  };

  private settle(replies: Reply[]): void {
    for (const reply of replies) {
      const waiting = this.pending.get(reply[0]);
      if (!waiting) continue;
      this.pending.delete(reply[0]);
      if (reply[1]) waiting.resolve(reply[1]);
      else waiting.reject(Object.assign(new Error(reply[2]), reply[3] ? { code: reply[3] } : {}));
    }
    if (this.pending.size === 0) this.worker?.unref();
  }

  /** The thread failed or exited: what waits for it fails, and the next read starts another. */
  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.fail(error);
  }

  private fail(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    this.queue = [];
  }
}
