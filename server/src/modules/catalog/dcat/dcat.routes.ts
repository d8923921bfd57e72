/**
 * `/catalog.ttl` and `/catalog.jsonld`: the open catalog in DCAT-AP 3.0.1 for harvesters
 * (data.europa.eu-style portals, national open-data catalogues). Public and rate-limited.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CatalogInternals } from '../catalog.service.js';
import { siteUrl } from '../ckan/ckan.routes.js';
import { allOpenResources } from '../portal/open-catalog.js';
import { buildDcatGraph, type Triple } from './dcat-graph.js';
import { toJsonLd, toTurtle } from './dcat-serialize.js';

/** Harvests per client address per minute. */
export const DCAT_RATE = { max: 30, timeWindow: '1 minute' };

/** The DCAT graph of the open catalog as served at `base`. */
export async function openCatalogGraph(c: CatalogInternals, base: string): Promise<Triple[]> {
  const [resources, bureau, names] = await Promise.all([allOpenResources(c), c.sharing.bureauCode(), c.resources.departmentNames()]);
  return buildDcatGraph(
    {
      base,
      title: '智城公共数据开放目录',
      description: '本平台按 DCAT-AP 3.0.1 发布的公共数据开放目录：无条件开放与有条件开放的数据集、下载与接口。',
      publisherName: (bureau && names.get(bureau)) || '智城公共数据开放平台',
    },
    resources,
  );
}

export function dcatRoutes(c: CatalogInternals): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/catalog.ttl', { config: { public: true, rateLimit: DCAT_RATE }, schema: { hide: true } }, async (req, reply) => {
      const ttl = await toTurtle(await openCatalogGraph(c, siteUrl(req)));
      return reply.type('text/turtle; charset=utf-8').header('access-control-allow-origin', '*').send(ttl);
    });
    app.get('/catalog.jsonld', { config: { public: true, rateLimit: DCAT_RATE }, schema: { hide: true } }, async (req, reply) => {
      const doc = toJsonLd(await openCatalogGraph(c, siteUrl(req)));
      return reply.type('application/ld+json; charset=utf-8').header('access-control-allow-origin', '*').send(JSON.stringify(doc));
    });
  };
}
