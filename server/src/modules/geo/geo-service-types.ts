/**
 * The shapes the geo service answers with (and the routes serialise): summaries, area details,
 * geocoding and reverse answers, list rows, import results, bulk-load input.
 */
import type { RejectedRow } from './area-import.js';
import type { AddressInput, AddressKind, AreaGeometry, AreaInput, AreaLevel, AreaRef, BBox, Location, RoadInput } from './geo-types.js';
import type { CandidateKind } from './geocoder.js';

/** Counts and extent of the loaded city. */
export interface GeoSummary {
  city: AreaRef | null;
  counts: { district: number; street: number; community: number; grid: number; address: number; road: number };
  bbox: BBox | null;
}

/** A GeoJSON FeatureCollection whose features carry string ids and typed properties. */
export interface TypedFeatureCollection<P, G> {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id: string; bbox?: BBox; properties: P; geometry: G }>;
}

/** Properties of an area feature. */
export interface AreaProperties {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
}

/** Properties of a road feature. */
export interface RoadProperties {
  id: string;
  name: string;
  kind: string;
}

/** One area with its place in the hierarchy. */
export interface AreaDetail {
  code: string;
  name: string;
  level: AreaLevel;
  parentCode: string | null;
  path: Array<AreaRef & { level: AreaLevel }>;
  childCount: number;
  areaSqm: number;
  bbox: BBox;
  center: [number, number];
  geometry: AreaGeometry;
}

/** A geocoding answer with its areas named. */
export interface GeocodeCandidateView extends Location {
  address: string;
  lon: number;
  lat: number;
  score: number;
  kind: CandidateKind;
  addressId: string | null;
  /** The place's name when the answer is a POI or an area. */
  name: string | null;
}

/** Answer of geocode. */
export interface GeocodeAnswer {
  query: string;
  parsed: Record<string, string>;
  candidates: GeocodeCandidateView[];
}

/** Answer of reverse geocoding. */
export interface ReverseAnswer extends Location {
  address: string;
  lon: number;
  lat: number;
  distanceMeters: number;
  kind: AddressKind | 'area';
  addressId: string | null;
}

/** One row of the gazetteer browser. */
export interface AddressListItem {
  id: string;
  fullAddress: string;
  kind: AddressKind;
  lon: number;
  lat: number;
  gridCode: string | null;
}

/** Result of an import: all-or-nothing, so `imported` is 0 whenever `rejected` is not empty. */
export interface ImportResult {
  imported: number;
  rejected: RejectedRow[];
}

/** What `loadDemo` / `replaceAll` take: a whole city. */
export interface CityData {
  areas: readonly AreaInput[];
  roads: readonly RoadInput[];
  addresses: readonly AddressInput[];
}
