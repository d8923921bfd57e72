/**
 * Address → coordinates over the in-memory gazetteer. Candidates are ranked 0..1, best first:
 *   1. the exact door plate (road + number, and building when given),
 *   2. a number the gazetteer lacks on a known road: interpolated between the nearest plates of
 *      the same side of the road (odd / even), or the nearest plate when only one side exists,
 *   3. named places by substring / character-bigram similarity,
 *   4. the road alone, and the area alone (its interior point).
 * Administrative parts of the query (district, street, community) do not filter, they weigh:
 * a candidate in another district than the one written loses score, so a slip in the district
 * still finds the address while the right one wins when both exist.
 *
 * The geocoder is immutable; the service builds a new one whenever the gazetteer changes.
 */
import { AddressDictionary } from './address-dictionary.js';
import { normalizeAddress } from './address-normalize.js';
import { parseAddress, type ParsedAddress } from './address-parser.js';
import type { AddressInput, AddressKind, Location, RoadInput } from './geo-types.js';
import type { GridIndex } from './grid-index.js';
import { bigrams, nameSimilarity } from './text-similarity.js';

/** How a candidate was found. */
export type CandidateKind = AddressKind | 'interpolated' | 'road' | 'area';

/** One ranked answer. */
export interface GeocodeCandidate {
  address: string;
  lon: number;
  lat: number;
  /** 0..1, higher is better. */
  score: number;
  kind: CandidateKind;
  /** The gazetteer entry behind the answer (null when computed). */
  addressId: string | null;
  /** Name of the place (POI) when the answer is one. */
  name: string | null;
  location: Location;
}

/** The parse and the ranked candidates of one query. */
export interface GeocodeResult {
  parsed: ParsedAddress;
  candidates: GeocodeCandidate[];
}

interface Entry {
  input: AddressInput;
  road: string;
  /** Leading integer of the house number (NaN when none). */
  num: number;
  number: string;
  /** Building id without 栋 (e.g. "3", "A"), '' when none. */
  building: string;
  poi: string;
}

const EMPTY_LOCATION: Location = Object.freeze({ district: null, street: null, community: null, grid: null });
/** Weight kept per administrative level that contradicts the query. */
const MISMATCH_FACTOR = 0.7;
/** Named places below this similarity are noise. */
const MIN_POI_SIMILARITY = 0.34;

/** Ranked, in-memory geocoder over one snapshot of the gazetteer. */
export class Geocoder {
  private readonly entries: Entry[] = [];
  private readonly byRoadNumber = new Map<string, Entry[]>();
  /** Door / building plates of each road, sorted by number. */
  private readonly byRoad = new Map<string, Entry[]>();
  private readonly poiPostings = new Map<string, number[]>();
  private readonly roadLines = new Map<string, RoadInput[]>();
  private readonly areaCodesByName = new Map<string, string[]>();
  readonly dictionary = new AddressDictionary();
  private readonly cityName: string;

  constructor(
    addresses: readonly AddressInput[],
    roads: readonly RoadInput[],
    private readonly index: GridIndex,
  ) {
    const city = index.areasOf('city')[0];
    this.cityName = city?.name ?? '';
    for (const level of ['city', 'district', 'street', 'community'] as const) {
      for (const a of index.areasOf(level)) {
        this.dictionary.add(level, a.name);
        const key = `${level}|${normalizeAddress(a.name)}`;
        this.areaCodesByName.set(key, [...(this.areaCodesByName.get(key) ?? []), a.code]);
      }
    }
    for (const r of roads) {
      const name = normalizeAddress(r.name);
      this.dictionary.add('road', name);
      this.roadLines.set(name, [...(this.roadLines.get(name) ?? []), r]);
    }
    const roadNames = new Map<string, string>();
    for (const input of addresses) {
      // Tens of thousands of plates share a few hundred roads: normalise each road once.
      let road = '';
      if (input.road) {
        road = roadNames.get(input.road) ?? '';
        if (!road) {
          road = normalizeAddress(input.road);
          roadNames.set(input.road, road);
          this.dictionary.add('road', road);
        }
      }
      const number = input.houseNumber ? normalizeAddress(input.houseNumber).replace(/号$/, '') : '';
      const entry: Entry = {
        input,
        road,
        number,
        num: Number.parseInt(number, 10),
        building: input.building ? normalizeAddress(input.building).replace(/[栋幢座]$/, '') : '',
        poi: input.poiName ? normalizeAddress(input.poiName) : '',
      };
      const id = this.entries.push(entry) - 1;
      if (road && number) {
        const key = `${road}|${number}`;
        const list = this.byRoadNumber.get(key);
        if (list) list.push(entry);
        else this.byRoadNumber.set(key, [entry]);
        if (input.kind !== 'poi' && Number.isFinite(entry.num)) {
          const plates = this.byRoad.get(road);
          if (plates) plates.push(entry);
          else this.byRoad.set(road, [entry]);
        }
      }
      if (entry.poi) {
        for (const g of bigrams(entry.poi)) {
          const p = this.poiPostings.get(g);
          if (p) p.push(id);
          else this.poiPostings.set(g, [id]);
        }
      }
    }
    for (const plates of this.byRoad.values()) plates.sort((a, b) => a.num - b.num);
  }

