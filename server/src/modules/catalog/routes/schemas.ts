/**
 * TypeBox schemas of the catalog endpoints: validation, TypeScript types and OpenAPI from one
 * definition.
 */
import { Type, type TSchema } from 'typebox';
import { FIELD_TYPES, GRADES, OPEN_TYPES, PERSONAL_CLASSES, RESOURCE_STATUSES, SHARE_TYPES, UPDATE_CYCLES } from '../catalog-types.js';

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Limit = (max: number, dflt: number) => Type.Integer({ minimum: 1, maximum: max, default: dflt });
export const Cursor = Type.String({ maxLength: 400, description: 'opaque; the `next` of the previous page' });
export const ResourceId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z]+$', description: 'Resource id' });
export const IdParams = Type.Object({ id: ResourceId });
export const DepartmentCode = Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9_-]+$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Tag = Type.String({ minLength: 1, maxLength: 50 });

export const FieldTypeSchema = Type.Enum([...FIELD_TYPES], {
  description: 'string | integer | number | boolean | date | datetime | geometry',
});
export const PersonalSchema = Type.Enum([...PERSONAL_CLASSES], {
  description: 'Personal-information class: name (姓名) | phone | id_number (身份证号) | address | other; masked unless granted in clear',
});
export const ShareTypeSchema = Type.Enum([...SHARE_TYPES], {
  description: 'unconditional 无条件共享 | conditional 有条件共享 | none 不予共享',
});
export const OpenTypeSchema = Type.Enum([...OPEN_TYPES], {
  description: 'unconditional 无条件开放 | conditional 有条件开放 | none 不予开放',
});
export const GradeSchema = Type.Enum([...GRADES], { description: 'GB/T 43697-2024: general 一般 | important 重要 | core 核心' });
export const UpdateCycleSchema = Type.Enum([...UPDATE_CYCLES], { description: '更新周期' });
export const StatusSchema = Type.Enum([...RESOURCE_STATUSES], { description: 'draft | published | retired' });

export const FieldInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 63, description: 'Column name: letters, digits, _ (starts with a letter or _)' }),
    title: Type.Optional(Type.String({ maxLength: 100, description: '信息项名称, e.g. 姓名; also accepted as a CSV header' })),
    type: FieldTypeSchema,
    length: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Max characters (string fields)' })),
    personal: Type.Optional(PersonalSchema),
    key: Type.Optional(Type.Boolean({ description: 'Part of the row key (upserts and diffs)' })),
    required: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const FieldSchema = Type.Object({
  name: Type.String(),
  title: Type.String(),
  type: FieldTypeSchema,
  length: Nullable(Type.Integer()),
  personal: Nullable(PersonalSchema),
  key: Type.Boolean(),
  required: Type.Boolean(),
  description: Nullable(Type.String()),
});

export const PullSchema = Type.Object(
  {
    url: Type.String({ minLength: 8, maxLength: 2000, description: 'http(s) URL fetched on schedule' }),
    format: Type.Enum(['csv', 'json', 'xlsx']),
    intervalMinutes: Type.Integer({ minimum: 5, maximum: 525_600 }),
  },
  { additionalProperties: false },
);

const MetaProps = {
  summary: Text(4000),
  classCode: Type.Optional(Type.String({ description: '分类: 类(1) + 项(2) + 目(3) [+ 细目(3)], e.g. 101001 (人口)' })),
  providerCode: Type.Optional(Type.String({ maxLength: 32, description: '提供方代码; defaults to the department code' })),
  format: Type.Optional(Type.String({ maxLength: 32, description: '格式, e.g. table' })),
  shareType: ShareTypeSchema,
  shareConditions: Type.Optional(Type.String({ maxLength: 2000, description: '共享条件' })),
  shareMethod: Type.Optional(Type.String({ maxLength: 200, description: '共享方式, e.g. 接口' })),
  openType: OpenTypeSchema,
  openConditions: Type.Optional(Type.String({ maxLength: 2000 })),
  grade: GradeSchema,
  updateCycle: UpdateCycleSchema,
  publishDate: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
  relatedCodes: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })),
  themes: Type.Optional(Type.Array(Tag, { maxItems: 20 })),
  keywords: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
  pull: Type.Optional(Nullable(PullSchema)),
};

