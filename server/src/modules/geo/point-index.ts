/**
 * Nearest-address search for reverse geocoding: a flatbush index over the gazetteer's points.
 * Flatbush measures plain Euclidean distance, so longitudes are scaled by cos(latitude) of the
 * data's middle first: within a city (±0.1°) that makes index distance proportional to ground
 * distance to better than 0.1 %, and the final answer is re-measured with haversine anyway.
 */
import Flatbush from 'flatbush';
import { distanceMeters, METERS_PER_DEGREE_LAT } from './geometry.js';

/** A point to index. */
export interface IndexedPoint {
  lon: number;
  lat: number;
}

/** A nearest-neighbour hit. */
export interface NearestHit<T> {
  item: T;
  distanceMeters: number;
}

/** Immutable nearest-point index. */
export class PointIndex<T extends IndexedPoint> {
  private readonly tree: Flatbush | null;
  private readonly scale: number;

  constructor(private readonly items: readonly T[]) {
    const meanLat = items.length ? items.reduce((s, p) => s + p.lat, 0) / items.length : 0;
    this.scale = Math.cos((meanLat * Math.PI) / 180);
    if (items.length === 0) {
      this.tree = null;
      return;
    }
    this.tree = new Flatbush(items.length);
    for (const p of items) this.tree.add(p.lon * this.scale, p.lat, p.lon * this.scale, p.lat);
    this.tree.finish();
  }

  /** Number of points. */
  get size(): number {
    return this.items.length;
  }

  /** The nearest point within `maxMeters`, or null. */
  nearest(lon: number, lat: number, maxMeters: number): NearestHit<T> | null {
    if (!this.tree) return null;
    // A few candidates absorb the scaling error; haversine picks the true nearest.
    const ids = this.tree.neighbors(lon * this.scale, lat, 4, (maxMeters * 1.01) / METERS_PER_DEGREE_LAT);
    let best: NearestHit<T> | null = null;
    for (const id of ids) {
      const item = this.items[id]!;
      const d = distanceMeters(lon, lat, item.lon, item.lat);
      if (d <= maxMeters && (!best || d < best.distanceMeters)) best = { item, distanceMeters: d };
    }
    return best;
  }
}
