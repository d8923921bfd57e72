/** An inline error that says what happened, what to do, and offers a retry. */
import { Alert, Button } from 'antd';
import { useT } from '../i18n/i18n.js';
import { describeError } from '../lib/describe-error.js';

export function ErrorAlert({ error, onRetry, style }: { error: unknown; onRetry?: () => void; style?: React.CSSProperties }) {
  const t = useT();
  const { message, hint } = describeError(error, t);
  return (
    <Alert
      type="error"
      showIcon
      title={message}
      description={hint}
      style={style}
      action={
        onRetry && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )
      }
      data-testid="error-alert"
    />
  );
}
