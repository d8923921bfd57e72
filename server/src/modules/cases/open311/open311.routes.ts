/**
 * `/open311/v2`: Open311 GeoReport v2 with `.json` and `.xml` suffixes, registered at the root.
 * Everything under it answers in the spec's formats, errors included (`[{code, description}]`,
 * 400 / 403 / 404), in the format the path asked for (XML when the path names none).
 * `jurisdiction_id` is accepted everywhere: this server serves one jurisdiction.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Open311Error, sendOpen311, sendOpen311Error, splitFormat, type Open311Format } from './open311-format.js';
import { bodyPairs, parseForm, queryPairs, readParams } from './open311-params.js';
import type { Open311Service } from './open311.service.js';

/** Where the surface lives. */
export const OPEN311_PREFIX = '/open311/v2';

/** Reads per client address per minute: plenty for a client app or a harvester, bounded for scrapers. */
export const OPEN311_READ_RATE = { max: 300, timeWindow: '1 minute' };

/** The format a request's path asks for (the last `.json` / `.xml` in it); XML, the spec's required one, otherwise. */
function formatOf(req: FastifyRequest): Open311Format {
  const path = req.url.split('?')[0] ?? '';
  return /\.json$/i.test(path) ? 'json' : 'xml';
}

function fileFormat(file: string, what: string): { name: string; format: Open311Format } {
  const f = splitFormat(file);
  if (!f || !f.name) throw new Open311Error(404, `No ${what} ${file}: add .json or .xml`);
  return f;
}

/** Builds the plugin. */
export function open311Routes(svc: Open311Service): FastifyPluginAsyncTypebox {
  return async (root) => {
    await root.register(
      async (app) => {
        app.setErrorHandler((err, req, reply) => {
          if (err instanceof Open311Error) {
            if (err.status === 429) reply.header('retry-after', '60');
            return sendOpen311Error(reply, formatOf(req), err.status, err.message);
          }
          const status = (err as { statusCode?: number }).statusCode;
          if (status === 429) {
            if (!reply.getHeader('retry-after')) reply.header('retry-after', '60');
            return sendOpen311Error(reply, formatOf(req), 429, 'Too many requests; try again in a minute');
          }
          if (status === 413) return sendOpen311Error(reply, formatOf(req), 400, 'The request body is too large');
          if (status && status >= 400 && status < 500) return sendOpen311Error(reply, formatOf(req), 400, (err as Error).message);
          req.log.error({ err, reqId: req.id }, 'open311 request failed');
          return sendOpen311Error(reply, formatOf(req), 500, `Internal error (request ${req.id})`);
        });
        const notFound = (req: FastifyRequest, reply: FastifyReply) =>
          sendOpen311Error(reply, formatOf(req), 404, `No Open311 resource ${req.method} ${req.url.split('?')[0]}; see discovery.xml`);
        app.setNotFoundHandler(notFound);
        // Forms as the spec sends them; repeated keys kept (attribute[code][]=a&attribute[code][]=b).
        app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) =>
          done(null, parseForm(body as string)),
        );
        // Reads are public: bounded per client address like the other public endpoints (POST is bounded per key).
        const cfg = { public: true, rateLimit: OPEN311_READ_RATE };
        const hide = { hide: true };

        for (const fmt of ['json', 'xml'] as const) {
          app.get(`/discovery.${fmt}`, { config: cfg, schema: hide }, async (req, reply) => {
            readParams(queryPairs(req.query));
            const base = `${req.protocol}://${req.host}${OPEN311_PREFIX}/`;
            return sendOpen311(reply, fmt, 'discovery', {
              changeset: '2026-11-22T00:00:00Z',
              contact: '请联系本市大数据局平台运维（系统管理 → API 密钥 申请 api_key）',
              key_service: '系统管理 → API 密钥：创建带 cases.create 权限的密钥',
              endpoints: [
                {
                  specification: 'http://wiki.open311.org/GeoReport_v2',
                  url: base,
                  changeset: '2026-11-22T00:00:00Z',
                  type: 'production',
                  formats: ['text/xml', 'application/json'],
                },
              ],
            });
          });
          app.get(`/services.${fmt}`, { config: cfg, schema: hide }, async (req, reply) => {
            readParams(queryPairs(req.query));
            return sendOpen311(reply, fmt, 'services', svc.services());
          });
          app.get(`/requests.${fmt}`, { config: cfg, schema: hide }, async (req, reply) =>
            sendOpen311(reply, fmt, 'service_requests', await svc.list(readParams(queryPairs(req.query)))),
          );
          app.post(`/requests.${fmt}`, { config: cfg, schema: hide }, async (req, reply) => {
            const params = readParams(bodyPairs(req.body), queryPairs(req.query));
            const auth = req.headers.authorization;
            const principal = await svc.principalOf(params.fields.get('api_key'), Array.isArray(auth) ? auth[0] : auth);
            return sendOpen311(reply, fmt, 'service_requests', await svc.create(principal, params), 201);
          });
        }
        app.get('/services/:file', { config: cfg, schema: hide }, async (req, reply) => {
          const { name, format } = fileFormat((req.params as { file: string }).file, 'service');
          readParams(queryPairs(req.query));
          return sendOpen311(reply, format, 'service_definition', svc.definition(name));
        });
        app.get('/requests/:file', { config: cfg, schema: hide }, async (req, reply) => {
          const { name, format } = fileFormat((req.params as { file: string }).file, 'request');
          readParams(queryPairs(req.query));
          return sendOpen311(reply, format, 'service_requests', await svc.one(name));
        });
        app.get('/tokens/:file', { config: cfg, schema: hide }, async (req, reply) => {
          const { name, format } = fileFormat((req.params as { file: string }).file, 'token');
          readParams(queryPairs(req.query));
          return sendOpen311(reply, format, 'service_requests', await svc.token(name));
        });
        // The web UI's static files claim GET /* at the root; unknown Open311 paths stay Open311 errors.
        app.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', config: cfg, schema: hide, handler: notFound });
      },
      { prefix: OPEN311_PREFIX },
    );
  };
}
