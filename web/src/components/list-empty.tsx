/** Empty state of a list: says whether nothing exists yet or the filter matched nothing. */
import { Button, Empty } from 'antd';
import { useT } from '../i18n/i18n.js';

export function ListEmpty({ filtered, onReset, what }: { filtered: boolean; onReset: () => void; what: string }) {
  const t = useT();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('list.emptyFiltered', { what }) : t('list.empty', { what })}>
      {filtered && (
        <Button size="small" onClick={onReset}>
          {t('list.clearFilters')}
        </Button>
      )}
    </Empty>
  );
}
