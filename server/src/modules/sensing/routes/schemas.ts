/**
 * TypeBox schemas of the sensing endpoints: validation, TypeScript types and OpenAPI from one
 * definition (the web client's types are generated from them).
 */
import { Type, type TSchema } from 'typebox';
import { DEVICE_ID_PATTERN, MAX_INTERVAL_S, MIN_INTERVAL_S } from '../device-input.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const IsoTime = Type.String({ format: 'date-time', description: 'ISO-8601 date-time' });
export const Limit = (max: number, dflt: number) => Type.Integer({ minimum: 1, maximum: max, default: dflt });
export const Cursor = Type.String({ maxLength: 200, description: 'opaque; the `next` of the previous page' });

export const DeviceId = Type.String({
  pattern: DEVICE_ID_PATTERN,
  description: 'Device id (letters, digits, "_", "." or "-"; at most 64)',
});
export const DeviceIdParams = Type.Object({ id: DeviceId });
export const TypeCode = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_-]{1,63}$', description: 'Thing model code, e.g. AirQualityObserved' });
export const AreaCode = Type.String({
  pattern: '^([0-9]{6}|[0-9]{9}|[0-9]{12}|[0-9]{15})$',
  description: 'District (6), street (9), community (12) or grid (15) code',
});
export const DepartmentCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
export const DeviceStateSchema = Type.Enum(['online', 'offline', 'disabled'], {
  description: 'online | offline (3 intervals silent) | disabled',
});
export const ValueTypeSchema = Type.Enum(['number', 'string', 'boolean']);
export const Value = Type.Union([Type.Number(), Type.String(), Type.Boolean()]);
export const Metadata = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Free attributes; those the thing model declares (warningLevel …) are type-checked',
});
export const InstallDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Interval = Type.Integer({
  minimum: MIN_INTERVAL_S,
  maximum: MAX_INTERVAL_S,
  description: 'Expected seconds between readings; offline after 3 missed',
});
export const LonLatSchema = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180, description: 'WGS84 longitude' }),
    lat: Type.Number({ minimum: -90, maximum: 90, description: 'WGS84 latitude' }),
  },
  { additionalProperties: false },
);
const AreaRef = Nullable(Type.Object({ code: Type.String(), name: Type.String() }));

const Name = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const MemberName = Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,63}$' });

export const PropertySchema = Type.Object(
  {
    name: MemberName,
    title: Name(50),
    titleEn: Type.Optional(Name(50)),
    unit: Type.String({ maxLength: 20 }),
    unitCode: Type.Optional(Type.String({ maxLength: 10, description: 'UN/CEFACT common code (NGSI-LD unitCode)' })),
    type: ValueTypeSchema,
    min: Type.Optional(Type.Number({ description: 'Smallest possible value; lower values are refused' })),
    max: Type.Optional(Type.Number({ description: 'Largest possible value; higher values are refused' })),
    precision: Type.Optional(Type.Integer({ minimum: 0, maximum: 10, description: 'Decimals to display' })),
    integer: Type.Optional(Type.Boolean({ description: 'Whole numbers only (counts)' })),
  },
  { additionalProperties: false },
);
export const AttributeSchema = Type.Object(
  { name: MemberName, title: Name(50), unit: Type.String({ maxLength: 20 }), type: ValueTypeSchema },
  { additionalProperties: false },
);
export const EventSchema = Type.Object(
  { name: MemberName, title: Name(50), level: Type.Enum(['info', 'warning', 'fault']) },
  { additionalProperties: false },
);
export const CommandSchema = Type.Object(
  {
    name: MemberName,
    title: Name(50),
    params: Type.Array(
      Type.Object(
        { name: MemberName, title: Name(50), type: ValueTypeSchema, min: Type.Optional(Type.Number()), max: Type.Optional(Type.Number()) },
        { additionalProperties: false },
      ),
      { maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

export const DeviceTypeSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  properties: Type.Array(PropertySchema),
  attributes: Type.Array(AttributeSchema),
  events: Type.Array(EventSchema),
  commands: Type.Array(CommandSchema),
  defaultReportingIntervalSeconds: Type.Integer(),
  retentionDays: Type.Integer(),
  builtIn: Type.Boolean(),
});

export const CreateDeviceTypeBody = Type.Object(
  {
    code: TypeCode,
    name: Name(50),
    nameEn: Type.Optional(Name(100)),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    properties: Type.Array(PropertySchema, { minItems: 1, maxItems: 100 }),
    attributes: Type.Optional(Type.Array(AttributeSchema, { maxItems: 50 })),
    events: Type.Optional(Type.Array(EventSchema, { maxItems: 50 })),
    commands: Type.Optional(Type.Array(CommandSchema, { maxItems: 50 })),
    defaultReportingIntervalSeconds: Type.Optional(Interval),
    retentionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Days raw readings are kept (default 400)' })),
  },
  { additionalProperties: false },
);

export const DeviceSchema = Type.Object({
  id: Type.String(),
  type: Type.String(),
  name: Type.String(),
  location: Type.Object({ lon: Type.Number(), lat: Type.Number() }),
  district: AreaRef,
  street: AreaRef,
  community: AreaRef,
  grid: AreaRef,
  departmentCode: Nullable(Type.String()),
  reportingIntervalSeconds: Type.Integer(),
  enabled: Type.Boolean(),
  state: DeviceStateSchema,
  lastSeenAt: Nullable(Type.String({ description: 'Server receive time of the last accepted reading' })),
  installDate: Nullable(Type.String()),
  metadata: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const CreateDeviceBody = Type.Object(
  {
    id: Type.Optional(DeviceId),
    type: TypeCode,
    name: Name(100),
    location: LonLatSchema,
    reportingIntervalSeconds: Type.Optional(Interval),
    departmentCode: Type.Optional(DepartmentCode),
    installDate: Type.Optional(InstallDate),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false },
);

export const UpdateDeviceBody = Type.Object(
  {
    name: Type.Optional(Name(100)),
    location: Type.Optional(LonLatSchema),
    reportingIntervalSeconds: Type.Optional(Interval),
    enabled: Type.Optional(Type.Boolean()),
    departmentCode: Type.Optional(Nullable(DepartmentCode)),
    installDate: Type.Optional(Nullable(InstallDate)),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RejectionSchema = Type.Object({
  index: Type.Integer({ description: 'Index of the reading in the batch (0 for a single reading)' }),
  property: Nullable(Type.String({ description: 'The property, `ts`, `values`, or null for the whole reading' })),
  reason: Type.String(),
});

/** One reading in the MQTT payload shape. Values are checked by the service against the thing model. */
export const ReadingSchema = Type.Object(
  {
    ts: Type.Optional(Type.Unknown({ description: 'ISO-8601 with zone or epoch milliseconds; default: the receive time' })),
    // Unknown rather than a record: a malformed reading is refused on its own (index, reason), not the whole batch.
    values: Type.Optional(Type.Unknown({ description: 'An object: property → number | string | boolean, as the thing model says' })),
  },
  { additionalProperties: true, examples: [{ ts: '2026-05-01T08:00:00+08:00', values: { pm25: 35, pm10: 60 } }] },
);

export const IngestResultSchema = Type.Object({
  accepted: Type.Integer({ description: 'Values stored (a value already stored for the same instant counts: it is durable)' }),
  rejected: Type.Array(RejectionSchema),
});
