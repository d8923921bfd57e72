/** TypeBox schemas of the cases API: validation, types and OpenAPI from one object. */
import { Type, type TSchema } from 'typebox';
import { CHANNELS, REQUEST_TYPES } from '../case-types.js';
import { CASE_STATUSES, SATISFACTION, ACTIONS } from '../workflow.js';
import { CATEGORY_FIELDS, CATEGORY_KINDS } from '../categories/category-types.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });

export const Location = Type.Object(
  { lon: Type.Number({ minimum: -180, maximum: 180 }), lat: Type.Number({ minimum: -90, maximum: 90 }) },
  { additionalProperties: false },
);

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const CreateCaseBody = Type.Object(
  {
    channel: Type.Enum([...CHANNELS]),
    description: Type.String({ minLength: 1, maxLength: 4000 }),
    categoryCode: Type.Optional(Type.String({ minLength: 2, maxLength: 8, description: 'a 小类 code; without it the classifier decides' })),
    requestType: Type.Optional(
      Type.Enum([...REQUEST_TYPES], { description: '咨询 consult, 求助 help, 投诉 complaint, 举报 report, 建议 suggestion, 表扬 praise' }),
    ),
    location: Type.Optional(Location),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    caller: Type.Optional(
      Type.Object(
        { name: Type.Optional(Type.String({ maxLength: 50 })), phone: Type.Optional(Type.String({ maxLength: 20 })) },
        { additionalProperties: false },
      ),
    ),
    confidential: Type.Optional(
      Type.Boolean({ description: 'the caller asked for confidentiality: only the operator who took it and administrators see them' }),
    ),
    register: Type.Optional(Type.Boolean({ description: 'register (立案) at once' })),
    dispatch: Type.Optional(Type.Boolean({ description: 'register and dispatch at once' })),
    departmentCode: Type.Optional(Type.String({ maxLength: 20, description: 'dispatch to this department instead of the routed one' })),
    answer: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'a consultation answered at intake (直接办结)' })),
  },
  { additionalProperties: false },
);

export const TransitionBody = Type.Object(
  {
    action: Type.Enum([...ACTIONS]),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    reason: Type.Optional(Type.String({ maxLength: 2000 })),
    departmentCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    extensionDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
    satisfaction: Type.Optional(Type.Enum([...SATISFACTION])),
    intoId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const Caller = Nullable(Type.Object({ name: Nullable(Type.String()), phone: Nullable(Type.String()), masked: Type.Boolean() }));

export const CaseSchema = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'ZC + yyyymmdd + 5-digit sequence of the day' }),
  channel: Type.Enum([...CHANNELS]),
  requestType: Nullable(Type.Enum([...REQUEST_TYPES])),
  status: Type.Enum([...CASE_STATUSES]),
  statusLabel: Type.String(),
  outcome: Nullable(Type.Enum(['fixed', 'not_fixed', 'answered', 'merged'])),
  categoryCode: Type.String(),
  categoryName: Nullable(Type.String()),
  classification: Type.Object({ by: Type.Enum(['operator', 'classifier', 'mapping']), score: Nullable(Type.Number()) }),
  description: Type.String(),
  location: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
  address: Nullable(Type.String()),
  districtCode: Nullable(Type.String()),
  streetCode: Nullable(Type.String()),
  communityCode: Nullable(Type.String()),
  grid: Nullable(Type.Object({ code: Type.String() })),
  department: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
  caller: Caller,
  confidential: Type.Boolean(),
  createdBy: Type.String(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
  limit: Type.Object({ unit: Type.Enum(['hours', 'days']), amount: Type.Number() }),
  deadline: IsoTime,
  dispatchedAt: Nullable(IsoTime),
  handledAt: Nullable(IsoTime),
  closedAt: Nullable(IsoTime),
  card: Type.Enum(['none', 'yellow', 'red']),
  timeUsed: Nullable(Type.Number({ description: 'share of the working time used; null when no department holds the case' })),
  urgedAt: Nullable(IsoTime),
  escalatedAt: Nullable(IsoTime),
  reworkCount: Type.Integer(),
  returnCount: Type.Integer(),
  extensionCount: Type.Integer(),
  pendingExtensionDays: Nullable(Type.Integer()),
  satisfaction: Nullable(Type.Enum([...SATISFACTION])),
  mergedInto: Nullable(Type.String()),
  sourceAlarmId: Nullable(Type.String()),
  allowedActions: Type.Array(Type.String(), { description: 'actions this user may take now' }),
});

export const CaseDetailSchema = Type.Object({
  ...CaseSchema.properties,
  timeline: Type.Array(
    Type.Object({
      action: Type.String(),
      from: Nullable(Type.String()),
      to: Type.String(),
      at: IsoTime,
      by: Type.String(),
      byName: Nullable(Type.String()),
      comment: Nullable(Type.String()),
      detail: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

export const DuplicateSchema = Type.Object({
  id: Type.String(),
  number: Type.String(),
  status: Type.String(),
  description: Type.String(),
  gridCode: Nullable(Type.String()),
  createdAt: IsoTime,
  similarity: Type.Number(),
  distanceMeters: Nullable(Type.Number()),
  sameGrid: Type.Boolean(),
});

const Limit = Type.Object(
  { unit: Type.Enum(['hours', 'days']), amount: Type.Number({ exclusiveMinimum: 0, maximum: 10000 }) },
  { additionalProperties: false },
);
const Rule = Type.Object(
  { areaCode: Type.String({ pattern: '^\\d{6,15}$' }), departmentCode: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
);

export const CategorySchema = Type.Object({
  code: Type.String(),
  parentCode: Nullable(Type.String()),
  name: Type.String(),
  kind: Type.Enum([...CATEGORY_KINDS]),
  departmentCode: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  limit: Nullable(Type.Object({ unit: Type.Enum(['hours', 'days']), amount: Type.Number() })),
  requiredFields: Type.Array(Type.String()),
  routingRules: Type.Array(Type.Object({ areaCode: Type.String(), departmentCode: Type.String() })),
  enabled: Type.Boolean(),
});

export const CategoryNodeSchema = Type.Object({ ...CategorySchema.properties, children: Type.Array(CategorySchema) });

const categoryFields = {
  name: Type.String({ minLength: 1, maxLength: 50 }),
  departmentCode: Nullable(Type.String({ minLength: 1, maxLength: 20 })),
  limit: Nullable(Limit),
  requiredFields: Type.Array(Type.Enum([...CATEGORY_FIELDS]), { maxItems: 4 }),
  routingRules: Type.Array(Rule, { maxItems: 200 }),
  enabled: Type.Boolean(),
};

export const CreateCategoryBody = Type.Object(
  {
    code: Type.String({ pattern: '^\\d{2,8}$' }),
    parentCode: Type.Optional(Nullable(Type.String({ pattern: '^\\d{2,8}$' }))),
    kind: Type.Optional(Type.Enum([...CATEGORY_KINDS])),
    name: categoryFields.name,
    departmentCode: Type.Optional(categoryFields.departmentCode),
    limit: Type.Optional(categoryFields.limit),
    requiredFields: Type.Optional(categoryFields.requiredFields),
    routingRules: Type.Optional(categoryFields.routingRules),
    enabled: Type.Optional(categoryFields.enabled),
  },
  { additionalProperties: false },
);

export const UpdateCategoryBody = Type.Partial(Type.Object(categoryFields), { additionalProperties: false });