  /** Number of gazetteer entries. */
  get size(): number {
    return this.entries.length;
  }

  /** Parse a query and rank candidates, best first. */
  geocode(query: string, limit = 5): GeocodeResult {
    const parsed = parseAddress(query, this.dictionary);
    const found = new Map<string, GeocodeCandidate>();
    const add = (c: GeocodeCandidate) => {
      c.score = Math.round(Math.min(1, c.score) * 1000) / 1000;
      const key = c.addressId ?? `${c.kind}|${c.lon.toFixed(6)}|${c.lat.toFixed(6)}`;
      const prev = found.get(key);
      if (!prev || prev.score < c.score) found.set(key, c);
    };
    const areaFactor = this.areaWeigher(parsed);
    const areaOnly = this.isAreaOnly(parsed);
    if (parsed.road) this.matchRoad(parsed, areaFactor, add);
    // A query that is only known area names (江北区, 长山街道) asks for the area, not for the
    // places whose names merely contain it.
    if (!areaOnly) this.matchPoi(parsed, areaFactor, add);
    this.matchArea(parsed, areaOnly, add);
    const ranked = [...found.values()].sort((a, b) => b.score - a.score || a.address.localeCompare(b.address));
    return { parsed, candidates: ranked.slice(0, limit) };
  }

  /** Road + number: exact plate, else interpolated / nearest plate, else the road itself. */
  private matchRoad(parsed: ParsedAddress, areaFactor: (e: Location) => number, add: (c: GeocodeCandidate) => void): void {
    const road = parsed.road!;
    const wantBuilding = parsed.building?.replace(/栋$/, '') ?? '';
    if (parsed.number) {
      const exact = this.byRoadNumber.get(`${road}|${parsed.number}`) ?? [];
      for (const e of exact) {
        // The plate itself (a door, or the compound named at that number) answers a query
        // without a building; a building answers only when its own number was asked for.
        let base: number;
        if (wantBuilding) base = e.building === wantBuilding ? 1 : e.building ? 0.8 : 0.88;
        else base = e.building ? 0.85 : e.input.kind === 'poi' ? 0.95 : 0.97;
        if (e.input.kind === 'poi' && parsed.poi && nameSimilarity(parsed.poi, e.poi) > 0.5) base = 1;
        add(this.fromEntry(e, base * areaFactor(this.locationOf(e))));
      }
      if (exact.length === 0) this.interpolate(road, parsed.number, areaFactor, add);
    }
    if (!parsed.number) {
      const mid = this.roadMidpoint(road);
      if (mid) {
        const location = this.index.locate(mid[0], mid[1]) ?? EMPTY_LOCATION;
        add({
          address: this.describe(location, road),
          lon: mid[0],
          lat: mid[1],
          score: 0.5 * areaFactor(location),
          kind: 'road',
          addressId: null,
          name: null,
          location,
        });
      }
    }
  }

  /** A number the gazetteer lacks: interpolate between the nearest plates on its side of the road. */
  private interpolate(road: string, number: string, areaFactor: (e: Location) => number, add: (c: GeocodeCandidate) => void): void {
    const n = Number.parseInt(number, 10);
    const plates = this.byRoad.get(road);
    if (!plates || !Number.isFinite(n)) return;
    const sameSide = plates.filter((p) => p.num % 2 === n % 2);
    const pool = sameSide.length > 0 ? sameSide : plates;
    let lower: Entry | undefined;
    let upper: Entry | undefined;
    for (const p of pool) {
      if (p.num <= n) lower = p;
      else if (!upper) upper = p;
    }
    let lon: number;
    let lat: number;
    let score: number;
    if (lower && upper && upper.num !== lower.num) {
      const t = (n - lower.num) / (upper.num - lower.num);
      lon = lower.input.lon + t * (upper.input.lon - lower.input.lon);
      lat = lower.input.lat + t * (upper.input.lat - lower.input.lat);
      // Closer plates make a better guess: a gap of 2 numbers is nearly exact, 100 is vague.
      score = 0.75 - 0.15 * Math.min(1, (upper.num - lower.num) / 100);
    } else {
      const near = lower ?? upper!;
      lon = near.input.lon;
      lat = near.input.lat;
      score = 0.6 - 0.15 * Math.min(1, Math.abs(near.num - n) / 100);
    }
    const location = this.index.locate(lon, lat) ?? EMPTY_LOCATION;
    add({
      address: this.describe(location, `${road}${number}号`),
      lon,
      lat,
      score: score * areaFactor(location),
      kind: 'interpolated',
      addressId: null,
      name: null,
      location,
    });
  }

