/**
 * An action on one row of a list (disable, reset a password, revoke): marks the row busy while it
 * runs and turns a failure into a toast that says what to do, so the screen only writes the happy
 * path.
 *
 * @example
 *   const action = useRowAction();
 *   const revoke = (key: ApiKey) => action.run(key.id, async () => { await orgApi.revokeApiKey(key.id); keys.reload(); });
 *   <Button loading={action.busyKey === key.id} onClick={() => void revoke(key)} />
 */
import { useState } from 'react';
import { App } from 'antd';
import { useT } from '../i18n/i18n.js';
import { errorLine } from './describe-error.js';

export interface RowAction {
  /** The key of the row whose action is running, or null. */
  busyKey: string | null;
  run: (key: string, action: () => Promise<void>) => Promise<void>;
}

export function useRowAction(): RowAction {
  const t = useT();
  const { message } = App.useApp();
  const [busyKey, setBusyKey] = useState<string | null>(null);

  const run = async (key: string, action: () => Promise<void>) => {
    setBusyKey(key);
    try {
      await action();
    } catch (err) {
      message.error(errorLine(err, t));
    } finally {
      setBusyKey(null);
    }
  };

  return { busyKey, run };
}
