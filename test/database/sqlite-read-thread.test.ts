import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteReadWorker } from '../../src/database/sqlite-read-worker';
import { readRowValues, readRows } from '../../src/shared/sql';
import { STORE, startTestServer, type TestServer } from '../support/server';

/** A select that keeps SQLite busy for about `ms` on this machine (a recursive count). */
const SLOW = 'with recursive c(x) as (select 1 union all select x + 1 from c where x < ?) select count(*) as n from c';
const SLOW_ROWS = 20_000_000; // several seconds

// Plain reads on an SQLite file run on a thread of their own (src/database/sqlite-read-worker.ts); PostgreSQL has none.
describe.skipIf(STORE !== 'embedded')('SQLite reads on their own thread', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  it('answers HTTP requests while a long read runs', async () => {
    const slow = readRows(server.app.orm.em.fork(), SLOW, [SLOW_ROWS]);
    let slowDone = false;
    void slow.then(() => (slowDone = true));
    const response = await fetch(new URL('/healthz', server.url));
    expect(response.status).toBe(200);
    expect(slowDone).toBe(false);
    expect(await slow).toEqual([{ n: SLOW_ROWS }]);
  }, 60_000);

  it('reports an SQLite error with its message and code, and goes on reading', async () => {
    const em = server.app.orm.em.fork();
    await expect(readRows(em, 'select * from no_such_table', [])).rejects.toMatchObject({ message: expect.stringContaining('no such table: no_such_table'), code: 'SQLITE_ERROR' });
    // Statements sent in the same turn are answered each with its own rows or error.
    const [good, bad, values] = await Promise.allSettled([
      readRows(em, 'select 1 as one', []),
      readRows(em, 'select missing_column from shop', []),
      readRowValues(em, 'select 2 as two, ? as three', [3]),
    ]);
    expect(good).toEqual({ status: 'fulfilled', value: [{ one: 1 }] });
    expect(bad).toMatchObject({ status: 'rejected', reason: { message: expect.stringContaining('no such column: missing_column') } });
    expect(values).toEqual({ status: 'fulfilled', value: [[2, 3]] });
  });
});

describe.skipIf(STORE !== 'embedded')('SqliteReadWorker', () => {
  let dir: string;
  let file: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kedai-reader-'));
    file = path.join(dir, 'read.sqlite');
    const db = new Database(file);
    db.pragma('journal_mode = wal');
    db.exec('create table t (id integer primary key, label text); insert into t (label) values (\'a\'), (\'b\')');
    db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const threadOf = (reader: SqliteReadWorker) => (reader as unknown as { worker: Worker | undefined }).worker;

  it('starts its thread with the first read, and a new one after the thread dies; reads that waited fail with the reason', async () => {
    const reader = new SqliteReadWorker(file);
    try {
      expect(threadOf(reader)).toBeUndefined();
      expect(await reader.select('select label from t order by id', [], false)).toEqual([{ label: 'a' }, { label: 'b' }]);
      const first = threadOf(reader)!;
      const waiting = reader.select(SLOW, [SLOW_ROWS], false);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await first.terminate();
      await expect(waiting).rejects.toThrow('the SQLite read thread exited with code 1');
      expect(await reader.select('select id, label from t where id = ?', [2], true)).toEqual([[2, 'b']]);
      expect(threadOf(reader)).not.toBe(first);
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('refuses reads once closed, and fails those still waiting', async () => {
    const reader = new SqliteReadWorker(file);
    await reader.select('select 1', [], true);
    const waiting = expect(reader.select(SLOW, [SLOW_ROWS], false)).rejects.toThrow('the SQLite read thread is closed');
    await reader.close();
    await waiting;
    await expect(reader.select('select 1', [], true)).rejects.toThrow('the SQLite read thread is closed');
  }, 60_000);

  it('is read-only', async () => {
    const reader = new SqliteReadWorker(file);
    try {
      await expect(reader.select("insert into t (label) values ('c') returning id", [], false)).rejects.toMatchObject({ code: 'SQLITE_READONLY' });
    } finally {
      await reader.close();
    }
  });
});
