/**
 * Possible duplicates: the same category, an open case, created within a window, at the same or
 * a neighbouring place, and similar words. Similarity is the Dice coefficient of character
 * bigrams, which needs no word segmentation and holds up on short Chinese complaints
 * ("井盖破损" vs "井盖坏了" share 井盖).
 */
import type { CaseRecord } from './case-types.js';

/** How far back duplicates are looked for. */
export const DUPLICATE_WINDOW_MS = 7 * 86_400_000;
/** "Neighbouring": within this distance when both cases have a position (about one unit grid and its neighbours). */
export const NEIGHBOUR_METERS = 300;
/** Text similarity from which two reports are suggested as one. */
export const MIN_TEXT_SIMILARITY = 0.25;
/** Without any position, the text alone must be this similar. */
export const MIN_TEXT_SIMILARITY_NO_PLACE = 0.5;

const IGNORED = /[\s\p{P}\p{S}]/gu;

function bigrams(text: string): Map<string, number> {
  const chars = [...text.replace(IGNORED, '')];
  const m = new Map<string, number>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i]! + chars[i + 1]!;
    m.set(g, (m.get(g) ?? 0) + 1);
  }
  if (chars.length === 1) m.set(chars[0]!, 1);
  return m;
}

/** Dice coefficient of character bigrams, 0…1. */
export function textSimilarity(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  let total = 0;
  let shared = 0;
  for (const n of A.values()) total += n;
  for (const n of B.values()) total += n;
  if (total === 0) return 0;
  for (const [g, n] of A) shared += Math.min(n, B.get(g) ?? 0);
  return (2 * shared) / total;
}

/** Great-circle distance in metres (haversine). */
export function distanceMeters(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const R = 6_371_008;
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(h));
}

/** What a probe is compared on. */
export interface DuplicateProbe {
  id?: string;
  description: string;
  gridCode: string | null;
  lon: number | null;
  lat: number | null;
}

/** A suggestion. */
export interface DuplicateSuggestion {
  id: string;
  number: string;
  status: string;
  description: string;
  gridCode: string | null;
  createdAt: string;
  similarity: number;
  distanceMeters: number | null;
  sameGrid: boolean;
}

/** Ranks candidates (same category, open, in the window) against a probe. */
export function findDuplicates(probe: DuplicateProbe, candidates: readonly CaseRecord[], limit = 10): DuplicateSuggestion[] {
  const out: DuplicateSuggestion[] = [];
  for (const c of candidates) {
    if (c.id === probe.id) continue;
    const sameGrid = !!probe.gridCode && probe.gridCode === c.gridCode;
    const dist =
      probe.lon !== null && probe.lat !== null && c.lon !== null && c.lat !== null
        ? distanceMeters(probe.lon, probe.lat, c.lon, c.lat)
        : null;
    const near = sameGrid || (dist !== null && dist <= NEIGHBOUR_METERS);
    const placeKnown = (!!probe.gridCode || dist !== null) && (!!c.gridCode || c.lon !== null);
    const sim = textSimilarity(probe.description, c.description);
    if (placeKnown ? !near || sim < MIN_TEXT_SIMILARITY : sim < MIN_TEXT_SIMILARITY_NO_PLACE) continue;
    out.push({
      id: c.id,
      number: c.number,
      status: c.status,
      description: c.description,
      gridCode: c.gridCode,
      createdAt: new Date(c.createdAt).toISOString(),
      similarity: Math.round(sim * 1000) / 1000,
      distanceMeters: dist === null ? null : Math.round(dist),
      sameGrid,
    });
  }
  return out.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
}
