/** Coloured status of users, departments and API keys. */
import { Tag } from 'antd';
import { useT } from '../i18n/i18n.js';

const COLORS: Record<string, string> = { active: 'green', disabled: 'default', locked: 'orange', revoked: 'red' };

export function StatusTag({ status }: { status: 'active' | 'disabled' | 'locked' | 'revoked' }) {
  const t = useT();
  return <Tag color={COLORS[status]}>{t(`status.${status}`)}</Tag>;
}
