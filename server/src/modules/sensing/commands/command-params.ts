/**
 * Checks a command request against the device type's thing model: the command must be declared,
 * every declared parameter given with its type and range, nothing else. Each problem names its
 * field as a JSON pointer into the request body.
 *
 * @example
 * checkCommand(streetlight, 'dim', { level: 140 }) // [{ path: '/body/params/level', message: 'must be at most 100' }]
 */
import type { FieldError } from '../../../kernel/errors.js';
import type { DeviceTypeDef } from '../thing-model.js';

/** The problems of a command request; empty when it is valid. */
export function checkCommand(type: DeviceTypeDef, name: string, params: Record<string, unknown>): FieldError[] {
  const def = type.commands.find((c) => c.name === name);
  if (!def) {
    const known = type.commands.map((c) => c.name);
    return [
      {
        path: '/body/name',
        message: known.length
          ? `${type.code} has no command ${name}; its commands are ${known.join(', ')}`
          : `${type.code} accepts no commands`,
      },
    ];
  }
  const errors: FieldError[] = [];
  for (const key of Object.keys(params)) {
    if (!def.params.some((p) => p.name === key)) {
      errors.push({
        path: `/body/params/${key}`,
        message: `is not a parameter of ${name} (${def.params.map((p) => p.name).join(', ') || 'none'})`,
      });
    }
  }
  for (const p of def.params) {
    const v = params[p.name];
    const path = `/body/params/${p.name}`;
    if (v === undefined || v === null) {
      errors.push({ path, message: `is required (${p.type})` });
      continue;
    }
    if (typeof v !== p.type) {
      errors.push({ path, message: `must be a ${p.type}` });
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) errors.push({ path, message: 'must be a finite number' });
      else if (p.min !== undefined && v < p.min) errors.push({ path, message: `must be at least ${p.min}` });
      else if (p.max !== undefined && v > p.max) errors.push({ path, message: `must be at most ${p.max}` });
    }
  }
  return errors;
}
