/**
 * Server-side paging over the platform's opaque cursors. The API only goes forward (`next`), so
 * the hook keeps the cursor that opened every page it has shown: "previous" re-reads the page from
 * its remembered cursor. A change of filter starts again at page 1.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Page } from '../api/types.js';
import { useAsync } from './use-async.js';

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

  // A new filter or page size restarts at page 1.
  useEffect(() => {
    setCursors([undefined]);
    setPage(1);
  }, [filterKey, pageSize]);

  const result = useAsync((signal) => fetchPage(filter, cursors[page - 1], pageSize, signal), [filterKey, pageSize, page, cursors]);
  const next = result.data?.next;

  const nextPage = useCallback(() => {
    if (!next) return;
    setCursors((prev) => [...prev.slice(0, page), next]);
    setPage((p) => p + 1);
  }, [next, page]);

  const prevPage = useCallback(() => setPage((p) => Math.max(1, p - 1)), []);
  const setPageSize = useCallback((size: number) => setPageSizeState(size), []);

  return {
    items: result.data?.items ?? [],
    total: result.data?.total,
    page,
    pageSize,
    hasNext: Boolean(next),
    loading: result.loading,
    error: result.error,
    nextPage,
    prevPage,
    setPageSize,
    reload: result.reload,
  };
}