export const CreateResourceBody = Type.Object(
  {
    name: Text(200),
    providerDepartmentCode: DepartmentCode,
    fields: Type.Array(FieldInput, { minItems: 1, maxItems: 500 }),
    status: Type.Optional(StatusSchema),
    ...MetaProps,
  },
  { additionalProperties: false },
);

export const PatchResourceBody = Type.Partial(
  Type.Object(
    {
      name: Text(200),
      fields: Type.Array(FieldInput, { minItems: 1, maxItems: 500 }),
      ...MetaProps,
      shareType: ShareTypeSchema,
      openType: OpenTypeSchema,
      grade: GradeSchema,
      updateCycle: UpdateCycleSchema,
      summary: Text(4000),
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);

export const ResourceSchema = Type.Object({
  id: Type.String(),
  code: Type.String({ description: '资源代码: class code / sequence' }),
  classCode: Type.String(),
  classKind: Type.String(),
  baseClass: Nullable(Type.String()),
  name: Type.String(),
  providerDepartmentCode: Type.String(),
  providerDepartmentName: Nullable(Type.String()),
  providerCode: Type.String(),
  summary: Type.String(),
  format: Type.String(),
  fields: Type.Array(FieldSchema),
  shareType: ShareTypeSchema,
  shareConditions: Nullable(Type.String()),
  shareMethod: Nullable(Type.String()),
  openType: OpenTypeSchema,
  openConditions: Nullable(Type.String()),
  grade: GradeSchema,
  updateCycle: UpdateCycleSchema,
  publishDate: Nullable(Type.String()),
  relatedCodes: Type.Array(Type.String()),
  themes: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  status: StatusSchema,
  currentVersion: Nullable(Type.Integer()),
  rowCount: Type.Integer(),
  dataUpdatedAt: Nullable(Type.String()),
  pull: Nullable(PullSchema),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const FacetItems = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }));

export const ResourceListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200, description: 'Chinese or other text: name, summary, keywords, field titles' })),
    department: Type.Optional(DepartmentCode),
    classCode: Type.Optional(Type.String({ pattern: '^[0-9]{1,9}$', description: 'Class code prefix, e.g. 101 (人口)' })),
    shareType: Type.Optional(ShareTypeSchema),
    openType: Type.Optional(OpenTypeSchema),
    grade: Type.Optional(GradeSchema),
    theme: Type.Optional(Tag),
    format: Type.Optional(Type.String({ maxLength: 32 })),
    updateCycle: Type.Optional(UpdateCycleSchema),
    status: Type.Optional(StatusSchema),
    limit: Limit(1000, 50),
    cursor: Type.Optional(Cursor),
  },
  { additionalProperties: false },
);

export const ResourcePageSchema = Type.Object({
  items: Type.Array(ResourceSchema),
  total: Type.Integer(),
  next: Nullable(Type.String()),
  facets: Type.Object({
    department: FacetItems,
    classCode: FacetItems,
    shareType: FacetItems,
    openType: FacetItems,
    grade: FacetItems,
    theme: FacetItems,
    format: FacetItems,
    updateCycle: FacetItems,
  }),
});

export const RejectionSchema = Type.Object({ row: Type.Integer(), field: Nullable(Type.String()), reason: Type.String() });

export const LoadReportSchema = Type.Object({
  loadId: Type.String(),
  version: Type.Integer(),
  accepted: Type.Integer(),
  rejected: Type.Array(RejectionSchema),
  rejectedCount: Type.Integer(),
});

export const LoadInfoSchema = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  version: Type.Integer(),
  status: Type.Enum(['running', 'succeeded', 'failed']),
  format: Type.String(),
  encoding: Nullable(Type.String()),
  partial: Type.Boolean(),
  rowsRead: Type.Integer(),
  accepted: Type.Integer(),
  rejectedCount: Type.Integer(),
  rejected: Type.Array(RejectionSchema),
  error: Nullable(Type.String()),
  actor: Type.String(),
  startedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});

