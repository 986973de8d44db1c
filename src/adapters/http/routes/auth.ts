import type { AuthSession } from '../../../application/accounts/auth-session.js';
import type { GetProfile } from '../../../application/accounts/get-profile.js';
import type { LogIn } from '../../../application/accounts/log-in.js';
import type { RegisterUser } from '../../../application/accounts/register-user.js';
import type { Throttle } from '../../../application/shared/throttle.js';
import { InvalidCredentials } from '../../../domain/errors.js';
import { defineEndpoint } from '../endpoint.js';
import { loginAddressRules, loginFailureRules, registerRules } from '../throttle-rules.js';
import { profileJson, userJson } from '../presenters.js';
import { AuthJson, LoginBody, ProfileJson, RegisterBody } from '../schemas/auth.js';

export type AuthUseCases = Readonly<{ registerUser: RegisterUser; logIn: LogIn; getProfile: GetProfile }>;

/** Absent: no rate limits (tests of other behaviour only). */
type Limits = Readonly<{ throttle?: Throttle | undefined }>;

const authJson = (session: AuthSession) => ({
  access_token: session.accessToken,
  token_type: 'Bearer' as const,
  expires_in: session.expiresInSeconds,
  user: userJson(session.user),
});

export const authEndpoints = (uc: AuthUseCases & Limits) => [
  defineEndpoint({
    method: 'post', path: '/auth/register', operationId: 'register', tag: 'Auth', auth: 'public',
    summary: 'Create a customer account and get an access token',
    body: RegisterBody,
    responses: { 201: { description: 'Account created', schema: AuthJson } },
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
    description: 'A wrong email and a wrong password get the same 401, in the same time.',
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
    method: 'get', path: '/auth/profile', operationId: 'getProfile', tag: 'Auth', auth: 'user',
    summary: "The caller's profile",
    responses: { 200: { description: 'The profile', schema: ProfileJson } },
    problems: [401],
    async handle(ctx, { actor }) {
      ctx.body = profileJson(await uc.getProfile.execute(actor!.userId));
    },
  }),
];
