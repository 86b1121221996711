/** Shoppable videos: registered into the catalog feature from here. */
import type { NodeFetcher } from '../shared/context';

export const videoEntities: Function[] = [];
export const videoResolvers: Function[] = [];
export const videoNodes: NodeFetcher[] = [];
