/**
 * Display masks per personal-information class (DESIGN.md "Security baseline"): the kernel's
 * mask functions for names, phones, ID numbers and addresses; anything else personal is hidden.
 */
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../kernel/auth/index.js';
import type { PersonalClass } from './catalog-types.js';

/** The masked form of a value of a personal field. */
export function maskValue(value: unknown, personal: PersonalClass): unknown {
  if (value === null || value === undefined) return value;
  const s = typeof value === 'string' ? value : String(value);
  switch (personal) {
    case 'name':
      return maskName(s);
    case 'phone':
      return maskPhone(s);
    case 'id_number':
      return maskIdNumber(s);
    case 'address':
      return maskAddress(s);
    case 'other':
      return '******';
  }
}
