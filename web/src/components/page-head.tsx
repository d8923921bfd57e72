/** The head of a screen: its title (and a line under it), and the screen's buttons at the right. */
import type { ReactNode } from 'react';
import { Space, Typography } from 'antd';

export interface PageHeadProps {
  title: string;
  subtitle?: string;
  /** Buttons at the right (export, create). */
  actions?: ReactNode;
}

export function PageHead({ title, subtitle, actions }: PageHeadProps) {
  const heading = (
    <Typography.Title level={3} style={{ margin: 0 }}>
      {title}
    </Typography.Title>
  );
  return (
    <div className="zc-page-head">
      {subtitle ? (
        <div>
          {heading}
          <Typography.Text type="secondary">{subtitle}</Typography.Text>
        </div>
      ) : (
        heading
      )}
      {actions && <Space>{actions}</Space>}
    </div>
  );
}
