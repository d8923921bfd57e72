/**
 * Reference lists the sensing screens share: thing models and districts, read once per page load
 * (re-read after a user defines a type).
 */
import { useEffect, useState } from 'react';
import { geoApi } from '../api/endpoints.js';
import { sensingApi, type DeviceType } from './sensing-api.js';

let typesPromise: Promise<DeviceType[]> | null = null;
let districtsPromise: Promise<Array<{ code: string; name: string }>> | null = null;

/** Forget the cached thing models (after creating one). */
export function invalidateTypes(): void {
  typesPromise = null;
}

function useCached<T>(get: () => Promise<T[]>, version: number): { items: T[]; error: unknown } {
  const [items, setItems] = useState<T[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    get().then(
      (v) => live && setItems(v),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [version]);
  return { items, error };
}

const loadTypes = () => {
  if (!typesPromise) {
    typesPromise = sensingApi.types().then((r) => r.items);
    typesPromise.catch(() => (typesPromise = null));
  }
  return typesPromise;
};

const loadDistricts = () => {
  if (!districtsPromise) {
    districtsPromise = geoApi
      .areas('district')
      .then((fc) => fc.features.map((f) => ({ code: f.properties.code, name: f.properties.name })));
    districtsPromise.catch(() => (districtsPromise = null));
  }
  return districtsPromise;
};

/** Every thing model (built-in and user-defined). */
export const useDeviceTypes = (version = 0) => useCached(loadTypes, version);
/** The city's districts (code, name), for filters. */
export const useDistricts = () => useCached(loadDistricts, 0);
