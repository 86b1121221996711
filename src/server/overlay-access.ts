/**
 * What an overlay token may run, decided in one place for HTTP and WebSocket: operations whose root fields are all on
 * the allow-list below. Everything else is FORBIDDEN before anything executes, so no resolver has to know about
 * overlay viewers (the only other check: `visibleLiveStream` shows an overlay viewer its own stream only). A revoked
 * token is UNAUTHENTICATED here too, so a WebSocket opened before the revocation cannot start anything new.
 */
import { Kind, type DocumentNode, type FragmentDefinitionNode, type GraphQLError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { EntityManager } from '@mikro-orm/core';
import { assertOverlayTokenWorks } from '../live/overlay-token.service';
import { forbidden } from '../shared/errors';
import type { Viewer } from '../shared/viewer';

/** Root fields an overlay viewer may select, per operation type. */
const OVERLAY_ROOT_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  query: new Set(['liveStream', '__typename']),
  subscription: new Set(['liveStreamEvents', '__typename']),
  mutation: new Set(),
};

/** The root field names an operation selects, through fragments. */
function rootFields(selectionSet: SelectionSetNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [selection.name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const name = selection.name.value;
    const fragment = fragments.get(name);
    if (!fragment || seen.has(name)) return [];
    seen.add(name);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

/**
 * The error that refuses `operation` to `viewer`, or null when it may run. Other viewers always may, and only an
 * overlay viewer's check asks for an EntityManager (`em`).
 */
export async function overlayAccessError(em: () => EntityManager, viewer: Viewer, document: DocumentNode, operation: OperationDefinitionNode): Promise<GraphQLError | null> {
  if (viewer.kind !== 'overlay') return null;
  try {
    await assertOverlayTokenWorks(em(), viewer);
  } catch (error) {
    return error as GraphQLError;
  }
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const allowed = OVERLAY_ROOT_FIELDS[operation.operation]!;
  const refused = rootFields(operation.selectionSet, fragments).filter((name) => !allowed.has(name));
  return refused.length === 0 ? null : forbidden(`An overlay token may only read its live stream and follow its events, not ${refused.join(', ')}.`);
}
