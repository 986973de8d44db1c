import { InvalidInput } from './errors.js';

export type Role = 'customer' | 'admin';
export const ROLES: readonly Role[] = ['customer', 'admin'];

export type User = Readonly<{
  id: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
  createdAt: Date;
  /** Set when its owner closed the account: the personal data is gone and nobody can sign in. */
  closedAt?: Date;
}>;

/** RFC 5321's longest path (256) less its angle brackets. */
export const MAX_EMAIL_LENGTH = 254;

/** Emails are compared case-insensitively and without surrounding blanks; stored normalised. */
export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw new InvalidInput('Enter a valid email address.', 'email');
  }
  return email;
}

/** NIST SP 800-63B-4: 15 characters when the password is the only factor (no MFA here). */
export const PASSWORD_MIN_LENGTH = 15;
/** Checked before hashing: a megabyte password must not cost a megabyte of hashing. */
export const PASSWORD_MAX_LENGTH = 128;

export function checkPasswordPolicy(password: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new InvalidInput(
      `Password must be between ${PASSWORD_MIN_LENGTH} and ${PASSWORD_MAX_LENGTH} characters.`,
      'password',
    );
  }
}

/** What replaces a closed account's email: never a valid address, so nobody can register or sign in with it. */
export const closedEmail = (id: string) => `closed:${id}`;

/**
 * The account as kept for the shop's books once its owner closed it: the email and name
 * replaced, the password hash dropped (no password matches it). The email can register again.
 */
export function closeAccount(user: User, at: Date): User {
  return { ...user, email: closedEmail(user.id), name: 'Closed account', passwordHash: '', closedAt: at };
}

export const isClosed = (user: User): boolean => user.closedAt !== undefined;

/** A display name: 1 to 100 characters once trimmed. */
export function checkName(raw: string): string {
  const name = raw.trim();
  if (name.length < 1 || name.length > 100) throw new InvalidInput('Name must be between 1 and 100 characters.', 'name');
  return name;
}
