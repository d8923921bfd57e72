/**
 * Events the geo module publishes (outbox, same transaction as the change). Other modules that
 * cache grid lookups or addresses (cases routing, sensing placement) refresh on them. Names are
 * versioned; a breaking payload change gets a new version.
 */
export const GEO_EVENTS = {
  areasChanged: 'geo.areas.changed.v1',
  addressesChanged: 'geo.addresses.changed.v1',
} as const;

/** Why the data changed. */
export type GeoChangeReason = 'replace' | 'import';

/** Payload of `geo.areas.changed.v1`. */
export interface AreasChangedV1 {
  reason: GeoChangeReason;
  /** Areas written by the change (all of them on a replace). */
  count: number;
  /** Levels touched, coarse to fine. */
  levels: string[];
}

/** Payload of `geo.addresses.changed.v1`. */
export interface AddressesChangedV1 {
  reason: GeoChangeReason;
  count: number;
}
