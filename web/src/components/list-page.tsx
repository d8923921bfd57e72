/**
 * The frame of every list screen: the head with CSV export (of everything the filter matches) and
 * a create button, a toolbar (search, filters, reset, refresh), the error with a retry, the table
 * with an empty state that tells "nothing yet" from "nothing matches", and paging. Screens bring
 * their columns, filter controls and drawers.
 *
 * @example
 *   <ListPage testId="users-page" title={t('users.title')} exportCsv={{ filename: 'users', columns: csvColumns, fetchPage }}
 *     search={{ placeholder: t('users.search'), value: inputs.values.q, onChange: inputs.set('q') }}
 *     controls={<FilterSelect … />} filter={{ value: filter, reset: inputs.reset }}
 *     what={t('users.what')} list={list} table={{ rowKey: 'id', columns }}>
 *     <UserFormDrawer … />
 *   </ListPage>
 */
import type { ReactNode } from 'react';
import { Button, Card, Input, Table, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useT } from '../i18n/i18n.js';
import type { CursorList } from '../lib/use-cursor-list.js';
import { CursorPager } from './cursor-pager.js';
import { ErrorAlert } from './error-alert.js';
import { ExportButton, type ExportButtonProps } from './export-button.js';
import { ListEmpty } from './list-empty.js';
import { PageHead } from './page-head.js';

/** Rows already at hand (a short list the server does not page); the table pages them itself. */
export interface LocalRows<T> {
  items: readonly T[];
  loading: boolean;
  error: unknown;
  reload: () => void;
}

export interface ListPageProps<T> {
  /** data-testid of the page. */
  testId: string;
  title: string;
  subtitle?: string;
  exportCsv: ExportButtonProps<T>;
  /** The create button; left out for users who may not create. */
  create?: { label: string; onClick: () => void; testId: string };
  /** The search box that leads the toolbar. */
  search?: { placeholder: string; value: string; onChange: (value: string) => void; testId?: string };
  /** Filter controls after the search box. */
  controls?: ReactNode;
  /**
   * The filter in effect and how to clear its inputs; any value set in it means the list is
   * narrowed (the toolbar offers reset, an empty list says "nothing matches").
   */
  filter: { value: object; reset: () => void };
  /** What the list holds, for the empty state (用户, 部门). */
  what: string;
  /** A server-paged list (with a pager under the table) or rows at hand. */
  list: CursorList<T> | LocalRows<T>;
  table: { rowKey: keyof T & string; columns: TableColumnsType<T>; size?: 'small' | 'middle'; testId?: string };
  /** The screen's drawers and dialogs. */
  children?: ReactNode;
}

const isCursorList = <T,>(list: CursorList<T> | LocalRows<T>): list is CursorList<T> => 'nextPage' in list;

export function ListPage<T extends object>(props: ListPageProps<T>) {
  const { search, create, list, table } = props;
  const t = useT();
  const filtered = Object.values(props.filter.value).some(Boolean);
  const onResetFilters = props.filter.reset;
  const paged = isCursorList(list);
  return (
    <div className="zc-page" data-testid={props.testId}>
      <PageHead
        title={props.title}
        subtitle={props.subtitle}
        actions={
          <>
            <ExportButton {...props.exportCsv} />
            {create && (
              <Button type="primary" icon={<PlusOutlined />} onClick={create.onClick} data-testid={create.testId}>
                {create.label}
              </Button>
            )}
          </>
        }
      />
      <Card>
        <div className="zc-toolbar">
          {search && (
            <Input.Search
              allowClear
              placeholder={search.placeholder}
              value={search.value}
              onChange={(e) => search.onChange(e.target.value)}
              style={{ width: 260 }}
              data-testid={search.testId}
            />
          )}
          {props.controls}
          {filtered && <Button onClick={onResetFilters}>{t('common.reset')}</Button>}
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label={t('common.refresh')} />
          </Tooltip>
        </div>
        {list.error != null && <ErrorAlert error={list.error} onRetry={list.reload} style={{ marginBottom: 12 }} />}
        <Table<T>
          rowKey={table.rowKey}
          size={table.size ?? 'middle'}
          columns={table.columns}
          dataSource={list.items}
          loading={list.loading}
          pagination={paged ? false : { defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('pager.total', { total }) }}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <ListEmpty filtered={filtered} onReset={onResetFilters} what={props.what} /> }}
          data-testid={table.testId}
        />
        {paged && <CursorPager list={list} />}
      </Card>
      {props.children}
    </div>
  );
}
