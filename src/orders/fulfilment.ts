/** Fulfilment (seller order center, shipping hand-over, carrier events, receipt): registered from here. */
import type { NodeFetcher } from '../shared/context';

export const fulfilmentEntities: Function[] = [];
export const fulfilmentResolvers: Function[] = [];
export const fulfilmentErrors: Record<string, string> = {};
export const fulfilmentNodes: NodeFetcher[] = [];
