import type { TransitionTable } from '../shared/state-machine';
import { ShopStatus } from './shop.entity';

/** Shop onboarding: reviewed once; a rejected shop registers again. */
export const shopTransitions: TransitionTable<ShopStatus> = {
  [ShopStatus.PENDING_REVIEW]: [ShopStatus.APPROVED, ShopStatus.REJECTED],
  [ShopStatus.APPROVED]: [],
  [ShopStatus.REJECTED]: [],
};
