import type { Context } from 'koa';
import type { ThrottleRule } from '../../application/shared/throttle.js';
import { normaliseEmail } from '../../domain/user.js';

const MINUTE = 60_000;

const accountOf = (email: string) => {
  try {
    return normaliseEmail(email);
  } catch {
    // Not an email: no account has it, but guessing with it is still counted, under the text given.
    return email.trim().toLowerCase();
  }
};

/** Every login attempt from one client address counts (password spraying). */
export const loginAddressRules = (ctx: Context): ThrottleRule[] => [
  { rule: 'login-ip', key: `login:ip:${ctx.ip}`, limit: 20, windowMs: MINUTE },
];

/**
 * Only *failed* logins count against an account, so its owner logging in never uses them up:
 * per account and address (one guesser), and per account (guessers on many addresses). The
 * windows are short, so an attacker can only delay the owner while attacking, never lock them out.
 */
export const loginFailureRules = (ctx: Context, email: string): ThrottleRule[] => [
  { rule: 'login-fail-account-ip', key: `login:fail:${accountOf(email)}:${ctx.ip}`, limit: 5, windowMs: 5 * MINUTE },
  { rule: 'login-fail-account', key: `login:fail:${accountOf(email)}`, limit: 10, windowMs: 5 * MINUTE },
];

export const registerRules = (ctx: Context): ThrottleRule[] => [
  { rule: 'register-ip', key: `register:ip:${ctx.ip}`, limit: 10, windowMs: 10 * MINUTE },
];

export const orderRules = (userId: string): ThrottleRule[] => [
  { rule: 'orders-user', key: `orders:user:${userId}`, limit: 30, windowMs: MINUTE },
];
