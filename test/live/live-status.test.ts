import { describe, expect, it } from 'vitest';
import { FlashSalePhase } from '../../src/live/flash-sale.entity';
import { LiveStreamStatus } from '../../src/live/live-stream.entity';
import { flashSaleTransitions, liveStreamTransitions } from '../../src/live/live-stream.status';
import { maskBuyerName } from '../../src/live/live.events';
import { reachable } from '../../src/shared/state-machine';

describe('live state tables', () => {
  it('reaches every stream status from SCHEDULED, and nothing leaves ENDED', () => {
    expect([...reachable(liveStreamTransitions, LiveStreamStatus.SCHEDULED)].sort()).toEqual(Object.values(LiveStreamStatus).sort());
    expect(liveStreamTransitions[LiveStreamStatus.ENDED]).toEqual([]);
  });

  it('reaches every flash sale phase from SCHEDULED, and nothing leaves ENDED', () => {
    expect([...reachable(flashSaleTransitions, FlashSalePhase.SCHEDULED)].sort()).toEqual(Object.values(FlashSalePhase).sort());
    expect(flashSaleTransitions[FlashSalePhase.ENDED]).toEqual([]);
  });
});

describe('masked buyer names', () => {
  it.each([
    ['Budi', 'B***i'],
    ['  Siti Rahma ', 'S***a'],
    ['A', 'A***'],
    ['Ñoño 😀', 'Ñ***😀'],
    ['', '***'],
  ])('masks %j as %j', (name, masked) => {
    expect(maskBuyerName(name)).toBe(masked);
  });
});
