/**
 * "Export CSV" of everything the current filter matches (not just the page on screen): reads
 * the list page by page at the API's maximum page size, showing progress, then downloads.
 */
import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Page } from '../api/types.js';
import { useT } from '../i18n/i18n.js';
import { csvFilename, downloadCsv, toCsv, type CsvColumn } from '../lib/csv.js';
import { errorLine } from '../lib/describe-error.js';

const EXPORT_PAGE = 1000; // the API's maximum `limit`

export interface ExportButtonProps<T> {
  fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<T>>;
  columns: () => CsvColumn<T>[];
  filename: string;
}

export function ExportButton<T>({ fetchPage, columns, filename }: ExportButtonProps<T>) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    const key = `export-${filename}`;
    setBusy(true);
    const rows: T[] = [];
    try {
      let cursor: string | undefined;
      do {
        const page = await fetchPage(cursor, EXPORT_PAGE);
        rows.push(...page.items);
        cursor = page.next ?? undefined;
        message.open({
          key,
          type: 'loading',
          content: t('export.progress', { n: rows.length, total: page.total ?? '?' }),
          duration: 0,
        });
      } while (cursor);
      downloadCsv(csvFilename(filename), toCsv(rows, columns()));
      message.open({ key, type: 'success', content: t('export.done', { n: rows.length }), duration: 3 });
    } catch (err) {
      message.open({ key, type: 'error', content: `${t('export.failed')} ${errorLine(err, t)}`, duration: 6 });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid="export-csv">
      {t('export.button')}
    </Button>
  );
}
