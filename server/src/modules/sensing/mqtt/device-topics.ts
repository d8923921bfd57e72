/**
 * The device topic scheme (DESIGN.md "Messaging"): `devices/{deviceId}/telemetry` and
 * `devices/{deviceId}/events` up, `devices/{deviceId}/commands` down, and the device's answers to
 * commands up on `devices/{deviceId}/commands/ack` (docs/sensing.md).
 *
 * @example parseDeviceTopic('devices/zc-aq-0001/telemetry') // { deviceId: 'zc-aq-0001', channel: 'telemetry' }
 */

/** The channels of a device. */
export type DeviceChannel = 'telemetry' | 'events' | 'commands' | 'commands/ack';

const TOPIC = /^devices\/([^/+#]+)\/(telemetry|events|commands|commands\/ack)$/;

/** Splits a device topic; null for any other topic. */
export function parseDeviceTopic(topic: string): { deviceId: string; channel: DeviceChannel } | null {
  const m = TOPIC.exec(topic);
  return m ? { deviceId: m[1]!, channel: m[2] as DeviceChannel } : null;
}

/** The topic of a device's channel. */
export function deviceTopic(deviceId: string, channel: DeviceChannel): string {
  return `devices/${deviceId}/${channel}`;
}

/** Parses an MQTT payload as JSON; a string explains why it is not. */
export function parsePayload(payload: Buffer | string): { ok: true; value: unknown } | { ok: false; reason: string } {
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (e) {
    return { ok: false, reason: `the payload is not valid JSON (${(e as Error).message}); send {"ts"?, "values": {...}}` };
  }
}
