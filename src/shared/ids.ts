/**
 * Opaque global IDs (Relay): base64url of `Type:dbId`. Clients treat them as strings;
 * the server decodes them and checks the type, so an ID of one type never loads another.
 */
export function toGlobalId(typeName: string, id: number | string): string {
  return Buffer.from(`${typeName}:${id}`, 'utf8').toString('base64url');
}

export interface DecodedGlobalId {
  readonly typeName: string;
  readonly id: number;
}

/** The largest database id: every table's id is a PostgreSQL `serial` (a 4-byte integer). */
const MAX_ID = 2_147_483_647;

/**
 * Decodes a global ID, or returns null when it is malformed or its id is beyond any table's (PostgreSQL would refuse
 * such a number in a statement, and a statement shared by concurrent requests would fail for all of them).
 */
export function fromGlobalId(globalId: string): DecodedGlobalId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200) return null;
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(globalId)) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const match = /^([A-Za-z][A-Za-z0-9]*):([1-9][0-9]{0,9})$/.exec(decoded);
  if (!match) return null;
  const id = Number(match[2]);
  if (id > MAX_ID) return null;
  return { typeName: match[1]!, id };
}

/** Decodes a global ID of the expected type; null when it is malformed or of another type. */
export function decodeIdOf(typeName: string, globalId: string): number | null {
  const decoded = fromGlobalId(globalId);
  return decoded && decoded.typeName === typeName ? decoded.id : null;
}
