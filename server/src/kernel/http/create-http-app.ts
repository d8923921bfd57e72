import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AuthService } from '../auth/index.js';
import { hasPermission, type Principal } from '../auth/principal.js';
import type { Config } from '../config/config.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { Metrics } from './metrics.js';
import { createValidatorCompiler } from './validator-compiler.js';
import { problem, sendProblem, toProblem } from './problem.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs; the kernel refuses routes that declare neither this nor `public`. */
    permission?: string;
    /** Open to anyone (a session is still resolved when present). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller, or null on public routes without a session. */
    principal: Principal | null;
  }
}

export type HttpApp = FastifyInstance<any, any, any, Logger, TypeBoxTypeProvider>;

export interface HttpAppOptions {
  config: Config;
  logger: Logger;
  auth: AuthService;
  metrics: Metrics;
  isReady: () => boolean;
  /** Built web app to serve at `/` (null = none). */
  webDist: string | null;
  version: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The Fastify app every module's routes are registered on: problem+json errors, OpenAPI, auth
 * and permission checks declared per route, security headers, request ids, metrics, SPA serving.
 */
export async function createHttpApp(opts: HttpAppOptions): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: opts.logger,
    trustProxy: opts.config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => newId(),
    // Requests are counted in /metrics and 5xx logged below; per-request info lines would drown the log.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HttpApp;

  app.setValidatorCompiler(createValidatorCompiler());
  app.decorateRequest('principal', null);

  // Every /api/v1 route must say who may call it: a forgotten check is a start-up error, not a hole.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const cfg = (route.config ?? {}) as { permission?: string; public?: boolean };
    if (!cfg.permission && !cfg.public) {
      throw new Error(`Route ${route.method} ${route.url} declares neither config.permission nor config.public`);
    }
  });

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Ant Design injects CSS-in-JS at run time
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'], // MapLibre runs its workers from blob URLs
        childSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: opts.config.cookieSecure,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) => {
      const p = problem(429, 'Too many requests', `Too many requests; try again in ${Math.ceil(ctx.ttl / 1000)} s.`);
      return Object.assign(new Error(p.detail), { statusCode: 429, problem: p });
    },
  });

  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_req, body, done) =>
    done(null, body),
  );
  app.addContentTypeParser(['application/geo+json'], { parseAs: 'string', bodyLimit: 64 * 1024 * 1024 }, (_req, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (e) {
      done(Object.assign(new Error(`The body is not valid JSON: ${(e as Error).message}`), { statusCode: 400 }), undefined);
    }
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Zhicheng (智城) platform API',
        version: opts.version,
        description: 'City operating platform: org, geo, sensing, cases, catalog, operations. Errors are RFC 9457 problem+json.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'zc_session' },
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (zk_…) from 系统管理 → API 密钥' },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: ({ schema, url, route }) => {
      // Hide non-API routes (static files, SPA fallback) from the document.
      const hide = !url.startsWith('/api/') && !url.startsWith('/healthz') && !url.startsWith('/readyz') && !url.startsWith('/metrics');
      const cfg = (route.config ?? {}) as { permission?: string; public?: boolean };
      const s = { ...(schema ?? {}), ...(hide ? { hide: true } : {}) } as Record<string, unknown>;
      if (cfg.permission) s['x-permission'] = cfg.permission;
      if (cfg.public) s.security = [];
      return { schema: s as never, url };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true, url: '/api/openapi.json' } as never,
  });

  app.addHook('onRequest', async (request, reply) => {
    (request as unknown as { startedAt: bigint }).startedAt = process.hrtime.bigint();
    reply.header('x-request-id', request.id);
    const cfg = request.routeOptions.config ?? {};
    if (!cfg.permission && !cfg.public) return;
    if (cfg.public) {
      request.principal = await opts.auth.authenticate(request).catch(() => null);
      return;
    }
    const principal = await opts.auth.authenticate(request);
    if (!principal) throw new DomainError('unauthorized', 'Sign in or send an API key (Authorization: Bearer zk_…).');
    request.principal = principal;
    if (UNSAFE.has(request.method)) opts.auth.verifyCsrf(request, principal);
    if (!hasPermission(principal, cfg.permission!)) {
      throw new DomainError('forbidden', `This needs the permission ${cfg.permission}, which your roles do not grant.`);
    }
  });

  app.addHook('onResponse', async (request, reply) => {
    const started = (request as unknown as { startedAt?: bigint }).startedAt;
    if (started === undefined) return;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = request.routeOptions.url ?? 'unmatched';
    opts.metrics.observeRequest(request.method, route, reply.statusCode, seconds);
    if (reply.statusCode >= 500) request.log.error({ reqId: request.id, url: request.url, status: reply.statusCode }, 'request failed');
  });

  app.setErrorHandler((error, request, reply) => {
    const carried = (error as { problem?: ReturnType<typeof problem> }).problem;
    const p = carried ?? toProblem(error, request);
    if (p.status >= 500) request.log.error({ err: error, reqId: request.id }, 'unhandled error');
    if (error instanceof DomainError && error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
    if (p.status === 429) {
      const ra = reply.getHeader('retry-after');
      if (!ra) reply.header('retry-after', '60');
    }
    return sendProblem(reply, p);
  });

  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    (app as unknown as { swagger(): unknown }).swagger(),
  );
  app.get(
    '/healthz',
    { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness: 200 while the process lives' } },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    { config: { public: true }, schema: { tags: ['system'], summary: 'Readiness: 200 when migrated and every module started, else 503' } },
    async (_req, reply) => (opts.isReady() ? { status: 'ready' } : reply.status(503).send({ status: 'starting' })),
  );
  app.get(
    '/metrics',
    { config: { public: true }, schema: { tags: ['system'], summary: 'Prometheus metrics (text format)' } },
    async (_req, reply) => reply.type('text/plain; version=0.0.4').send(await opts.metrics.render()),
  );

  const webIndex = opts.webDist ? path.join(opts.webDist, 'index.html') : null;
  if (opts.webDist && webIndex && existsSync(webIndex)) {
    // wildcard: files are looked up per request, so a rebuilt web/dist is served without a restart.
    await app.register(fastifyStatic, {
      root: opts.webDist,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (res, filePath) => {
        // Vite names assets by content hash: cache them for ever; index.html must always revalidate.
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const isApi = request.url.startsWith('/api/') || request.url.startsWith('/healthz');
    if (!isApi && request.method === 'GET' && webIndex && existsSync(webIndex) && (request.headers.accept ?? '').includes('text/html')) {
      // Client-side routes (/map, /admin/users) load the app, which routes itself.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return sendProblem(
      reply,
      problem(404, 'Not found', `No route ${request.method} ${request.url.split('?')[0]}. See /api/docs for the API.`, {
        instance: request.url,
      }),
    );
  });

  return app;
}
