import type { Context } from 'koa';
import type { ThrottleRule } from '../../application/throttle.js';

const MINUTE = 60_000;

/**
 * Login: per client address (password spraying) and per account (guessing one password from many
 * addresses). Windows are short so an attacker can only delay, never lock out, the real owner.
 */
export const loginRules = (ctx: Context, email: string): ThrottleRule[] => [
  { key: `login:ip:${ctx.ip}`, limit: 20, windowMs: MINUTE },
  { key: `login:account:${email.trim().toLowerCase()}`, limit: 5, windowMs: 5 * MINUTE },
];

export const registerRules = (ctx: Context): ThrottleRule[] => [
  { key: `register:ip:${ctx.ip}`, limit: 10, windowMs: 10 * MINUTE },
];

export const orderRules = (userId: string): ThrottleRule[] => [
  { key: `orders:user:${userId}`, limit: 30, windowMs: MINUTE },
];
