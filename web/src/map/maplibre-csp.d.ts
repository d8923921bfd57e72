/**
 * Types for MapLibre's CSP build: the same API as `maplibre-gl`, but its worker is loaded from a
 * URL of our origin (see maplibre.ts) instead of a blob, so a strict Content-Security-Policy
 * (`worker-src 'self'`) does not break the map.
 */
declare module 'maplibre-gl/dist/maplibre-gl-csp.js' {
  import * as maplibre from 'maplibre-gl';
  export default maplibre;
}
