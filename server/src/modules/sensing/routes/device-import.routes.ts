/**
 * `POST /sensing/devices/import` (CSV or JSON). All or nothing: any bad row answers 422 with the
 * full `rejected` list and writes nothing; success answers the new tokens, this once.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../../kernel/auth/index.js';
import { problem, sendProblem } from '../../../kernel/http/problem.js';
import type { DeviceBulkService } from '../device-bulk.service.js';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '../device-import.js';

/** Imports may be large: 16 MB (20,000 rows with metadata fit comfortably). */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

const Rejected = Type.Array(
  Type.Object({ row: Type.Integer({ description: '1-based data row' }), field: Type.String(), reason: Type.String() }),
);

/** The import route. */
export function deviceImportRoutes(bulk: DeviceBulkService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/sensing/devices/import',
      {
        config: { permission: 'sensing.write' },
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ['sensing'],
          summary: 'Import devices from CSV (text/csv, header row) or JSON (array or {items}); all or nothing; tokens returned once',
          description: `Columns: ${IMPORT_COLUMNS.join(', ')} (type, name, lon, lat required; metadata as JSON text in CSV). At most ${MAX_IMPORT_ROWS} rows. A rejected row makes the answer 422 with every problem in \`rejected\` and nothing imported.`,
          body: Type.Unsafe<unknown>({ description: 'CSV text or JSON' }),
          response: {
            200: Type.Object({
              imported: Type.Integer(),
              rejected: Rejected,
              devices: Type.Array(Type.Object({ id: Type.String(), token: Type.String() }), { description: 'New tokens, shown this once' }),
            }),
          },
        },
      },
      async (req, reply) => {
        const result = await bulk.importDevices(actorOf(req.principal), req.body);
        if (result.rejected.length === 0) return reply.send(result);
        const n = result.rejected.length;
        return sendProblem(
          reply,
          problem(
            422,
            'Unprocessable content',
            `${n} problem${n === 1 ? '' : 's'} in the import; nothing was imported. Fix the rows listed in \`rejected\` and send the whole file again.`,
            {
              instance: req.url,
              imported: 0,
              rejected: result.rejected,
              errors: result.rejected.slice(0, 100).map((r) => ({ path: `/body/${r.row}/${r.field}`, message: r.reason })),
            },
          ),
        );
      },
    );
  };
}
