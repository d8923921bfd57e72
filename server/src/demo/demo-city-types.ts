/**
 * The shape of the generated demo city (示范市). The generator is pure and deterministic; the
 * seeder feeds this data to the geo and org modules through their public services.
 */
import type { LineString, MultiPolygon, Polygon } from 'geojson';

/** Administrative / management level of an area. */
export type AreaLevel = 'city' | 'district' | 'street' | 'community' | 'grid';

/** One area of the hierarchy: city → district → street → community → unit grid. */
export interface DemoArea {
  /** 6 digits (city/district), 9 (street), 12 (community), 15 (grid). */
  code: string;
  name: string;
  level: AreaLevel;
  /** Code of the enclosing area; null for the city. */
  parentCode: string | null;
  geometry: Polygon | MultiPolygon;
}

/** A road of the map network. */
export interface DemoRoad {
  id: string;
  /** e.g. 八一路, 城东大道, 解放街 */
  name: string;
  kind: 'trunk' | 'primary' | 'secondary' | 'branch';
  geometry: LineString;
}

/** One entry of the address gazetteer (门牌地址 or POI). */
export interface DemoAddress {
  id: string;
  kind: 'door' | 'building' | 'poi';
  districtCode: string;
  streetCode: string;
  communityCode: string;
  gridCode: string;
  /** Road name, e.g. 八一路 */
  road: string;
  /** House number without 号, e.g. "128" */
  houseNumber: string;
  /** Building inside the compound, e.g. "3栋" (kind building only) */
  building?: string;
  /** POI name, e.g. 示范市第一人民医院 (kind poi only) */
  poiName?: string;
  /** The canonical full address: 示范市东城区城东街道八一路128号3栋 */
  fullAddress: string;
  lon: number;
  lat: number;
}

/** A department (委办局, company or district/street office) that handles cases or provides data. */
export interface DemoDepartment {
  /** Stable code, e.g. "D0101" */
  code: string;
  name: string;
  kind: 'bureau' | 'district_office' | 'street_office' | 'enterprise' | 'centre';
  /** The area (org unit) it serves: the city code for city bureaus, a district code, ... */
  orgUnitCode: string;
  parentCode: string | null;
  phone: string;
}

/** A demo user, one or more per role. */
export interface DemoUser {
  username: string;
  displayName: string;
  role: 'admin' | 'operator' | 'dispatcher' | 'handler' | 'inspector' | 'data_steward' | 'commander' | 'analyst';
  departmentCode: string | null;
  phone: string;
}

/** Everything the generator produces. */
export interface DemoCity {
  seed: number;
  areas: DemoArea[];
  roads: DemoRoad[];
  addresses: DemoAddress[];
  departments: DemoDepartment[];
  users: DemoUser[];
}
