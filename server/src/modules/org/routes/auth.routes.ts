/**
 * `/auth/*`: sign-in with a session cookie, sign-out, who-am-I, change own password
 * (API.md "auth"). These routes are public at the kernel level and check the caller themselves:
 * sign-in has no caller yet, and the others are for any signed-in user whatever their roles.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AuthService, Principal } from '../../../kernel/auth/index.js';
import { DomainError } from '../../../kernel/errors.js';
import type { SignInService } from '../sign-in.service.js';
import type { UsersService } from '../users.service.js';
import { AuthUserSchema, PasswordSchema } from './schemas.js';

export interface AuthRoutesDeps {
  auth: AuthService;
  signIn: SignInService;
  users: UsersService;
}

/** Sign-in attempts per client address per minute; the per-account lockout is the main guard. */
const LOGIN_RATE = { max: 60, timeWindow: 60_000 };

function requireUser(request: FastifyRequest): Principal {
  const p = request.principal;
  if (!p) throw new DomainError('unauthorized', 'Not signed in');
  return p;
}

export function authRoutes(deps: AuthRoutesDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { public: true, rateLimit: LOGIN_RATE },
        schema: {
          tags: ['auth'],
          summary: 'Sign in; sets the zc_session cookie',
          description:
            '401 on a wrong username or password; after 5 failures in 15 minutes the account is locked for 15 minutes (423 with Retry-After).',
          body: Type.Object(
            { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ user: AuthUserSchema, csrfToken: Type.String() }) },
        },
      },
      async (request, reply) => {
        const r = await deps.signIn.login(request.body, { ip: request.ip ?? null, userAgent: request.headers['user-agent'] ?? null });
        deps.auth.setSessionCookie(reply, r.sessionToken);
        reply.header('cache-control', 'no-store');
        return { user: r.user, csrfToken: r.csrfToken };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { public: true },
        schema: { tags: ['auth'], summary: 'Sign out (ends the session; always succeeds)', response: { 204: Type.Null() } },
      },
      async (request, reply) => {
        await deps.auth.logout(request);
        deps.auth.clearSessionCookie(reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/auth/me',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user and the CSRF token of the session (401 when not signed in)',
          response: { 200: Type.Object({ user: AuthUserSchema, csrfToken: Type.Union([Type.String(), Type.Null()]) }) },
        },
      },
      async (request, reply) => {
        const principal = requireUser(request);
        reply.header('cache-control', 'no-store');
        return { user: await deps.signIn.me(principal), csrfToken: deps.auth.sessionOf(request)?.csrfToken ?? null };
      },
    );

    app.post(
      '/auth/change-password',
      {
        config: { public: true },
        schema: {
          tags: ['auth'],
          summary: 'Change your own password (ends your other sessions)',
          body: Type.Object({ currentPassword: PasswordSchema, newPassword: PasswordSchema }, { additionalProperties: false }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        const principal = requireUser(request);
        if (principal.kind !== 'user') throw new DomainError('forbidden', 'API keys have no password to change');
        // Public at the kernel level, so the CSRF check the kernel does for protected routes is done here.
        deps.auth.verifyCsrf(request, principal);
        const session = deps.auth.sessionOf(request);
        await deps.users.changeOwnPassword(principal, session?.id ?? null, request.body.currentPassword, request.body.newPassword);
        return reply.status(204).send(null);
      },
    );
  };
}
