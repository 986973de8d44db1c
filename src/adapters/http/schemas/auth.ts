import { z } from 'zod';
import { Id, Timestamp } from './common.js';

// Lengths here are generous caps against abuse; the domain applies the exact policy.
export const RegisterBody = z.strictObject({
  name: z.string().trim().min(1).max(100).meta({ example: 'Ada Lovelace' }),
  email: z.string().max(254).regex(/^\s*[^\s@]+@[^\s@]+\.[^\s@]+\s*$/, 'Enter a valid email address.').meta({ example: 'ada@example.com' }),
  password: z.string().min(15).max(512).meta({ description: '15–128 characters', example: 'correct horse battery' }),
}).meta({ id: 'RegisterRequest' });

export const LoginBody = z.strictObject({
  email: z.string().max(254).meta({ example: 'ada@example.com' }),
  password: z.string().max(512).meta({ example: 'correct horse battery' }),
}).meta({ id: 'LoginRequest' });

export const Role = z.enum(['customer', 'admin']);

export const UserJson = z.object({
  id: Id, name: z.string(), email: z.string(), role: Role,
}).meta({ id: 'User' });

export const ProfileJson = UserJson.extend({ createdAt: Timestamp }).meta({ id: 'Profile' });

export const AuthJson = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().meta({ description: 'Seconds until the token expires' }),
  user: UserJson,
}).meta({ id: 'AuthResponse' });
