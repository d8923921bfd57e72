/** Previous / next paging for cursor lists, with the total and a page-size choice. */
import { Button, Select, Space, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import type { CursorList } from '../lib/use-cursor-list.js';
import { useT } from '../i18n/i18n.js';

const SIZES = [20, 50, 100];

export function CursorPager<T>({ list }: { list: CursorList<T> }) {
  const t = useT();
  const pages = list.total !== undefined ? Math.max(1, Math.ceil(list.total / list.pageSize)) : undefined;
  return (
    <div className="zc-pager" data-testid="pager">
      <Typography.Text type="secondary">
        {list.total !== undefined
          ? t('pager.summary', { total: list.total, page: list.page, pages: pages ?? 1 })
          : t('pager.page', { page: list.page })}
      </Typography.Text>
      <Space>
        <Select
          size="small"
          value={list.pageSize}
          onChange={list.setPageSize}
          options={SIZES.map((n) => ({ value: n, label: t('pager.size', { n }) }))}
          style={{ width: 110 }}
        />
        <Button size="small" icon={<LeftOutlined />} disabled={list.page <= 1 || list.loading} onClick={list.prevPage}>
          {t('pager.prev')}
        </Button>
        <Button size="small" disabled={!list.hasNext || list.loading} onClick={list.nextPage} data-testid="pager-next">
          {t('pager.next')}
          <RightOutlined />
        </Button>
      </Space>
    </div>
  );
}
