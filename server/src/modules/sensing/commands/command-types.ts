/** The shapes of downlink commands as the service and the API see them. */

/**
 * A command's lifecycle: `pending` while it is being published, `sent` once the broker took it,
 * then exactly one of `acknowledged` (device answered ok), `failed` (device answered failed, or
 * publishing failed) or `timed_out` (no answer before the deadline).
 */
export const COMMAND_STATUSES = ['pending', 'sent', 'acknowledged', 'failed', 'timed_out'] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** The states a command can still leave. */
export const OPEN_COMMAND_STATUSES: readonly CommandStatus[] = ['pending', 'sent'];

/** A parameter value as a thing model allows it. */
export type CommandParamValue = number | string | boolean;

/** A command as the API answers. */
export interface CommandView {
  id: string;
  deviceId: string;
  deviceType: string;
  name: string;
  params: Record<string, CommandParamValue>;
  status: CommandStatus;
  /** Who sent it (audit actor: a user id or `apikey:<id>`). */
  createdBy: string;
  createdAt: string;
  sentAt: string | null;
  /** When it times out if the device has not answered. */
  expiresAt: string;
  completedAt: string | null;
  /** What the device returned with `ok` (free JSON object). */
  result: Record<string, unknown> | null;
  /** The device's or the platform's explanation. */
  message: string | null;
}

/** What a device answers on `devices/{id}/commands/ack` (or over HTTP). */
export interface CommandAck {
  id: string;
  status: 'ok' | 'failed';
  result?: Record<string, unknown>;
  message?: string;
}

/** What the device receives on `devices/{id}/commands`. */
export interface CommandMessage {
  id: string;
  name: string;
  params: Record<string, CommandParamValue>;
  /** When the platform sent it (ISO-8601). */
  ts: string;
}
