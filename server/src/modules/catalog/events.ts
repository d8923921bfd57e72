/**
 * Events the catalog publishes through the outbox, in the same transaction as the change. The
 * portal and `operations` react to new versions; webhook subscribers (数据交换) are fed from
 * `datasetVersionPublished`. Names are versioned.
 */
export const CATALOG_EVENTS = {
  resourceCreated: 'catalog.resource.created.v1',
  resourceUpdated: 'catalog.resource.updated.v1',
  resourceStatusChanged: 'catalog.resource.status-changed.v1',
  datasetVersionPublished: 'catalog.dataset.version-published.v1',
  datasetRolledBack: 'catalog.dataset.rolled-back.v1',
  shareRequested: 'catalog.share.requested.v1',
  shareApproved: 'catalog.share.approved.v1',
  shareRefused: 'catalog.share.refused.v1',
  shareWithdrawn: 'catalog.share.withdrawn.v1',
  shareEscalated: 'catalog.share.escalated.v1',
  shareRevoked: 'catalog.share.revoked.v1',
  shareExpired: 'catalog.share.expired.v1',
} as const;

/** Payload of the resource events. */
export interface ResourceChangedV1 {
  resourceId: string;
  code: string;
  name: string;
  providerDepartmentCode: string;
  status: string;
  changed?: string[];
}

/** Payload of `catalog.dataset.version-published.v1` and `catalog.dataset.rolled-back.v1`. */
export interface DatasetVersionV1 {
  resourceId: string;
  code: string;
  version: number;
  rows: number;
  source: string;
}

/** Payload of the `catalog.share.*.v1` events. */
export interface ShareEventV1 {
  requestId: string;
  resourceId: string;
  providerDepartmentCode: string;
  consumerDepartmentCode: string;
  status: string;
  grantId?: string | null;
  reason?: string | null;
}
