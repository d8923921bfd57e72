/** TypeBox schemas of the public open-data API (`/api/v1/open-data/**`). */
import { Type } from 'typebox';
import { FieldTypeSchema, Nullable, OpenTypeSchema, UpdateCycleSchema } from '../routes/schemas.js';

export const OpenFieldSchema = Type.Object({
  name: Type.String(),
  title: Type.String(),
  type: FieldTypeSchema,
  description: Nullable(Type.String()),
});

export const OpenDatasetSummary = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'CKAN name (slug)' }),
  code: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  department: Type.Object({ code: Type.String(), name: Nullable(Type.String()) }),
  themes: Type.Array(Type.String()),
  keywords: Type.Array(Type.String()),
  format: Type.String(),
  openType: OpenTypeSchema,
  openConditions: Nullable(Type.String()),
  updateCycle: UpdateCycleSchema,
  rowCount: Type.Integer(),
  hasData: Type.Boolean(),
  publishDate: Nullable(Type.String()),
  dataUpdatedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
});

export const OpenFacetItem = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() });

export const OpenDatasetPage = Type.Object({
  items: Type.Array(OpenDatasetSummary),
  total: Type.Integer(),
  facets: Type.Object({
    theme: Type.Array(OpenFacetItem),
    department: Type.Array(OpenFacetItem),
    format: Type.Array(OpenFacetItem),
    updateCycle: Type.Array(OpenFacetItem),
    openType: Type.Array(OpenFacetItem),
  }),
});

export const OpenDatasetDetail = Type.Object({
  ...OpenDatasetSummary.properties,
  fields: Type.Array(OpenFieldSchema),
  coordinates: Nullable(Type.Object({ lon: Type.String(), lat: Type.String() })),
  license: Type.Object({ id: Type.String(), title: Type.String() }),
  downloads: Type.Array(Type.Object({ format: Type.String(), mediaType: Type.String(), url: Type.String() })),
  api: Type.Object({ packageShow: Type.String(), datastoreSearch: Type.String(), data: Type.String(), dcat: Type.String() }),
});

export const OpenDataPage = Type.Object({
  fields: Type.Array(OpenFieldSchema),
  records: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  next: Nullable(Type.String()),
});
