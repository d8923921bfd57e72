/**
 * The shapes the sensing module answers with and takes in: devices as the API shows them,
 * readings as ingestion accepts or rejects them, telemetry answers.
 */

/** A device's liveness as the API reports it. `disabled` wins over the other two. */
export type DeviceState = 'online' | 'offline' | 'disabled';

/** WGS84 position. */
export interface LonLat {
  lon: number;
  lat: number;
}

/** An area a device lies in (name resolved from geo at read time). */
export interface AreaRefView {
  code: string;
  name: string;
}

/** A device as the API and other modules see it (never its token). */
export interface DeviceView {
  id: string;
  type: string;
  name: string;
  location: LonLat;
  district: AreaRefView | null;
  street: AreaRefView | null;
  community: AreaRefView | null;
  grid: AreaRefView | null;
  departmentCode: string | null;
  reportingIntervalSeconds: number;
  enabled: boolean;
  state: DeviceState;
  /** Server receive time of the last accepted reading (ISO-8601), null when it never reported. */
  lastSeenAt: string | null;
  installDate: string | null;
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** Filter of device lists. `areaCode` matches a district, street, community or grid code. */
export interface DeviceFilter {
  type?: string;
  areaCode?: string;
  departmentCode?: string;
  state?: DeviceState;
  /** Part of the id or name. */
  q?: string;
  /** Department scoping: only devices these departments own or placed in these areas; absent = city-wide. */
  scope?: DeviceScope;
}

/** What a principal without a city-wide scope sees (org's DataScope): owned by these departments, or in these areas. */
export interface DeviceScope {
  departmentCodes: readonly string[];
  /** District, street or community codes. */
  areaCodes: readonly string[];
}

/** Where a batch of readings came from (recorded with refusals). */
export interface IngestSource {
  channel: 'http' | 'mqtt';
}

/** One refused reading or value: the reading's index in the batch, the property (null: the whole reading). */
export interface Rejection {
  index: number;
  property: string | null;
  reason: string;
}

/** What ingestion answers: values stored (duplicates of stored values count, they are durable) and refusals. */
export interface IngestResult {
  accepted: number;
  rejected: Rejection[];
}

/**
 * One value that was durably stored, as `onReadings` listeners (the rule engine) receive it.
 * Re-sent duplicates of stored values are not delivered again.
 */
export interface AcceptedReading {
  deviceId: string;
  /** The device's type code (`WaterLevel`). */
  deviceType: string;
  property: string;
  /** When measured (device clock), epoch ms. */
  ts: number;
  value: number | string | boolean;
  /** When the platform received it (server clock), epoch ms. */
  receivedAt: number;
}

/** Listener of accepted readings; called once per durable commit with everything it stored. */
export type ReadingsListener = (batch: readonly AcceptedReading[]) => void;

/** A stored refusal, as `GET /sensing/devices/{id}/rejections` lists it. */
export interface StoredRejection extends Rejection {
  id: number;
  receivedAt: string;
  channel: string;
  /** The start of what was sent, for diagnosis. */
  excerpt: string | null;
}

/** A property's latest value. */
export interface LatestValue {
  value: number | string | boolean;
  ts: string;
}

/** Buckets of the telemetry API. */
export type Bucket = '1m' | '5m' | '1h' | '1d';
/** Aggregations of the telemetry API. */
export type Aggregation = 'avg' | 'min' | 'max' | 'sum' | 'count' | 'last';

/** One point of a series. */
export interface SeriesPoint {
  ts: string;
  value: number | string | boolean;
}

/** A stored device event. */
export interface DeviceEventView {
  id: number;
  event: string;
  ts: string;
  data: Record<string, unknown>;
  receivedAt: string;
}
