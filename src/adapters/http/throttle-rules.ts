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

/** Refresh tokens can't be guessed (256 bits); this only bounds the work one client can cause. */
export const refreshRules = (ctx: Context): ThrottleRule[] => [
  { rule: 'refresh-ip', key: `refresh:ip:${ctx.ip}`, limit: 60, windowMs: MINUTE },
];

/**
 * Counted whether or not an account has the email, so a refusal says nothing about it. Per email:
 * nobody floods an inbox; per address: nobody walks a list of emails.
 */
export const passwordResetRules = (ctx: Context, email: string): ThrottleRule[] => [
  { rule: 'reset-ip', key: `reset:ip:${ctx.ip}`, limit: 10, windowMs: 15 * MINUTE },
  { rule: 'reset-email', key: `reset:email:${accountOf(email)}`, limit: 3, windowMs: 15 * MINUTE },
];

/** Confirmations from one address: guessing a token is hopeless, and stays slow. */
export const resetConfirmRules = (ctx: Context): ThrottleRule[] => [
  { rule: 'reset-confirm-ip', key: `reset-confirm:ip:${ctx.ip}`, limit: 10, windowMs: 15 * MINUTE },
];

/** Wrong passwords given by a signed-in caller (changing the password, closing the account): only failures count. */
export const passwordCheckFailureRules = (userId: string): ThrottleRule[] => [
  { rule: 'password-fail-user', key: `password:fail:${userId}`, limit: 5, windowMs: 5 * MINUTE },
];
