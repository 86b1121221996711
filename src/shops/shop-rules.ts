/**
 * Onboarding rules as data: reserved words, name and handle shapes, banks. Changing a rule is a data change.
 */
export const shopRules = {
  name: { min: 3, max: 40, pattern: /^[\p{L}\p{N}][\p{L}\p{N} &'.-]*$/u },
  handle: { min: 3, max: 30, pattern: /^[a-z0-9][a-z0-9._-]*$/ },
  /** Words a shop name or handle may not contain (compared without case, spaces or punctuation). */
  reservedWords: ['kedai', 'kedailive', 'admin', 'administrator', 'official', 'resmi', 'support', 'moderator', 'tiktok', 'system'],
  /** Most shops one user may register. */
  maxShopsPerOwner: 3,
  /** Confirmation code lifetime, attempts and resend cooldown. */
  emailCode: { ttlMinutes: 15, maxAttempts: 5, resendCooldownSeconds: 60 },
  identityNumber: {
    KTP: /^\d{16}$/,
    PASSPORT: /^[A-Z0-9]{6,9}$/,
    NPWP: /^\d{15,16}$/,
    NIB: /^\d{13}$/,
  } as Record<string, RegExp>,
  bankAccountNumber: /^\d{6,20}$/,
} as const;

/** The reserved word a name contains, if any. */
export function reservedWordIn(value: string): string | null {
  const flat = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  return shopRules.reservedWords.find((word) => flat.includes(word)) ?? null;
}

/** Shows only the last four characters: `••••••••••••3456`. */
export function maskNumber(value: string): string {
  return `${'•'.repeat(Math.max(0, value.length - 4))}${value.slice(-4)}`;
}
