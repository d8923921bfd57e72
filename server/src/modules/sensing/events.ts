/**
 * Events the sensing module publishes through the outbox, in the same transaction as the change.
 * `operations` counts devices and shows their state; the rule engine and `cases` react to
 * devices going silent. Names are versioned; a breaking payload change gets a new version.
 */
export const SENSING_EVENTS = {
  deviceTypeCreated: 'sensing.device-type.created.v1',
  deviceCreated: 'sensing.device.created.v1',
  deviceUpdated: 'sensing.device.updated.v1',
  deviceDeleted: 'sensing.device.deleted.v1',
  deviceTokenRotated: 'sensing.device.token-rotated.v1',
  deviceOnline: 'sensing.device.online.v1',
  deviceOffline: 'sensing.device.offline.v1',
  /** A device reported an event of its thing model on `devices/{id}/events`. */
  deviceEvent: 'sensing.device.event.v1',
} as const;

/** Payload of `sensing.device-type.created.v1`. */
export interface DeviceTypeCreatedV1 {
  code: string;
  name: string;
}

/** Payload of `sensing.device.created.v1`. */
export interface DeviceCreatedV1 {
  deviceId: string;
  type: string;
  name: string;
  lon: number;
  lat: number;
  gridCode: string | null;
  districtCode: string | null;
  departmentCode: string | null;
}

/** Payload of `sensing.device.updated.v1`: the fields that changed. */
export interface DeviceUpdatedV1 {
  deviceId: string;
  type: string;
  changed: string[];
}

/** Payload of `sensing.device.deleted.v1` and `sensing.device.token-rotated.v1`. */
export interface DeviceRefV1 {
  deviceId: string;
  type: string;
}

/** Payload of `sensing.device.offline.v1`: silent for more than 3 reporting intervals. */
export interface DeviceOfflineV1 {
  deviceId: string;
  type: string;
  /** When the platform decided (server clock, ISO-8601). */
  at: string;
  /** Last accepted reading (server receive time), null when it never reported. */
  lastSeenAt: string | null;
}

/** Payload of `sensing.device.online.v1`: a reading arrived from an offline device (or its interval was corrected). */
export interface DeviceOnlineV1 {
  deviceId: string;
  type: string;
  at: string;
  /** Since when it had been offline. */
  offlineSince: string | null;
}

/** Payload of `sensing.device.event.v1`. */
export interface DeviceEventV1 {
  deviceId: string;
  type: string;
  event: string;
  level: 'info' | 'warning' | 'fault';
  ts: string;
  data: Record<string, unknown>;
}
