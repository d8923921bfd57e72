/**
 * Events of downlink commands, published through the outbox in the same transaction as the
 * command's state change. Names are versioned; a breaking payload change gets a new version.
 */
export const COMMAND_EVENTS = {
  /** Published to the device's commands topic (QoS 1). */
  sent: 'sensing.command.sent.v1',
  /** The device answered `ok`. */
  acknowledged: 'sensing.command.acknowledged.v1',
  /** The device answered `failed`, or the platform could not publish it. */
  failed: 'sensing.command.failed.v1',
  /** No answer before the command's deadline. */
  timedOut: 'sensing.command.timed-out.v1',
} as const;

/** Payload of every `sensing.command.*.v1` event. */
export interface CommandEventV1 {
  commandId: string;
  deviceId: string;
  deviceType: string;
  name: string;
  status: string;
  /** When the state changed (server clock, ISO-8601). */
  at: string;
  /** The device's or the platform's explanation (failed, timed out). */
  message: string | null;
}
