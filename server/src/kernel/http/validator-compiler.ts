/**
 * Request validation for every route. Query strings, path parameters and headers arrive as text,
 * so their schemas coerce (`?limit=20` → 20, `?status=a` → ['a']); JSON bodies already carry types,
 * so a body schema never coerces: `{"name": 5}` is a 400 naming `name`, not a silently stored "5".
 */
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import fastUri from 'fast-uri';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

const COMMON: Options = {
  // allErrors names every bad field at once; bodies are size-limited, which bounds its cost.
  allErrors: true,
  useDefaults: true,
  removeAdditional: false,
  addUsedSchema: false,
  // TypeBox and OpenAPI annotations (examples, x-* keys) are not validation keywords.
  strict: false,
  uriResolver: fastUri,
};

function newAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({ ...COMMON, coerceTypes: coerce ? 'array' : false });
  (ajvFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

/** A validator compiler with one Ajv for text inputs (coercing) and one for bodies (strict types). */
export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const text = newAjv(true);
  const body = newAjv(false);
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? body : text;
    const s = schema as { $id?: string };
    if (s.$id) {
      const known = ajv.getSchema(s.$id);
      if (known) return known as ValidateFunction;
    }
    return ajv.compile(schema as object);
  };
}
