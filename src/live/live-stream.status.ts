/**
 * The state tables of live streams and flash sales (plain data, STYLE 3), and the one function per table that
 * writes the status, with its outbox event in the caller's unit of work.
 */
import type { EntityManager } from '@mikro-orm/core';
import type { Clock } from '../shared/clock';
import { assertTransition, type TransitionTable } from '../shared/state-machine';
import { FlashSalePhase, type FlashSale } from './flash-sale.entity';
import { LiveStreamStatus, type LiveStream } from './live-stream.entity';
import { LiveEventType, recordFlashSaleEvent, recordLiveEvent } from './live.events';

/** Scheduled → on air → over; a scheduled stream can also be called off (ENDED without going LIVE). */
export const liveStreamTransitions: TransitionTable<LiveStreamStatus> = {
  [LiveStreamStatus.SCHEDULED]: [LiveStreamStatus.LIVE, LiveStreamStatus.ENDED],
  [LiveStreamStatus.LIVE]: [LiveStreamStatus.ENDED],
  [LiveStreamStatus.ENDED]: [],
};

/** Countdown → running → over; a sale can also end during its countdown. Sold out is not a phase (units may come back). */
export const flashSaleTransitions: TransitionTable<FlashSalePhase> = {
  [FlashSalePhase.SCHEDULED]: [FlashSalePhase.ACTIVE, FlashSalePhase.ENDED],
  [FlashSalePhase.ACTIVE]: [FlashSalePhase.ENDED],
  [FlashSalePhase.ENDED]: [],
};

/** Moves a stream to `to` (or fails with INVALID_TRANSITION), stamps the time and writes the status event. */
export function writeStreamStatus(em: EntityManager, clock: Clock, stream: LiveStream, to: LiveStreamStatus): void {
  const from = stream.status;
  assertTransition(liveStreamTransitions, from, to, 'The live stream', ['input', 'liveStreamId']);
  const now = clock.now();
  stream.status = to;
  stream.updatedAt = now;
  if (to === LiveStreamStatus.LIVE) stream.startedAt = now;
  if (to === LiveStreamStatus.ENDED) stream.endedAt = now;
  recordLiveEvent(em, clock, stream.id, LiveEventType.STATUS_CHANGED, { from, to });
}

const PHASE_EVENTS: Partial<Record<FlashSalePhase, LiveEventType>> = {
  [FlashSalePhase.ACTIVE]: LiveEventType.FLASH_SALE_STARTED,
  [FlashSalePhase.ENDED]: LiveEventType.FLASH_SALE_ENDED,
};

/** Moves a flash sale to `to` (or fails with INVALID_TRANSITION) and writes its STARTED or ENDED event. */
export function writeFlashSalePhase(em: EntityManager, clock: Clock, sale: FlashSale, to: FlashSalePhase): void {
  assertTransition(flashSaleTransitions, sale.phase, to, 'The flash sale', ['input', 'flashSaleId']);
  sale.phase = to;
  if (to === FlashSalePhase.ENDED) sale.endedAt = clock.now();
  recordFlashSaleEvent(em, clock, sale, PHASE_EVENTS[to]!);
}
