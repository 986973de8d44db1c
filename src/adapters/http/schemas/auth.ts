import { z } from 'zod';
import { MAX_EMAIL_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../domain/user.js';
import { Id, Timestamp, storedText } from './common.js';

/**
 * The domain's password rule, which counts code points, as JSON Schema's `minLength`/`maxLength`
 * do. zod counts UTF-16 units, so it checks the least a valid password has and the most one can
 * have (a code point is one or two units); the domain applies the exact rule.
 */
const Password = z.string().min(PASSWORD_MIN_LENGTH).max(2 * PASSWORD_MAX_LENGTH)
  .meta({ maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery' });

const Name = storedText(z.string()).trim().min(1).max(100).meta({ example: 'Ada Lovelace' });

export const RegisterBody = z.strictObject({
  name: Name,
  email: storedText(z.string()).max(MAX_EMAIL_LENGTH).regex(/^\s*[^\s@]+@[^\s@]+\.[^\s@]+\s*$/, 'Enter a valid email address.').meta({ example: 'ada@example.com' }),
  password: Password.meta({ description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters` }),
}).meta({ id: 'RegisterRequest' });

// Only caps here: a password the register rule would refuse is just a wrong one (401), as LogIn answers it.
export const LoginBody = z.strictObject({
  email: z.string().max(MAX_EMAIL_LENGTH).meta({ example: 'ada@example.com' }),
  password: z.string().max(2 * PASSWORD_MAX_LENGTH).meta({ maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery' }),
}).meta({ id: 'LoginRequest' });

export const Role = z.enum(['customer', 'admin']);

export const UserJson = z.object({
  id: Id, name: z.string(), email: z.string(), role: Role,
}).meta({ id: 'User' });

export const ProfileJson = UserJson.extend({ createdAt: Timestamp }).meta({ id: 'Profile' });

export const AuthJson = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().meta({ description: 'Seconds until the access token expires' }),
  refresh_token: z.string().meta({ description: 'Trade it at POST /api/auth/refresh for a new pair before the session ends; each one works once' }),
  user: UserJson,
}).meta({ id: 'AuthResponse' });

/** Opaque values of 43 characters; the cap only keeps junk out. */
const Secret = z.string().min(1).max(256);

export const RefreshBody = z.strictObject({
  refresh_token: Secret.meta({ description: 'The refresh_token of the last sign-in or refresh' }),
}).meta({ id: 'RefreshRequest' });

export const PasswordResetBody = z.strictObject({
  email: z.string().max(MAX_EMAIL_LENGTH).meta({ example: 'ada@example.com' }),
}).meta({ id: 'PasswordResetRequest' });

export const PasswordResetAccepted = z.object({ message: z.string() }).meta({ id: 'PasswordResetAccepted' });

export const PasswordResetConfirmBody = z.strictObject({
  token: Secret.meta({ description: 'The `token` query parameter of the reset link' }),
  password: Password.meta({ description: `The new password, ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters` }),
}).meta({ id: 'PasswordResetConfirmation' });

const CurrentPassword = z.string().max(2 * PASSWORD_MAX_LENGTH).meta({ maxLength: PASSWORD_MAX_LENGTH, example: 'correct horse battery' });

export const PasswordChangeBody = z.strictObject({
  currentPassword: CurrentPassword,
  newPassword: Password.meta({ description: `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`, example: 'a brand new passphrase' }),
}).meta({ id: 'PasswordChange' });

export const ProfileUpdateBody = z.strictObject({ name: Name }).meta({ id: 'ProfileUpdate' });

export const AccountClosingBody = z.strictObject({ password: CurrentPassword }).meta({ id: 'AccountClosing' });