  /** Named places: the POI text of the query (or the whole query) against POI names. */
  private matchPoi(parsed: ParsedAddress, areaFactor: (e: Location) => number, add: (c: GeocodeCandidate) => void): void {
    const texts = new Set<string>();
    if (parsed.poi) texts.add(parsed.poi);
    if (!parsed.road || parsed.poi) texts.add(parsed.normalized);
    for (const text of texts) {
      if (text.length < 2) continue;
      const grams = bigrams(text);
      const counts = new Map<number, number>();
      for (const g of grams) for (const id of this.poiPostings.get(g) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
      // Only entries sharing enough bigrams are scored exactly: keeps a short query over a
      // large gazetteer cheap.
      const need = Math.max(1, Math.floor(grams.length * 0.25));
      for (const [id, common] of counts) {
        if (common < need) continue;
        const e = this.entries[id]!;
        const sim = nameSimilarity(text, e.poi);
        if (sim < MIN_POI_SIMILARITY) continue;
        add(this.fromEntry(e, 0.95 * sim * areaFactor(this.locationOf(e))));
      }
    }
  }

  /** The finest administrative area written, at its interior point. */
  private matchArea(parsed: ParsedAddress, areaOnly: boolean, add: (c: GeocodeCandidate) => void): void {
    const levels = [
      ['community', 0.4],
      ['street', 0.35],
      ['district', 0.3],
    ] as const;
    for (const [level, fallbackScore] of levels) {
      // Asked for by itself the area is the answer; next to a road or a place it is a fallback.
      const score = areaOnly ? fallbackScore + 0.5 : fallbackScore;
      const name = parsed[level];
      if (!name) continue;
      for (const code of this.areaCodesByName.get(`${level}|${name}`) ?? []) {
        const area = this.index.get(code);
        if (!area) continue;
        const [lon, lat] = area.interior;
        const location = this.index.locate(lon, lat) ?? area.location;
        add({ address: this.describe(area.location), lon, lat, score, kind: 'area', addressId: null, name: area.name, location });
      }
      return;
    }
  }

  /** True when the query is nothing but area names the gazetteer knows. */
  private isAreaOnly(parsed: ParsedAddress): boolean {
    const { road, number, building, unit, floor, room, poi } = parsed;
    if (road || number || building || unit || floor || room || poi) return false;
    let any = false;
    for (const level of ['district', 'street', 'community'] as const) {
      const name = parsed[level];
      if (!name) continue;
      if (!this.areaCodesByName.has(`${level}|${name}`)) return false;
      any = true;
    }
    return any;
  }

  /** Scores a candidate's location against the administrative parts written in the query. */
  private areaWeigher(parsed: ParsedAddress): (l: Location) => number {
    const wanted: Array<[keyof Location, Set<string>]> = [];
    for (const level of ['district', 'street', 'community'] as const) {
      const name = parsed[level];
      if (!name) continue;
      const codes = this.areaCodesByName.get(`${level}|${name}`);
      if (codes) wanted.push([level, new Set(codes)]);
    }
    if (wanted.length === 0) return () => 1;
    return (l) => {
      let f = 1;
      for (const [level, codes] of wanted) if (!l[level] || !codes.has(l[level].code)) f *= MISMATCH_FACTOR;
      return f;
    };
  }

  private locationOf(e: Entry): Location {
    const byGrid = e.input.gridCode ? this.index.get(e.input.gridCode)?.location : undefined;
    return byGrid ?? this.index.locate(e.input.lon, e.input.lat) ?? EMPTY_LOCATION;
  }

  private fromEntry(e: Entry, score: number): GeocodeCandidate {
    return {
      address: e.input.fullAddress,
      lon: e.input.lon,
      lat: e.input.lat,
      score: Math.round(Math.min(1, score) * 1000) / 1000,
      kind: e.input.kind,
      addressId: e.input.id,
      name: e.input.poiName ?? null,
      location: this.locationOf(e),
    };
  }

  /** A road's middle: the middle vertex of its longest line, else its middle plate. */
  private roadMidpoint(road: string): [number, number] | null {
    const lines = this.roadLines.get(road);
    if (lines && lines.length > 0) {
      const line = lines.reduce((a, b) => (b.geometry.coordinates.length > a.geometry.coordinates.length ? b : a));
      const c = line.geometry.coordinates;
      const p = c[Math.floor(c.length / 2)]!;
      return [p[0]!, p[1]!];
    }
    const plates = this.byRoad.get(road);
    if (plates && plates.length > 0) {
      const p = plates[Math.floor(plates.length / 2)]!;
      return [p.input.lon, p.input.lat];
    }
    return null;
  }

  /** Canonical text for a computed answer: 示范市东城区城东街道 + rest. */
  private describe(l: Location, rest = ''): string {
    const parts = [this.cityName, l.district?.name, l.street?.name];
    if (!rest) parts.push(l.community?.name);
    return parts.filter(Boolean).join('') + rest;
  }
}
