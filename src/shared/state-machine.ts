/**
 * State tables as plain data (STYLE 3). A table is a mapped type over the status enum, so a status missing from the
 * table is a compile error; `assertTransition` turns an illegal move into the INVALID_TRANSITION user error.
 */
import { failWith } from './user-error';

export type TransitionTable<S extends string> = { readonly [K in S]: readonly S[] };

export function canTransition<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from].includes(to);
}

export function assertTransition<S extends string>(table: TransitionTable<S>, from: S, to: S, what: string, field?: string[]): void {
  if (!canTransition(table, from, to)) {
    failWith('INVALID_TRANSITION', `${what} cannot go from ${from} to ${to}.`, field);
  }
}

/** Every status reachable from `start` (for reachability tests). */
export function reachable<S extends string>(table: TransitionTable<S>, start: S): Set<S> {
  const seen = new Set<S>([start]);
  const queue: S[] = [start];
  while (queue.length > 0) {
    for (const next of table[queue.shift()!]) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
