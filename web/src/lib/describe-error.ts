/**
 * Turn any failure into two sentences for the user: what went wrong, and what to do next.
 */
import { ApiError } from '../api/client.js';
import type { TranslateFn } from '../i18n/i18n.js';

export interface ErrorDescription {
  /** What went wrong (the server's detail when it sent one). */
  message: string;
  /** What the user can do about it. */
  hint: string;
}

/** Describe an error from an API call or from the app itself. */
export function describeError(err: unknown, t: TranslateFn): ErrorDescription {
  if (err instanceof ApiError) {
    // The server writes its details in English; lead with our own words, keep its detail for support.
    const withDetail = (message: string) => (err.detail ? t('error.withDetail', { message, detail: err.detail }) : message);
    switch (true) {
      case err.status === 0:
        return { message: t('error.network'), hint: t('error.network.hint') };
      case err.status === 400 || err.status === 422:
        return { message: withDetail(t('error.invalid')), hint: t('error.invalid.hint') };
      case err.status === 401:
        return { message: t('error.unauthorized'), hint: t('error.unauthorized.hint') };
      case err.status === 403:
        return { message: withDetail(t('error.forbidden')), hint: t('error.forbidden.hint') };
      case err.status === 404:
        return { message: withDetail(t('error.notFound')), hint: t('error.notFound.hint') };
      case err.status === 409:
        return { message: withDetail(t('error.conflict')), hint: t('error.conflict.hint') };
      case err.status === 423 || err.status === 429:
        return { message: withDetail(t('error.tooMany')), hint: t('error.tooMany.hint') };
      case err.status >= 500:
        return { message: t('error.server', { status: err.status }), hint: t('error.server.hint') };
      default:
        return { message: withDetail(err.title), hint: t('error.generic.hint') };
    }
  }
  const message = err instanceof Error ? err.message : String(err);
  return { message, hint: t('error.generic.hint') };
}

/** One line, for toasts. */
export function errorLine(err: unknown, t: TranslateFn): string {
  const { message, hint } = describeError(err, t);
  return `${message} ${hint}`;
}
