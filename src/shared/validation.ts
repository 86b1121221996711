/**
 * Input checks that report every problem at once as user errors with field paths (`["input", "email"]`).
 */
import { commonErrorCodes, userError, UserErrorsException, type UserError } from './user-error';

type Code = keyof typeof commonErrorCodes | (string & {});

/** Characters no text field takes: C0 controls but tab and line breaks, and DEL (PostgreSQL cannot even store NUL). */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export class InputChecker {
  readonly errors: UserError[] = [];

  constructor(private readonly root: readonly string[] = ['input']) {}

  fail(field: string | null, code: Code, message: string): void {
    this.errors.push(userError(code, message, field === null ? undefined : [...this.root, ...field.split('.')]));
  }

  /** Trims and checks a required text; returns the trimmed value. */
  text(field: string, value: string, min: number, max: number, label = field): string {
    const trimmed = value.trim();
    if (CONTROL_CHARACTERS.test(trimmed)) this.fail(field, 'INVALID_INPUT', `${label} cannot contain control characters.`);
    else if (trimmed.length < min) {
      this.fail(field, 'INVALID_INPUT', min <= 1 ? `${label} is required.` : `${label} needs at least ${min} characters.`);
    } else if (trimmed.length > max) this.fail(field, 'INVALID_INPUT', `${label} can have at most ${max} characters.`);
    return trimmed;
  }

  /** Trims an optional text; empty becomes null. */
  optionalText(field: string, value: string | null | undefined, max: number, label = field): string | null {
    if (value == null) return null;
    const trimmed = value.trim();
    if (trimmed.length === 0) return null;
    if (CONTROL_CHARACTERS.test(trimmed)) this.fail(field, 'INVALID_INPUT', `${label} cannot contain control characters.`);
    else if (trimmed.length > max) this.fail(field, 'INVALID_INPUT', `${label} can have at most ${max} characters.`);
    return trimmed;
  }

  matches(field: string, value: string, pattern: RegExp, message: string): void {
    if (value !== '' && !pattern.test(value)) this.fail(field, 'INVALID_INPUT', message);
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** Throws the collected errors, if any, so the mutation returns them as `userErrors`. */
  assert(): void {
    if (!this.ok) throw new UserErrorsException(this.errors);
  }
}

/** A pragmatic email check: one @, a dot in the domain, no spaces, at most 254 characters. */
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** An absolute https URL of at most `max` characters (http is allowed for localhost, for demos). */
export function isWebUrl(value: string, max = 500): boolean {
  if (value.length > max) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname));
  } catch {
    return false;
  }
}
