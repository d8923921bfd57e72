/**
 * Thing models (产品 / 物模型): what a type of device measures (properties), reports on its own
 * (events), accepts (commands) and carries as static attributes. Built-in types follow the
 * FIWARE Smart Data Models names; cities add their own through the API.
 */

/** The value type of a property or attribute. */
export type ValueType = 'number' | 'string' | 'boolean';

/** One measured property of a thing model. */
export interface PropertyDef {
  /** Key in a reading's `values` (`pm25`). */
  name: string;
  /** zh-CN label (`细颗粒物 PM2.5`). */
  title: string;
  titleEn?: string;
  /** Display unit (`µg/m³`); empty when dimensionless. */
  unit: string;
  /** UN/CEFACT common code, as NGSI-LD `unitCode` (`GQ` = µg/m³). */
  unitCode?: string;
  type: ValueType;
  /** Physically possible range (sensor range), not an alarm threshold: values outside are rejected. */
  min?: number;
  max?: number;
  /** Decimal places for display (values are stored as sent). */
  precision?: number;
  /** Counts (parking spots, vehicles): a fractional value is refused. */
  integer?: boolean;
}

/** A static attribute of a device of this type, set in the device's `metadata` (警戒水位). */
export interface AttributeDef {
  name: string;
  title: string;
  unit: string;
  type: ValueType;
}

/** An event a device may report on `devices/{id}/events`. */
export interface EventDef {
  name: string;
  title: string;
  /** How serious the event is when it happens. */
  level: 'info' | 'warning' | 'fault';
}

/** One parameter of a command. */
export interface CommandParamDef {
  name: string;
  title: string;
  type: ValueType;
  min?: number;
  max?: number;
}

/** A command sent to the device on `devices/{id}/commands`. */
export interface CommandDef {
  name: string;
  title: string;
  params: CommandParamDef[];
}

/** A thing model (device type). */
export interface DeviceTypeDef {
  /** Smart Data Models name for built-ins (`AirQualityObserved`). */
  code: string;
  /** zh-CN name (`空气质量监测站`). */
  name: string;
  nameEn?: string;
  description?: string;
  properties: PropertyDef[];
  attributes: AttributeDef[];
  events: EventDef[];
  commands: CommandDef[];
  /** Expected seconds between readings when the device does not say otherwise. */
  defaultReportingIntervalSeconds: number;
  /** Raw readings older than this are deleted (DESIGN.md "Telemetry"). */
  retentionDays: number;
  builtIn: boolean;
}

/** Retention when a type does not say (a little over a year, so a year-on-year view works). */
export const DEFAULT_RETENTION_DAYS = 400;

/** Finds a property of a type by name. */
export function propertyOf(type: DeviceTypeDef, name: string): PropertyDef | undefined {
  return type.properties.find((p) => p.name === name);
}
