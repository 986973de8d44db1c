import { setTimeout as sleep } from 'node:timers/promises';
import type { ChangePassword } from '../../../application/accounts/change-password.js';
import type { CloseAccount } from '../../../application/accounts/close-account.js';
import type { ConfirmPasswordReset } from '../../../application/accounts/confirm-password-reset.js';
import type { RequestPasswordReset } from '../../../application/accounts/request-password-reset.js';
import type { UpdateProfile } from '../../../application/accounts/update-profile.js';
import type { Throttle } from '../../../application/shared/throttle.js';
import { WrongPassword } from '../../../domain/errors.js';
import { defineEndpoint } from '../endpoint.js';
import { authJson, profileJson } from '../presenters.js';
import { passwordCheckFailureRules, passwordResetRules, resetConfirmRules } from '../throttle-rules.js';
import {
  AccountClosingBody, AuthJson, PasswordChangeBody, PasswordResetAccepted, PasswordResetBody, PasswordResetConfirmBody, ProfileJson, ProfileUpdateBody,
} from '../schemas/auth.js';

export type AccountUseCases = Readonly<{
  requestPasswordReset: RequestPasswordReset;
  confirmPasswordReset: ConfirmPasswordReset;
  changePassword: ChangePassword;
  updateProfile: UpdateProfile;
  closeAccount: CloseAccount;
}>;

type Limits = Readonly<{ throttle?: Throttle | undefined }>;

/**
 * A reset request is answered no sooner than this: storing a reset and handing its message over
 * happen only for an existing account, and must not show in the response time.
 */
export const RESET_ANSWER_MS = 200;

const ACCEPTED = { message: 'If an account uses this email, a link to choose a new password is on its way.' };

/** Counts a wrong password against the caller's account; other outcomes count nothing. */
async function countingWrongPasswords(throttle: Throttle | undefined, userId: string, work: () => Promise<void>): Promise<void> {
  const failures = passwordCheckFailureRules(userId);
  await throttle?.assertUnder(failures);
  try {
    await work();
  } catch (error) {
    if (error instanceof WrongPassword) await throttle?.record(failures);
    throw error;
  }
}

export const accountEndpoints = (uc: AccountUseCases & Limits) => [
  defineEndpoint({
    method: 'post', path: '/auth/password-reset', operationId: 'requestPasswordReset', tag: 'Auth', auth: 'public',
    summary: 'Send a link to choose a new password',
    description: 'Always 202 with the same body, in about the same time, whether or not an account uses the email. '
      + 'The link works once, for 30 minutes by default; a newer request voids it.',
    body: PasswordResetBody,
    responses: { 202: { description: 'Accepted', schema: PasswordResetAccepted } },
    problems: [400, 413, 415, 429],
    throttle: (ctx, { body }) => passwordResetRules(ctx, body.email),
    async handle(ctx, { body }) {
      const answerAt = performance.now() + RESET_ANSWER_MS;
      await uc.requestPasswordReset.execute(body.email);
      const wait = answerAt - performance.now();
      if (wait > 0) await sleep(wait);
      ctx.status = 202;
      ctx.body = ACCEPTED;
    },
  }),
  defineEndpoint({
    method: 'post', path: '/auth/password-reset/confirm', operationId: 'confirmPasswordReset', tag: 'Auth', auth: 'public',
    summary: "Set a new password with a reset link's token",
    description: 'Every earlier session of the account ends; the answer signs it in afresh. '
      + 'A used, void, expired or unknown token gets 400 INVALID_RESET_TOKEN, whichever it is.',
    body: PasswordResetConfirmBody,
    responses: { 200: { description: 'Password changed and signed in', schema: AuthJson } },
    problems: [400, 413, 415, 429],
    throttle: (ctx) => resetConfirmRules(ctx),
    async handle(ctx, { body }) {
      ctx.body = authJson(await uc.confirmPasswordReset.execute(body));
    },
  }),
  defineEndpoint({
    method: 'post', path: '/auth/password', operationId: 'changePassword', tag: 'Auth', auth: 'user',
    summary: 'Change the password',
    description: 'Every other session of the account ends; this one goes on. A wrong current password is 403 WRONG_PASSWORD.',
    body: PasswordChangeBody,
    responses: { 204: { description: 'Password changed' } },
    problems: [400, 401, 403, 413, 415, 429],
    async handle(ctx, { body, actor }) {
      await countingWrongPasswords(uc.throttle, actor!.userId, () => uc.changePassword.execute(actor!, body));
      ctx.status = 204;
    },
  }),
  defineEndpoint({
    method: 'patch', path: '/auth/profile', operationId: 'updateProfile', tag: 'Auth', auth: 'user',
    summary: "Change the caller's name",
    body: ProfileUpdateBody,
    responses: { 200: { description: 'The profile as changed', schema: ProfileJson } },
    problems: [400, 401, 413, 415],
    async handle(ctx, { body, actor }) {
      ctx.body = profileJson(await uc.updateProfile.execute(actor!, body));
    },
  }),
  defineEndpoint({
    method: 'delete', path: '/auth/profile', operationId: 'closeAccount', tag: 'Auth', auth: 'user',
    summary: 'Close the account',
    description: 'Confirmed with the password. Every session ends, the email and name are erased (the email can register again), '
      + 'and the orders stay, for the shop\'s books, under the closed account. Administrators cannot close theirs (403 FORBIDDEN).',
    body: AccountClosingBody,
    responses: { 204: { description: 'The account is closed' } },
    problems: [400, 401, 403, 413, 415, 429],
    async handle(ctx, { body, actor }) {
      await countingWrongPasswords(uc.throttle, actor!.userId, () => uc.closeAccount.execute(actor!, body.password));
      ctx.status = 204;
    },
  }),
];
