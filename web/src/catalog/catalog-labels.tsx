/** Tags and labels of the catalog's enumerations, translated. */
import { Tag } from 'antd';
import { useT } from '../i18n/i18n.js';
import type { Grade, OpenType, ResourceStatus, ShareStatus, ShareType } from './catalog-api.js';

const GRADE_COLOR: Record<Grade, string> = { general: 'default', important: 'orange', core: 'red' };
const SHARE_COLOR: Record<ShareType, string> = { unconditional: 'green', conditional: 'blue', none: 'default' };
const STATUS_COLOR: Record<ResourceStatus, string> = { draft: 'default', published: 'green', retired: 'volcano' };
const REQUEST_COLOR: Record<ShareStatus, string> = { pending: 'gold', approved: 'green', refused: 'red', withdrawn: 'default' };

export function GradeTag({ grade }: { grade: Grade }) {
  const t = useT();
  return (
    <Tag color={GRADE_COLOR[grade]} data-grade={grade}>
      {t(`catalog.grade.${grade}`)}
    </Tag>
  );
}

export function ShareTypeTag({ value }: { value: ShareType }) {
  const t = useT();
  return <Tag color={SHARE_COLOR[value]}>{t(`catalog.shareType.${value}`)}</Tag>;
}

export function OpenTypeTag({ value }: { value: OpenType }) {
  const t = useT();
  return <Tag color={SHARE_COLOR[value]}>{t(`catalog.openType.${value}`)}</Tag>;
}

export function ResourceStatusTag({ status }: { status: ResourceStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {t(`catalog.status.${status}`)}
    </Tag>
  );
}

export function RequestStatusTag({ status }: { status: ShareStatus }) {
  const t = useT();
  return (
    <Tag color={REQUEST_COLOR[status]} data-status={status}>
      {t(`catalog.shareStatus.${status}`)}
    </Tag>
  );
}
