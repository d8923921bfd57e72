/**
 * Shows a secret (generated password, API key) exactly once, with a copy button, and says so:
 * the platform stores only its hash and cannot show it again.
 */
import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useT } from '../i18n/i18n.js';

export interface SecretOnceModalProps {
  open: boolean;
  title: string;
  /** What the secret is for, e.g. "新密码（用户 zhangsan）". */
  label: string;
  secret: string;
  onClose: () => void;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context; fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function SecretOnceModal({ open, title, label, secret, onClose }: SecretOnceModalProps) {
  const t = useT();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);

  const copy = async () => {
    if (await copyText(secret)) {
      setCopied(true);
      message.success(t('secret.copied'));
    } else {
      message.warning(t('secret.copyFailed'));
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {copied ? t('secret.done') : t('secret.doneWithoutCopy')}
        </Button>
      }
      afterClose={() => setCopied(false)}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('secret.once')} style={{ marginBottom: 16 }} />
      <div style={{ marginBottom: 8 }}>{label}</div>
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={secret} className="zc-mono" data-testid="secret-value" onFocus={(e) => e.target.select()} />
        <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="secret-copy">
          {t('common.copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
