/**
 * Expected business failures are data: `userErrors: [UserError!]!` on every mutation payload.
 * Each feature owns its codes (`<feature>.errors.ts`, a map of code → description); `src/features.ts` registers
 * them all, so the schema has one closed `UserErrorCode` enum and a service can only name a code that exists.
 */
import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** Codes any feature may use. */
export const commonErrorCodes = {
  INVALID_INPUT: 'A field is missing, too long, too short or badly formatted; `field` names it.',
  NOT_FOUND: 'An object named in the input does not exist or is not visible to you.',
  LIMIT_REACHED: 'You already have the most objects of this kind allowed.',
  IDEMPOTENCY_KEY_REUSED: 'This idempotency key was used before with different input.',
  VERSION_CONFLICT: 'The object changed since you read it; reload and try again.',
  INVALID_TRANSITION: 'The object is not in a state that allows this; the message names both states.',
  FORBIDDEN: 'You may see this object but not change it this way.',
} as const;

export type CodeMap = Readonly<Record<string, string>>;

/** The single enum of all codes, filled by {@link registerUserErrorCodes} before the schema is built. */
const userErrorCodeEnum: Record<string, string> = {};
const userErrorCodeDescriptions: Record<string, { description: string }> = {};

registerEnumType(userErrorCodeEnum, {
  name: 'UserErrorCode',
  description: 'Why a mutation did not do what was asked. A closed list: clients can switch on it.',
  valuesConfig: userErrorCodeDescriptions,
});

export function registerUserErrorCodes(...maps: CodeMap[]): void {
  for (const map of maps) {
    for (const [code, description] of Object.entries(map)) {
      userErrorCodeEnum[code] = code;
      userErrorCodeDescriptions[code] = { description };
    }
  }
}

@ObjectType({ description: 'An expected failure of a mutation: nothing was changed for this reason.' })
export class UserError {
  @Field(() => userErrorCodeEnum, { description: 'What went wrong, from a closed list.' })
  code!: string;

  @Field(() => [String], {
    nullable: true,
    description: 'Path to the input field at fault, e.g. ["input", "email"]; null when no single field is.',
  })
  field?: string[] | null;

  @Field({ description: 'A human-readable explanation, in English, safe to show to the user.' })
  message!: string;
}

/** Builds a user error; `C` narrows the code to the caller's own code maps. */
export function userError<C extends string>(code: C, message: string, field?: readonly string[]): UserError {
  return Object.assign(new UserError(), { code, message, field: field ? [...field] : null });
}

/** Thrown inside a service to abort a unit of work with user errors; caught by `withUserErrors`. */
export class UserErrorsException extends Error {
  constructor(readonly userErrors: UserError[]) {
    super(userErrors.map((e) => e.message).join('; '));
  }
}

/**
 * Runs a mutation's service call and shapes its payload: the result with empty `userErrors`, or `failed`
 * with the user errors the service threw. Anything else propagates to the error-masking layer.
 */
export async function toPayload<T extends object>(
  failed: { [K in keyof T]: null },
  run: () => Promise<T>,
): Promise<{ [K in keyof T]: T[K] | null } & { userErrors: UserError[] }> {
  try {
    return { ...(await run()), userErrors: [] };
  } catch (error) {
    if (error instanceof UserErrorsException) return { ...failed, userErrors: error.userErrors };
    throw error;
  }
}

/** Throws a single user error. */
export function failWith(code: string, message: string, field?: readonly string[]): never {
  throw new UserErrorsException([userError(code, message, field)]);
}
