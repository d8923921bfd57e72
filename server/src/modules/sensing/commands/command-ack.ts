/**
 * Parses what a device answers to a command (`devices/{id}/commands/ack` or HTTP):
 * `{"id": "<command id>", "status": "ok" | "failed", "result"?: {…}, "message"?: "…"}`.
 * Each problem names its field, as an HTTP 400 would.
 *
 * @example parseCommandAck({ id: '01J…', status: 'ok', result: { dimming: 40 } })
 */
import type { FieldError } from '../../../kernel/errors.js';
import type { CommandAck } from './command-types.js';

/** Longest `message` kept from a device. */
export const ACK_MESSAGE_MAX = 500;
/** Largest `result` kept from a device (JSON characters). */
export const ACK_RESULT_MAX = 4_000;

/** The ack, or the problems with it. */
export function parseCommandAck(input: unknown): { ack: CommandAck; errors: [] } | { ack: null; errors: FieldError[] } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ack: null, errors: [{ path: '/body', message: 'must be an object {id, status: "ok" | "failed", result?, message?}' }] };
  }
  const o = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  if (typeof o.id !== 'string' || o.id.length === 0 || o.id.length > 64)
    errors.push({ path: '/body/id', message: 'must be the command id' });
  if (o.status !== 'ok' && o.status !== 'failed') errors.push({ path: '/body/status', message: 'must be "ok" or "failed"' });
  if (o.result !== undefined && (typeof o.result !== 'object' || o.result === null || Array.isArray(o.result))) {
    errors.push({ path: '/body/result', message: 'must be an object' });
  } else if (o.result !== undefined && JSON.stringify(o.result).length > ACK_RESULT_MAX) {
    errors.push({ path: '/body/result', message: `must be at most ${ACK_RESULT_MAX} characters of JSON` });
  }
  if (o.message !== undefined && (typeof o.message !== 'string' || o.message.length > ACK_MESSAGE_MAX)) {
    errors.push({ path: '/body/message', message: `must be a string of at most ${ACK_MESSAGE_MAX} characters` });
  }
  for (const k of Object.keys(o)) {
    if (!['id', 'status', 'result', 'message'].includes(k))
      errors.push({ path: `/body/${k}`, message: 'is not a field of a command answer' });
  }
  if (errors.length) return { ack: null, errors };
  return {
    ack: {
      id: o.id as string,
      status: o.status as 'ok' | 'failed',
      ...(o.result !== undefined ? { result: o.result as Record<string, unknown> } : {}),
      ...(o.message !== undefined ? { message: o.message as string } : {}),
    },
    errors: [],
  };
}
