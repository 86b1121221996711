/**
 * Idempotent mutations (DESIGN §4): a retry with the same key returns the first result; the same key with other
 * input is the user error IDEMPOTENCY_KEY_REUSED. The claim, the effect and the stored result commit together.
 */
import { createHash } from 'node:crypto';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { Context } from './context';
import { IdempotencyRecord } from './idempotency.entity';
import { defineSharedRead } from './loaders';
import { jsonValue, selectRows } from './sql';
import { failWith } from './user-error';
import { InputChecker } from './validation';

export interface IdempotentRun<R, J> {
  readonly operation: string;
  readonly key: string;
  /** What identifies the request (everything but the key). */
  readonly input: unknown;
  /**
   * Cheap refusals (a user error) checked after a replay was ruled out and before the transaction opens, so a request
   * that will fail anyway (e.g. sold out) costs no transaction. The effect must still check everything it relies on.
   * Reads the effect needs outside the transaction may be done here too (it runs before each attempt).
   */
  precheck?(): Promise<void>;
  /**
   * Set when the effect writes the claim itself, in one of its own statements (`claim(result)` gives the record, its
   * result set, to insert with `insertStatement`): fewer round trips for a hot path. Otherwise the claim is written
   * before the effect runs and its result by the closing flush.
   */
  readonly effectWritesClaim?: boolean;
  /**
   * Set (with `effectWritesClaim`) when the effect is one statement, atomic by itself, that writes the claim with
   * everything else or nothing at all: it runs without a transaction (two round trips fewer: begin and commit).
   */
  readonly atomic?: boolean;
  /** The effect, inside the transaction (see `atomic`). User errors thrown here roll back the claim too. */
  run(em: EntityManager, claim: (result: R) => IdempotencyRecord): Promise<R>;
  toJson(result: R): J;
  /** Rebuilds the result of the first run for a retry. */
  fromJson(json: J, em: EntityManager): Promise<R>;
}

export interface IdempotentResult<R> {
  readonly result: R;
  /** True when this call replayed an earlier one. */
  readonly replayed: boolean;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function checkIdempotencyKey(key: string, field = ['input', 'idempotencyKey']): string {
  const trimmed = key.trim();
  if (!/^[A-Za-z0-9_.:-]{8,100}$/.test(trimmed)) {
    const check = new InputChecker([]);
    check.fail(field.join('.'), 'INVALID_INPUT', 'An idempotency key is 8–100 letters, digits or _ . : - (a UUID is ideal).');
    check.assert();
  }
  return trimmed;
}

/** What a retry needs of an earlier claim. */
interface EarlierClaim {
  readonly requestHash: string;
  readonly result: unknown;
}

/**
 * Earlier claims by `scope\nkey`, read outside any transaction; concurrent requests share the statement. A plain
 * statement: every idempotent request pays for it, and a MikroORM find costs about ten times its CPU.
 */
const earlierClaims = defineSharedRead<string, EarlierClaim | null>(async (em, ids) => {
  const pairs = [...new Set(ids)].map((id) => id.split('\n') as [string, string]);
  const key = em.getPlatform().quoteIdentifier('key');
  const rows = await selectRows<{ scope: string; key: string; request_hash: string; result: unknown }>(
    em,
    `select scope, ${key}, request_hash, result from idempotency_record where ${pairs.map(() => `(scope = ? and ${key} = ?)`).join(' or ')}`,
    pairs.flat(),
  );
  const byId = new Map(rows.map((row) => [`${row.scope}\n${row.key}`, { requestHash: row.request_hash, result: jsonValue(em, row.result) }]));
  return ids.map((id) => byId.get(id) ?? null);
});

export async function idempotent<R, J>(ctx: Context, userId: number, spec: IdempotentRun<R, J>): Promise<IdempotentResult<R>> {
  const scope = `${spec.operation}:${userId}`;
  const key = checkIdempotencyKey(spec.key);
  const requestHash = createHash('sha256').update(stableJson(spec.input)).digest('hex');
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const earlier = await earlierClaims.get(ctx.app.orm).load(`${scope}\n${key}`);
    if (earlier) return replay(ctx, earlier, requestHash, spec);
    await spec.precheck?.(); // again before a retry: what it read may have changed
    const effect = async (em: EntityManager) => {
      const record = em.create(IdempotencyRecord, { scope, key, requestHash, createdAt: ctx.clock.now() }, { persist: !spec.effectWritesClaim });
      if (!spec.effectWritesClaim) await em.flush();
      let claimed = false;
      const claim = (value: R) => {
        record.result = spec.toJson(value);
        claimed = true;
        return record;
      };
      const value = await spec.run(em, claim);
      if (spec.effectWritesClaim && !claimed) throw new Error(`${spec.operation} did not write its idempotency claim`);
      claim(value);
      return value;
    };
    try {
      const result = spec.atomic && spec.effectWritesClaim ? await effect(ctx.em) : await ctx.em.transactional(effect);
      return { result, replayed: false };
    } catch (error) {
      // A concurrent request with the same key committed first: replay it.
      if (error instanceof UniqueConstraintViolationException) continue;
      throw error;
    }
  }
  throw new Error(`idempotency record ${scope}/${key} kept conflicting`);
}

async function replay<R, J>(ctx: Context, record: EarlierClaim, requestHash: string, spec: IdempotentRun<R, J>): Promise<IdempotentResult<R>> {
  if (record.requestHash !== requestHash) {
    failWith('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used before with different input.', ['input', 'idempotencyKey']);
  }
  return { result: await spec.fromJson(record.result as J, ctx.em), replayed: true };
}

