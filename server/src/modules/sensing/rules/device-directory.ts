/**
 * What rules and alarms need to know about devices, as the smallest interface that works. The
 * sensing core's device registry implements it; tests pass a map. Rules never read the device
 * tables themselves.
 */

/** The facts of one device that rules match on and alarms carry. */
export interface DeviceFacts {
  id: string;
  /** Thing model code (`WaterLevel`, `AirQualityObserved` …). */
  type: string;
  name: string;
  /** A disabled device is not watched by `nodata` rules. */
  enabled: boolean;
  /** The 15-digit unit grid the device stands in, null outside every grid. */
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  districtCode: string | null;
  lon: number | null;
  lat: number | null;
  /** Last reading of any property, null when never heard. */
  lastSeenAt: Date | null;
  createdAt: Date;
}

/** Filter of {@link DeviceDirectory.listDevices}. Both given: both must hold. */
export interface DeviceFilter {
  type?: string;
  /** An area code; devices whose grid code starts with it (district, street, community or grid). */
  areaCode?: string;
}

/** Looks devices up for rule matching, `nodata` ticks and alarm payloads. */
export interface DeviceDirectory {
  /** One device, or null when there is none with this id. */
  getDevice(id: string): Promise<DeviceFacts | null>;
  /** Every device matching the filter (disabled ones included: callers decide). */
  listDevices(filter: DeviceFilter): Promise<DeviceFacts[]>;
}
