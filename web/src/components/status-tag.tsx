/** Coloured status of users, departments and API keys. */
import { Tag } from 'antd';
import { useT } from '../i18n/i18n.js';

const COLORS: Record<string, string> = { active: 'green', disabled: 'default', locked: 'orange', revoked: 'red' };

export interface StatusTagProps {
  status: 'active' | 'disabled' | 'locked' | 'revoked';
}

export function StatusTag({ status }: StatusTagProps) {
  const t = useT();
  return <Tag color={COLORS[status]}>{t(`status.${status}`)}</Tag>;
}
