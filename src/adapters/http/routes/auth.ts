import type { GetProfile } from '../../../application/accounts/get-profile.js';
import type { LogIn } from '../../../application/accounts/log-in.js';
import type { LogOut } from '../../../application/accounts/log-out.js';
import type { LogOutEverywhere } from '../../../application/accounts/log-out-everywhere.js';
import type { RefreshSession } from '../../../application/accounts/refresh-session.js';
import type { RegisterUser } from '../../../application/accounts/register-user.js';
import type { Throttle } from '../../../application/shared/throttle.js';
import { InvalidCredentials } from '../../../domain/errors.js';
import { defineEndpoint } from '../endpoint.js';
import { loginAddressRules, loginFailureRules, refreshRules, registerRules } from '../throttle-rules.js';
import { authJson, profileJson } from '../presenters.js';
import { AuthJson, LoginBody, ProfileJson, RefreshBody, RegisterBody } from '../schemas/auth.js';

export type AuthUseCases = Readonly<{
  registerUser: RegisterUser;
  logIn: LogIn;
  getProfile: GetProfile;
  refreshSession: RefreshSession;
  logOut: LogOut;
  logOutEverywhere: LogOutEverywhere;
}>;

/** Absent: no rate limits (tests of other behaviour only). */
type Limits = Readonly<{ throttle?: Throttle | undefined }>;

const LEGACY = 'Access tokens issued before sessions existed (they carry no `sid`) name no session: they stay valid until they expire and cannot be revoked.';

export const authEndpoints = (uc: AuthUseCases & Limits) => [
  defineEndpoint({
    method: 'post', path: '/auth/register', operationId: 'register', tag: 'Auth', auth: 'public',
    summary: 'Create a customer account and get an access token',
    body: RegisterBody,
    responses: { 201: { description: 'Account created and signed in', schema: AuthJson } },
    problems: [400, 409, 413, 415, 429],
    throttle: (ctx) => registerRules(ctx),
    async handle(ctx, { body }) {
      ctx.status = 201;
      ctx.body = authJson(await uc.registerUser.execute(body));
    },
  }),
  defineEndpoint({
    method: 'post', path: '/auth/login', operationId: 'login', tag: 'Auth', auth: 'public',
    summary: 'Exchange email and password for an access token',
    description: 'A wrong email and a wrong password get the same 401, in the same time. Each login starts a session.',
    body: LoginBody,
    responses: { 200: { description: 'Logged in', schema: AuthJson } },
    problems: [400, 401, 413, 415, 429],
    throttle: (ctx) => loginAddressRules(ctx),
    async handle(ctx, { body }) {
      const failures = loginFailureRules(ctx, body.email);
      await uc.throttle?.assertUnder(failures);
      try {
        ctx.body = authJson(await uc.logIn.execute(body));
      } catch (error) {
        if (error instanceof InvalidCredentials) await uc.throttle?.record(failures);
        throw error;
      }
    },
  }),
  defineEndpoint({
    method: 'post', path: '/auth/refresh', operationId: 'refreshSession', tag: 'Auth', auth: 'public',
    summary: 'Trade a refresh token for a new access token and refresh token',
    description: 'Each refresh token works once. Used again, it ends its whole session (someone else may hold it), '
      + 'except within 10 s of its use, when it gets the same new pair again (a retried request, a second tab). '
      + 'Unknown, spent, ended and expired tokens all get the same 401.',
    body: RefreshBody,
    responses: { 200: { description: 'A new pair; the refresh token sent is spent', schema: AuthJson } },
    problems: [400, 401, 413, 415, 429],
    throttle: (ctx) => refreshRules(ctx),
    async handle(ctx, { body }) {
      ctx.body = authJson(await uc.refreshSession.execute(body.refresh_token));
    },
  }),
  defineEndpoint({
    method: 'post', path: '/auth/logout', operationId: 'logOut', tag: 'Auth', auth: 'user',
    summary: 'End this session',
    description: `Its access token and refresh token stop working, on every instance within a second. ${LEGACY}`,
    responses: { 204: { description: 'The session has ended' } },
    problems: [401],
    async handle(ctx, { actor }) {
      await uc.logOut.execute(actor!);
      ctx.status = 204;
    },
  }),
  defineEndpoint({
    method: 'post', path: '/auth/logout-all', operationId: 'logOutEverywhere', tag: 'Auth', auth: 'user',
    summary: 'End every session of this account, this one included',
    description: `Every access token and refresh token of the account stops working, on every instance within a second. ${LEGACY}`,
    responses: { 204: { description: 'Every session has ended' } },
    problems: [401],
    async handle(ctx, { actor }) {
      await uc.logOutEverywhere.execute(actor!);
      ctx.status = 204;
    },
  }),
  defineEndpoint({
    method: 'get', path: '/auth/profile', operationId: 'getProfile', tag: 'Auth', auth: 'user',
    summary: "The caller's profile",
    responses: { 200: { description: 'The profile', schema: ProfileJson } },
    problems: [401],
    async handle(ctx, { actor }) {
      ctx.body = profileJson(await uc.getProfile.execute(actor!.userId));
    },
  }),
];
