/** User error codes owned by accounts. */
export const accountErrorCodes = {
  EMAIL_TAKEN: 'An account with this email exists already.',
  WEAK_PASSWORD: 'The password is too short, too long or too easy to guess.',
  INVALID_CREDENTIALS: 'The email or password is wrong.',
} as const;
export type AccountErrorCode = keyof typeof accountErrorCodes;
