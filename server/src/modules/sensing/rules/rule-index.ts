/**
 * Which rules watch a reading, answered from memory. Ingestion calls this for every reading, so
 * the common case — no rule for this device, type or property — is two map lookups and no IO.
 */
import type { Rule } from './rule-types.js';

/** The facts of a device that decide whether a rule covers it. */
export interface DevicePlace {
  id: string;
  type: string;
  gridCode: string | null;
  communityCode: string | null;
  streetCode: string | null;
  districtCode: string | null;
}

/**
 * True when the area code is a prefix of the device's grid code (area codes nest: district 6,
 * street 9, community 12, grid 15 digits). A device outside every grid still falls in an area
 * through its coarser codes.
 *
 * @example areaCovers('330791001', { gridCode: '330791001002003', ... }) // true
 */
export function areaCovers(areaCode: string, d: Pick<DevicePlace, 'gridCode' | 'communityCode' | 'streetCode' | 'districtCode'>): boolean {
  for (const code of [d.gridCode, d.communityCode, d.streetCode, d.districtCode]) {
    if (code && code.startsWith(areaCode)) return true;
  }
  return false;
}

/** True when the rule's target covers the device (property aside). */
export function ruleCoversDevice(rule: Pick<Rule, 'target'>, d: DevicePlace): boolean {
  const t = rule.target;
  switch (t.kind) {
    case 'device':
      return t.deviceId === d.id;
    case 'type':
      return t.deviceType === d.type;
    case 'area':
      return areaCovers(t.areaCode, d);
  }
}

/** Candidate rules for one reading: the certain ones, and the area rules that need the device's place. */
export interface ReadingCandidates {
  rules: readonly Rule[];
  areaRules: readonly Rule[];
}

const NONE: readonly Rule[] = Object.freeze([]);
const key = (a: string, property: string): string => `${a}\u0000${property}`;

/** An immutable lookup of the enabled rules by device, type and property. Rebuilt on every rule change. */
export class RuleIndex {
  readonly #byDevice = new Map<string, Rule[]>();
  readonly #byType = new Map<string, Rule[]>();
  readonly #byAreaProperty = new Map<string, Rule[]>();
  readonly #byId = new Map<string, Rule>();
  readonly #nodata: Rule[] = [];

  constructor(rules: readonly Rule[]) {
    for (const r of rules) {
      if (!r.enabled) continue;
      this.#byId.set(r.id, r);
      if (r.operator === 'nodata') this.#nodata.push(r);
      const t = r.target;
      const [map, k] =
        t.kind === 'device'
          ? [this.#byDevice, key(t.deviceId, r.property)]
          : t.kind === 'type'
            ? [this.#byType, key(t.deviceType, r.property)]
            : [this.#byAreaProperty, r.property];
      const list = map.get(k);
      if (list) list.push(r);
      else map.set(k, [r]);
    }
  }

  /** Number of enabled rules. */
  get size(): number {
    return this.#byId.size;
  }

  get(id: string): Rule | undefined {
    return this.#byId.get(id);
  }

  /** The rules that may watch this reading. */
  forReading(deviceId: string, deviceType: string, property: string): ReadingCandidates {
    if (this.#byId.size === 0) return { rules: NONE, areaRules: NONE };
    const direct = this.#byDevice.get(key(deviceId, property));
    const typed = this.#byType.get(key(deviceType, property));
    const rules = direct && typed ? [...direct, ...typed] : (direct ?? typed ?? NONE);
    return { rules, areaRules: this.#byAreaProperty.get(property) ?? NONE };
  }

  /** Enabled `nodata` rules (evaluated by the periodic tick). */
  nodataRules(): readonly Rule[] {
    return this.#nodata;
  }
}
