/**
 * The baseline the grid index is measured and tested against: test the point against every
 * grid polygon in turn, the way a table scan with `ST_Contains` on each row would. Same
 * boundary rule as the index, so both must agree on every point.
 */
import type { AreaInput, Location } from './geo-types.js';
import { compileLevel, pickPosition, prepareAreas, type LevelAreas } from './grid-index.js';

/** Point → grid by exhaustive point-in-polygon over all grids (no spatial index). */
export class LinearScanLocator {
  private readonly level: LevelAreas;
  private readonly all: Int32Array;

  constructor(areas: readonly AreaInput[]) {
    const prepared = prepareAreas(areas);
    this.level = compileLevel(
      prepared.areas.filter((a) => a.level === 'grid'),
      prepared.geometries,
    );
    this.all = Int32Array.from(this.level.areas.keys());
  }

  /** Where a point falls (grids only), or null. */
  locate(lon: number, lat: number): Location | null {
    const pos = pickPosition(this.level, this.all, lon, lat);
    return pos >= 0 ? this.level.areas[pos]!.location : null;
  }

  /** Code of the grid containing the point, or null. */
  gridAt(lon: number, lat: number): string | null {
    const pos = pickPosition(this.level, this.all, lon, lat);
    return pos >= 0 ? this.level.areas[pos]!.code : null;
  }
}
