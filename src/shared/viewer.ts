/** Who is calling: decided once per request (HTTP) or per connection (WebSocket). */
import { registerEnumType } from 'type-graphql';

export enum Role {
  BUYER = 'BUYER',
  SELLER = 'SELLER',
  ADMIN = 'ADMIN',
  CARRIER = 'CARRIER',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What a user may do on the platform. A user can hold several roles.',
  valuesConfig: {
    BUYER: { description: 'Browses, buys, follows orders and chats with shops. Every account has it.' },
    SELLER: { description: 'Member of at least one approved shop: lists products, runs lives, handles orders.' },
    ADMIN: { description: 'Platform staff: reviews shops and products, resolves claims.' },
    CARRIER: { description: 'A carrier integration account that records shipment events.' },
  },
});

export type Viewer =
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'user'; readonly userId: number; readonly roles: readonly Role[] }
  /** A stream's overlay page (an overlay token): only that stream's public data and events (src/server/overlay-access.ts). */
  | { readonly kind: 'overlay'; readonly tokenId: number; readonly liveStreamId: number };

export const anonymousViewer: Viewer = Object.freeze({ kind: 'anonymous' });

export function viewerUserId(viewer: Viewer): number | null {
  return viewer.kind === 'user' ? viewer.userId : null;
}

export function hasRole(viewer: Viewer, role: Role): boolean {
  return viewer.kind === 'user' && viewer.roles.includes(role);
}
