/**
 * The city-wide drivers every simulated device shares, so that neighbouring stations agree:
 * pollution episodes (multi-hour, several times a month) and rain events (a few hours, a few
 * times a week) with the water they leave in rivers and drains. Pure functions of time.
 *
 * @example
 * pollutionEpisode(t) // 0 on a clean day, up to ~3.5 at the height of an episode
 * runoff(t)           // 0 when dry; rises during rain, recedes over the following hours
 */
import { DAY_MS, HOUR_MS } from './city-clock.js';
import { between, unit } from './sim-noise.js';

/** Episode slots: an episode builds over one slot and fades over the next. */
const EPISODE_SLOT_MS = 6 * HOUR_MS;
/** Share of slots that hold an episode peak (≈ one episode every 2–3 days). */
const EPISODE_CHANCE = 0.08;

/** Rain slots: at most one rain event starts in each. */
const RAIN_SLOT_MS = 12 * HOUR_MS;
const RAIN_CHANCE = 0.22;
/** How fast water gathers during rain and drains after it (hours). */
const RISE_TAU_H = 1.5;
const RECEDE_TAU_H = 5;

/**
 * Strength of a pollution episode now: 0 outside episodes, peaks of 1.2–3.5 (a multiplier on
 * top of the normal level). Peaks sit on slot boundaries and the level follows a cosine between
 * them, so an episode lasts about 12 hours from first rise to last fall.
 */
export function pollutionEpisode(t: number): number {
  const x = t / EPISODE_SLOT_MS;
  const k = Math.floor(x);
  const peak = (slot: number) => (unit('episode', slot) < EPISODE_CHANCE ? between(1.2, 3.5, 'episode-peak', slot) : 0);
  const a = peak(k);
  const b = peak(k + 1);
  const w = (1 - Math.cos(Math.PI * (x - k))) / 2;
  return a + (b - a) * w;
}

/** One rain event. */
interface RainEvent {
  start: number;
  end: number;
  /** 0.25 (light) – 1 (rainstorm). */
  intensity: number;
}

function rainEvent(slot: number): RainEvent | null {
  if (unit('rain', slot) >= RAIN_CHANCE) return null;
  const start = slot * RAIN_SLOT_MS + between(0, 6, 'rain-start', slot) * HOUR_MS;
  const hours = between(1.5, 6, 'rain-hours', slot);
  // Most rain is light; one event in four is heavy enough to lift gauges past their warning levels.
  const heavy = unit('rain-heavy', slot) < 0.25;
  const intensity = heavy ? between(0.75, 1, 'rain-intensity', slot) : between(0.2, 0.55, 'rain-intensity', slot);
  return { start, end: start + hours * HOUR_MS, intensity };
}

/** The events that can still matter at `t` (started within the last two days). */
function recentRain(t: number): RainEvent[] {
  const k = Math.floor(t / RAIN_SLOT_MS);
  const out: RainEvent[] = [];
  for (let s = k - Math.ceil((2 * DAY_MS) / RAIN_SLOT_MS); s <= k; s++) {
    const e = rainEvent(s);
    if (e && e.start <= t) out.push(e);
  }
  return out;
}

/** Rain falling now: 0 (dry) to 1 (rainstorm). */
export function rainfall(t: number): number {
  let r = 0;
  for (const e of recentRain(t)) if (t < e.end) r = Math.max(r, e.intensity);
  return r;
}

/**
 * Water the recent rain left behind, 0 (dry) to about 1 after hours of rainstorm: during an event
 * it approaches the event's intensity, afterwards it recedes exponentially.
 */
export function runoff(t: number): number {
  let total = 0;
  for (const e of recentRain(t)) {
    const until = Math.min(t, e.end);
    const gathered = e.intensity * (1 - Math.exp(-(until - e.start) / (RISE_TAU_H * HOUR_MS)));
    total += t <= e.end ? gathered : gathered * Math.exp(-(t - e.end) / (RECEDE_TAU_H * HOUR_MS));
  }
  return Math.min(total, 1.3);
}
