/**
 * The left navigation. Modules that arrive in later releases (感知, 工单, 数据, 运行) are shown
 * greyed with a "coming soon" tooltip so that users see where the platform is going, without
 * pretending screens exist.
 */
import type { ReactNode } from 'react';
import type { MenuProps } from 'antd';
import { Tag, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileDoneOutlined,
  GlobalOutlined,
  KeyOutlined,
  RadarChartOutlined,
  SettingOutlined,
  TeamOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import type { SessionUser } from '../api/types.js';
import type { TranslateFn } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import { hasPermission } from '../lib/permissions.js';

type MenuItem = Required<MenuProps>['items'][number];

interface NavLeaf {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Needed to see the screen; omitted = every signed-in user. */
  permission?: string;
}

const COMING: Array<{ key: string; label: MessageKey; icon: ReactNode }> = [
  { key: 'sensing', label: 'nav.sensing', icon: <WifiOutlined /> },
  { key: 'cases', label: 'nav.cases', icon: <FileDoneOutlined /> },
  { key: 'data', label: 'nav.data', icon: <DatabaseOutlined /> },
  { key: 'operations', label: 'nav.operations', icon: <RadarChartOutlined /> },
];

const ADMIN: NavLeaf[] = [
  { path: '/admin/users', label: 'nav.users', icon: <TeamOutlined />, permission: 'org.read' },
  { path: '/admin/departments', label: 'nav.departments', icon: <ApartmentOutlined />, permission: 'org.read' },
  { path: '/admin/api-keys', label: 'nav.apiKeys', icon: <KeyOutlined />, permission: 'org.apikeys.write' },
  { path: '/admin/audit', label: 'nav.audit', icon: <AuditOutlined />, permission: 'audit.read' },
];

/** The menu items this user may see. Keys are the paths. */
export function navItems(user: SessionUser, t: TranslateFn): MenuItem[] {
  const items: MenuItem[] = [
    { key: '/', icon: <DashboardOutlined />, label: t('nav.home') },
    { key: '/map', icon: <GlobalOutlined />, label: t('nav.map'), disabled: !hasPermission(user, 'geo.read') },
    ...COMING.map<MenuItem>((c) => ({
      key: `coming:${c.key}`,
      icon: c.icon,
      disabled: true,
      label: (
        <Tooltip title={t('nav.comingSoon.tooltip')} placement="right">
          <span className="zc-nav-coming" data-testid={`nav-coming-${c.key}`}>
            {t(c.label)}
            <Tag style={{ marginInlineStart: 8, fontSize: 11 }}>{t('nav.comingSoon')}</Tag>
          </span>
        </Tooltip>
      ),
    })),
  ];
  const admin = ADMIN.filter((a) => !a.permission || hasPermission(user, a.permission));
  if (admin.length > 0) {
    items.push({
      key: 'admin',
      icon: <SettingOutlined />,
      label: t('nav.admin'),
      children: admin.map((a) => ({ key: a.path, icon: a.icon, label: t(a.label) })),
    });
  }
  return items;
}

/** The menu key that matches the current path (for highlighting). */
export function selectedNavKey(pathname: string): string {
  if (pathname === '/') return '/';
  const leaf = ['/map', ...ADMIN.map((a) => a.path)].find((p) => pathname === p || pathname.startsWith(`${p}/`));
  return leaf ?? '';
}
