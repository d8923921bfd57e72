/**
 * Point → unit grid lookup for the generator: a uniform bucket grid over the grids' bounding
 * boxes, then an exact point-in-polygon test. Used to give every generated address the codes of
 * the grid it really lies in, and to keep addresses a safe distance inside that grid.
 */
import type { GridCell } from './demo-areas.js';
import { distanceToRingMetres, pointInRing, ringBBox } from './demo-geometry.js';

/** Bucket size in degrees (about one cell). */
const BUCKET_DEG = 0.003;

/** Finds the unit grid containing a point. */
export class GridLocator {
  private readonly buckets = new Map<number, GridCell[]>();

  constructor(grids: readonly GridCell[]) {
    for (const grid of grids) {
      const [minX, minY, maxX, maxY] = ringBBox(grid.geometry.coordinates[0]!);
      for (let bx = Math.floor(minX / BUCKET_DEG); bx <= Math.floor(maxX / BUCKET_DEG); bx++) {
        for (let by = Math.floor(minY / BUCKET_DEG); by <= Math.floor(maxY / BUCKET_DEG); by++) {
          const key = bucketKey(bx, by);
          const list = this.buckets.get(key);
          if (list) list.push(grid);
          else this.buckets.set(key, [grid]);
        }
      }
    }
  }

  /** The grid strictly containing the point, or undefined outside the city. */
  locate(lon: number, lat: number): GridCell | undefined {
    const list = this.buckets.get(bucketKey(Math.floor(lon / BUCKET_DEG), Math.floor(lat / BUCKET_DEG)));
    return list?.find((g) => pointInRing(g.geometry.coordinates[0]!, lon, lat));
  }

  /**
   * The containing grid when the point is at least `marginMetres` inside it, else undefined:
   * an address must sit unambiguously in one grid, never on a shared edge.
   */
  locateWithin(lon: number, lat: number, marginMetres: number): GridCell | undefined {
    const grid = this.locate(lon, lat);
    if (!grid) return undefined;
    return distanceToRingMetres(grid.geometry.coordinates[0]!, lon, lat) >= marginMetres ? grid : undefined;
  }
}

function bucketKey(bx: number, by: number): number {
  return bx * 100_000 + by;
}
