/** Product reviews and rating summaries (depends on catalog and orders; neither depends on it). */
import type { NodeFetcher } from '../shared/context';

export const reviewEntities: Function[] = [];
export const reviewResolvers: Function[] = [];
export const reviewErrors: Record<string, string> = {};
export const reviewNodes: NodeFetcher[] = [];
