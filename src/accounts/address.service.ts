/** The viewer's address book: at most {@link MAX_ADDRESSES}, exactly one default while any exist. */
import type { Context } from '../shared/context';
import { decodeIdOf, toGlobalId } from '../shared/ids';
import { paginate, type ConnectionArgs } from '../shared/pagination';
import { failWith } from '../shared/user-error';
import { InputChecker } from '../shared/validation';
import { recordAccountUpdated, requireViewerUser } from './account.service';
import type { AddAddressInput, RemoveAddressInput, UpdateAddressInput } from './account.inputs';
import { Address } from './address.entity';

export const MAX_ADDRESSES = 10;

type AddressFields = Omit<AddAddressInput, 'isDefault'>;

/** Normalises Indonesian phone numbers (+62…, 62…, 08…) to +62…; null when it is not one. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, '');
  const match = /^(?:\+62|62|0)(8\d{7,12}|[2-9]\d{7,10})$/.exec(compact);
  return match ? `+62${match[1]}` : null;
}

/**
 * Checks and normalises Indonesian postal-address fields; a field left out (undefined or null) is not checked, so
 * partial updates work. `prefix` places errors under a nested input (`warehouseAddress.`); `recipientField` names
 * the recipient field as the input calls it.
 */
export function checkAddressFields(
  check: InputChecker,
  fields: { [K in keyof AddressFields]?: AddressFields[K] | null },
  prefix = '',
  recipientField = 'recipientName',
): Partial<Address> {
  const at = (field: string) => `${prefix}${field}`;
  const out: Partial<Address> = {};
  if (fields.label !== undefined) out.label = check.optionalText(at('label'), fields.label, 40, 'Label');
  if (fields.recipientName != null) out.recipientName = check.text(at(recipientField), fields.recipientName, 1, 80, 'Recipient name');
  if (fields.phone != null) {
    const phone = normalisePhone(fields.phone);
    if (phone) out.phone = phone;
    else check.fail(at('phone'), 'INVALID_INPUT', 'Phone must be an Indonesian number such as 0812 3456 7890 or +62 812 3456 7890.');
  }
  if (fields.line1 != null) out.line1 = check.text(at('line1'), fields.line1, 1, 200, 'Address line');
  if (fields.line2 !== undefined) out.line2 = check.optionalText(at('line2'), fields.line2, 200, 'Second address line');
  if (fields.district != null) out.district = check.text(at('district'), fields.district, 1, 80, 'District');
  if (fields.city != null) out.city = check.text(at('city'), fields.city, 1, 80, 'City');
  if (fields.province != null) out.province = check.text(at('province'), fields.province, 1, 80, 'Province');
  if (fields.postalCode != null) {
    out.postalCode = fields.postalCode.trim();
    if (!/^\d{5}$/.test(out.postalCode)) check.fail(at('postalCode'), 'INVALID_INPUT', 'Postal code must be five digits.');
  }
  return out;
}

export async function listAddresses(ctx: Context, userId: number, args: ConnectionArgs) {
  return paginate(ctx.em, Address, { user: userId }, args, { sortField: 'createdAt', direction: 'DESC' });
}

export async function addAddress(ctx: Context, input: AddAddressInput): Promise<Address> {
  const user = await requireViewerUser(ctx);
  const check = new InputChecker();
  const fields = checkAddressFields(check, input);
  check.assert();

  const existing = await ctx.em.find(Address, { user }, { orderBy: { id: 'ASC' } });
  if (existing.length >= MAX_ADDRESSES) {
    failWith('LIMIT_REACHED', `You can keep at most ${MAX_ADDRESSES} addresses. Remove one first.`);
  }
  const now = ctx.clock.now();
  const makeDefault = existing.length === 0 || input.isDefault === true;
  if (makeDefault) for (const other of existing) other.isDefault = false;
  const address = ctx.em.create(Address, {
    ...(fields as AddressFields),
    label: fields.label ?? null,
    line2: fields.line2 ?? null,
    user,
    countryCode: 'ID',
    isDefault: makeDefault,
    createdAt: now,
    updatedAt: now,
  });
  recordAccountUpdated(ctx, user.id, 'ADDRESS_ADDED');
  await ctx.em.flush();
  return address;
}

async function ownAddress(ctx: Context, userId: number, globalId: string): Promise<Address> {
  const id = decodeIdOf('Address', globalId);
  const address = id === null ? null : await ctx.em.findOne(Address, { id, user: userId });
  if (!address) failWith('NOT_FOUND', 'No such address in your address book.', ['input', 'addressId']);
  return address;
}

export async function updateAddress(ctx: Context, input: UpdateAddressInput): Promise<Address> {
  const user = await requireViewerUser(ctx);
  const address = await ownAddress(ctx, user.id, input.addressId);
  const check = new InputChecker();
  const fields = checkAddressFields(check, input);
  if (input.isDefault === false && address.isDefault) {
    check.fail('isDefault', 'INVALID_INPUT', 'Make another address the default instead of unsetting this one.');
  }
  check.assert();

  ctx.em.assign(address, { ...fields, updatedAt: ctx.clock.now() });
  if (input.isDefault === true && !address.isDefault) {
    const others = await ctx.em.find(Address, { user, isDefault: true });
    for (const other of others) other.isDefault = false;
    address.isDefault = true;
  }
  recordAccountUpdated(ctx, user.id, 'ADDRESS_UPDATED');
  await ctx.em.flush();
  return address;
}

export async function removeAddress(ctx: Context, input: RemoveAddressInput) {
  const user = await requireViewerUser(ctx);
  const address = await ownAddress(ctx, user.id, input.addressId);
  const removedAddressId = toGlobalId('Address', address.id);
  let defaultAddress = await ctx.em.findOne(Address, { user, isDefault: true, id: { $ne: address.id } });
  if (!defaultAddress) {
    defaultAddress = await ctx.em.findOne(Address, { user, id: { $ne: address.id } }, { orderBy: { createdAt: 'DESC', id: 'DESC' } });
    if (defaultAddress) defaultAddress.isDefault = true;
  }
  ctx.em.remove(address);
  recordAccountUpdated(ctx, user.id, 'ADDRESS_REMOVED');
  await ctx.em.flush();
  return { removedAddressId, defaultAddress };
}
