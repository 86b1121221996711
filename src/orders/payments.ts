/** Payments: registered into the orders feature from here. */
import type { NodeFetcher } from '../shared/context';

export const paymentEntities: Function[] = [];
export const paymentResolvers: Function[] = [];
export const paymentErrors: Record<string, string> = {};
export const paymentNodes: NodeFetcher[] = [];
