/**
 * Enable or disable a record from its row, each after a confirmation: "Enable" on a disabled
 * record, a red "Disable" (with what disabling does) on any other.
 */
import { Button, Popconfirm, Tooltip } from 'antd';
import { useT } from '../i18n/i18n.js';

export interface StatusToggleProps {
  /** Whose messages ask for confirmation (`users.enable.confirm`, `users.disable.effect`, …). */
  of: 'users' | 'departments';
  /** The record's name, for the questions. */
  name: string;
  /** The record is disabled now (offers Enable), or not (offers Disable). */
  disabled: boolean;
  /** Its status is being changed. */
  busy: boolean;
  /** Why this record cannot be disabled (your own account); the button is greyed out and says so. */
  cannotDisable?: string;
  onChange: (next: 'active' | 'disabled') => Promise<void>;
}

export function StatusToggle({ of, name, disabled, busy, cannotDisable, onChange }: StatusToggleProps) {
  const t = useT();
  if (disabled) {
    return (
      <Popconfirm title={t(`${of}.enable.confirm`, { name })} onConfirm={() => onChange('active')}>
        <Button type="link" size="small" loading={busy}>
          {t('common.enable')}
        </Button>
      </Popconfirm>
    );
  }
  const blocked = cannotDisable !== undefined;
  return (
    <Tooltip title={cannotDisable}>
      <Popconfirm
        title={t(`${of}.disable.confirm`, { name })}
        description={t(`${of}.disable.effect`)}
        onConfirm={() => onChange('disabled')}
        disabled={blocked}
      >
        <Button type="link" size="small" danger disabled={blocked} loading={busy}>
          {t('common.disable')}
        </Button>
      </Popconfirm>
    </Tooltip>
  );
}
