/**
 * TypeBox schemas shared by the geo routes: validation, TypeScript types and OpenAPI from one
 * definition.
 */
import type { Geometry } from 'geojson';
import { Type, type TSchema } from 'typebox';
import { DomainError } from '../../../kernel/errors.js';
import type { BBox } from '../geo-types.js';

export const Lon = Type.Number({ minimum: -180, maximum: 180, description: 'Longitude, WGS84 degrees' });
export const Lat = Type.Number({ minimum: -90, maximum: 90, description: 'Latitude, WGS84 degrees' });

export const AreaLevelSchema = Type.Enum(['city', 'district', 'street', 'community', 'grid'], { description: 'Area level' });

export const AreaRefSchema = Type.Object({ code: Type.String(), name: Type.String() });
export const NullableAreaRef = Type.Union([AreaRefSchema, Type.Null()]);

/** district / street / community / grid of a location. */
export const LocationProperties = {
  district: NullableAreaRef,
  street: NullableAreaRef,
  community: NullableAreaRef,
  grid: NullableAreaRef,
};

export const BBoxSchema = Type.Array(Type.Number(), { minItems: 4, maxItems: 4, description: '[minLon, minLat, maxLon, maxLat]' });

/** A GeoJSON geometry, passed through as is. */
export const GeometrySchema = Type.Unsafe<Geometry>({
  type: 'object',
  additionalProperties: true,
  description: 'GeoJSON geometry (WGS84)',
});

export const BBoxQuery = Type.String({
  maxLength: 200,
  description: 'minLon,minLat,maxLon,maxLat (WGS84)',
  examples: ['119.55,29.03,119.75,29.17'],
});

export const AreaCode = Type.String({
  pattern: '^[0-9]{6,15}$',
  description: 'Area code: 6 (district), 9 (street), 12 (community) or 15 (grid) digits',
});

/**
 * Parse a `bbox` query parameter. A malformed box is a 400 naming `/query/bbox`, because a
 * silently ignored filter would return the whole city.
 */
export function parseBBoxParam(value: string | undefined): BBox | undefined {
  if (value === undefined) return undefined;
  const fail = (message: string): never => {
    throw new DomainError('invalid', `bbox ${message}`, [{ path: '/query/bbox', message }]);
  };
  const parts = value.split(',');
  if (parts.length !== 4) fail('must be four comma-separated numbers: minLon,minLat,maxLon,maxLat');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (nums.some((n) => !Number.isFinite(n))) fail('must be four comma-separated numbers: minLon,minLat,maxLon,maxLat');
  const [minLon, minLat, maxLon, maxLat] = nums as [number, number, number, number];
  if (minLon < -180 || maxLon > 180) fail('longitudes must be within -180..180');
  if (minLat < -90 || maxLat > 90) fail('latitudes must be within -90..90');
  if (minLon > maxLon) fail('minLon must not be greater than maxLon');
  if (minLat > maxLat) fail('minLat must not be greater than maxLat');
  return [minLon, minLat, maxLon, maxLat];
}

/** A GeoJSON FeatureCollection with the given feature properties. */
export function featureCollectionSchema<P extends TSchema>(properties: P) {
  return Type.Object({
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.String(),
        bbox: Type.Optional(BBoxSchema),
        properties,
        geometry: GeometrySchema,
      }),
    ),
  });
}
