/**
 * Server-side paging over the platform's opaque cursors. The API only goes forward (`next`), so
 * the hook keeps the cursor that opened every page it has shown: "previous" re-reads the page from
 * its remembered cursor. A change of filter starts again at page 1.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isAbort } from '../api/client.js';
import type { Page } from '../api/types.js';

export interface CursorList<T> {
  items: T[];
  total: number | undefined;
  /** 1-based page number. */
  page: number;
  pageSize: number;
  hasNext: boolean;
  loading: boolean;
  error: unknown;
  nextPage: () => void;
  prevPage: () => void;
  setPageSize: (size: number) => void;
  /** Re-read the current page (after an edit). */
  reload: () => void;
}

export type PageFetcher<T, F> = (filter: F, cursor: string | undefined, limit: number, signal: AbortSignal) => Promise<Page<T>>;

/**
 * @param fetchPage reads one page for a filter
 * @param filter the current filter; compared by JSON value, so a new object with the same values
 *   does not reset paging
 */
export function useCursorList<T, F>(fetchPage: PageFetcher<T, F>, filter: F, initialPageSize = 20): CursorList<T> {
  const filterKey = JSON.stringify(filter);
  const [pageSize, setPageSizeState] = useState(initialPageSize);
  // cursors[i] opened page i+1; page 1 has no cursor.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const [page, setPage] = useState(1);
  const [result, setResult] = useState<Page<T> | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const filterRef = useRef(filter);
  filterRef.current = filter;

  // A new filter or page size restarts at page 1.
  useEffect(() => {
    setCursors([undefined]);
    setPage(1);
  }, [filterKey, pageSize]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    fetchRef.current(filterRef.current, cursors[page - 1], pageSize, controller.signal).then(
      (res) => {
        if (controller.signal.aborted) return;
        setResult(res);
        setLoading(false);
      },
      (err: unknown) => {
        if (controller.signal.aborted || isAbort(err)) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [filterKey, pageSize, page, cursors, tick]);

  const nextPage = useCallback(() => {
    const next = result?.next;
    if (!next) return;
    setCursors((prev) => [...prev.slice(0, page), next]);
    setPage((p) => p + 1);
  }, [result, page]);

  const prevPage = useCallback(() => setPage((p) => Math.max(1, p - 1)), []);
  const setPageSize = useCallback((size: number) => setPageSizeState(size), []);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  return {
    items: result?.items ?? [],
    total: result?.total,
    page,
    pageSize,
    hasNext: Boolean(result?.next),
    loading,
    error,
    nextPage,
    prevPage,
    setPageSize,
    reload,
  };
}
