import { describe, expect, it } from 'vitest';
import { CurrencyCode, money, parseMoney } from '../../src/shared/money';
import { decodeIdOf, fromGlobalId, toGlobalId } from '../../src/shared/ids';

describe('money', () => {
  it('formats integer minor units as exact decimal strings', () => {
    expect(money(15_000_000)).toEqual({ amount: '150000.00', currencyCode: 'IDR' });
    expect(money(5)).toMatchObject({ amount: '0.05' });
    expect(money(-250)).toMatchObject({ amount: '-2.50' });
    expect(money(120_000, CurrencyCode.VND)).toMatchObject({ amount: '120000' });
    expect(money(900_719_925_474_099_1n)).toMatchObject({ amount: '90071992547409.91' });
  });

  it('parses decimal strings into minor units and refuses anything else', () => {
    expect(parseMoney('150000')).toBe(15_000_000);
    expect(parseMoney('150000.5')).toBe(15_000_050);
    expect(parseMoney(' 0.05 ')).toBe(5);
    expect(parseMoney('120000', CurrencyCode.VND)).toBe(120_000);
    for (const bad of ['', '-1', '1.234', '1e5', '1,000', 'abc', '12.5', '99999999999999']) {
      expect(parseMoney(bad, bad === '12.5' ? CurrencyCode.VND : CurrencyCode.IDR)).toBeNull();
    }
  });
});

describe('global ids', () => {
  it('round-trips and checks the type', () => {
    const id = toGlobalId('Address', 42);
    expect(fromGlobalId(id)).toEqual({ typeName: 'Address', id: 42 });
    expect(decodeIdOf('Address', id)).toBe(42);
    expect(decodeIdOf('User', id)).toBeNull();
  });

  it('decodes ids up to the largest a table holds, and no further', () => {
    expect(decodeIdOf('Product', toGlobalId('Product', 2_147_483_647))).toBe(2_147_483_647);
    for (const id of ['2147483648', '3000000000', '9007199254740991', '99999999999999999']) expect(decodeIdOf('Product', toGlobalId('Product', id))).toBeNull();
  });

  it('rejects malformed ids instead of throwing', () => {
    for (const bad of ['', '!!', toGlobalId('User', 0), Buffer.from('User:abc').toString('base64url'), 'x'.repeat(300)]) {
      expect(fromGlobalId(bad)).toBeNull();
    }
  });
});