export const VersionSchema = Type.Object({
  version: Type.Integer(),
  status: Type.Enum(['loading', 'ready', 'failed']),
  source: Type.String(),
  rows: Type.Integer(),
  rejected: Type.Integer(),
  stats: Type.Record(Type.String(), Type.Integer()),
  loadId: Nullable(Type.String()),
  basedOn: Nullable(Type.Integer()),
  createdBy: Type.String(),
  createdAt: Type.String(),
  current: Type.Boolean(),
});

const Row = Type.Record(Type.String(), Type.Unknown());
export const DiffSchema = Type.Object({
  from: Type.Integer(),
  to: Type.Integer(),
  counts: Type.Object({ added: Type.Integer(), removed: Type.Integer(), changed: Type.Integer() }),
  added: Type.Array(Row),
  removed: Type.Array(Row),
  changed: Type.Array(Type.Object({ before: Row, after: Row })),
});

export const DataFieldSchema = Type.Object({
  name: Type.String(),
  title: Type.String(),
  type: Type.String(),
  personal: Nullable(Type.String()),
  masked: Type.Boolean(),
});

export const DataPageSchema = Type.Object({
  fields: Type.Array(DataFieldSchema),
  records: Type.Array(Row),
  next: Nullable(Type.String()),
  version: Nullable(Type.Integer()),
});

export const AccessLogSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      consumer: Type.String(),
      consumerDepartmentCode: Nullable(Type.String()),
      grantId: Nullable(Type.String()),
      channel: Type.String(),
      filter: Type.Record(Type.String(), Type.String()),
      fields: Type.Array(Type.String()),
      cleartextFields: Type.Array(Type.String()),
      rows: Type.Integer(),
      purpose: Nullable(Type.String()),
    }),
  ),
  next: Nullable(Type.String()),
});

export const ShareStatusSchema = Type.Enum(['pending', 'approved', 'refused', 'withdrawn']);

export const ShareRequestSchema = Type.Object({
  id: Type.String(),
  resourceId: Type.String(),
  resourceCode: Type.String(),
  resourceName: Type.String(),
  providerDepartmentCode: Type.String(),
  consumerDepartmentCode: Type.String(),
  requestedBy: Type.String(),
  fields: Type.Array(Type.String()),
  purpose: Type.String(),
  until: Type.String(),
  status: ShareStatusSchema,
  dueAt: Type.String({ description: '10 working days after the request (国发〔2016〕51号)' }),
  overdue: Type.Boolean(),
  escalatedAt: Nullable(Type.String({ description: 'When the overdue request was escalated to the data bureau' })),
  decidedBy: Nullable(Type.String()),
  decidedAt: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  grantId: Nullable(Type.String()),
  createdAt: Type.String(),
});

export const CreateShareRequestBody = Type.Object(
  {
    resourceId: ResourceId,
    fields: Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { minItems: 1, maxItems: 500 }),
    purpose: Text(2000),
    until: Type.String({ format: 'date-time', description: 'End of the requested period (ISO 8601)' }),
    consumerDepartmentCode: Type.Optional(DepartmentCode),
  },
  { additionalProperties: false },
);

export const ApproveBody = Type.Object(
  {
    cleartextFields: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 63 }), { maxItems: 500 })),
    rowFilter: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 500 }), {
        description: 'field → value or op:value (the data API filter syntax)',
      }),
    ),
  },
  { additionalProperties: false },
);

export const GrantSchema = Type.Object({
  id: Type.String(),
  requestId: Type.String(),
  resourceId: Type.String(),
  consumerDepartmentCode: Type.String(),
  fields: Type.Array(Type.String()),
  cleartextFields: Type.Array(Type.String()),
  rowFilter: Type.Record(Type.String(), Type.String()),
  purpose: Type.String(),
  until: Type.String(),
  apiKeyId: Type.String(),
  status: Type.Enum(['active', 'revoked', 'expired']),
  createdBy: Type.String(),
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
});

export const BoxSchema = Type.Enum(['inbox', 'outbox', 'all'], {
  description: 'inbox: requests to my department; outbox: requests by my department; all: data bureau / admin',
});
