/**
 * The left navigation. Modules that arrive in later releases (运行) are shown
 * greyed with a "coming soon" tooltip so that users see where the platform is going, without
 * pretending screens exist.
 */
import type { ReactNode } from 'react';
import type { MenuProps } from 'antd';
import { Tag, Tooltip } from 'antd';
import {
  AlertOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  ControlOutlined,
  EnvironmentOutlined,
  UnorderedListOutlined,
  AuditOutlined,
  CalendarOutlined,
  ExperimentOutlined,
  FormOutlined,
  ProfileOutlined,
  ReadOutlined,
  TagsOutlined,
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
  { key: 'operations', label: 'nav.operations', icon: <RadarChartOutlined /> },
];

const SENSING: NavLeaf[] = [
  { path: '/sensing/map', label: 'sensing.nav.map', icon: <EnvironmentOutlined />, permission: 'sensing.read' },
  { path: '/sensing/devices', label: 'sensing.nav.devices', icon: <UnorderedListOutlined />, permission: 'sensing.read' },
  { path: '/sensing/alarms', label: 'sensing.nav.alarms', icon: <AlertOutlined />, permission: 'sensing.read' },
  { path: '/sensing/rules', label: 'sensing.nav.rules', icon: <ControlOutlined />, permission: 'sensing.read' },
  { path: '/sensing/types', label: 'sensing.nav.types', icon: <AppstoreOutlined />, permission: 'sensing.read' },
];

// 资源目录 last: its path is the prefix of resource screens, which it highlights.
const CATALOG: NavLeaf[] = [
  { path: '/catalog/sharing', label: 'catalog.nav.sharing', icon: <KeyOutlined />, permission: 'catalog.read' },
  { path: '/catalog/overview', label: 'catalog.nav.overview', icon: <DashboardOutlined />, permission: 'catalog.read' },
  { path: '/catalog', label: 'catalog.nav.resources', icon: <DatabaseOutlined />, permission: 'catalog.read' },
];
/** The order the 数据 menu shows them. */
const CATALOG_MENU = ['/catalog', '/catalog/sharing', '/catalog/overview'];

// 我的工作 last: its path is the prefix of case details, which it highlights.
const CASES: NavLeaf[] = [
  { path: '/cases/intake', label: 'cases.nav.intake', icon: <FormOutlined />, permission: 'cases.create' },
  { path: '/cases/map', label: 'cases.nav.map', icon: <EnvironmentOutlined />, permission: 'cases.read' },
  { path: '/cases/categories', label: 'cases.nav.categories', icon: <TagsOutlined />, permission: 'cases.read' },
  { path: '/cases/calendar', label: 'cases.nav.calendar', icon: <CalendarOutlined />, permission: 'cases.read' },
  { path: '/cases/classifier', label: 'cases.nav.classifier', icon: <ExperimentOutlined />, permission: 'cases.read' },
  { path: '/cases/knowledge', label: 'cases.nav.knowledge', icon: <ReadOutlined />, permission: 'cases.read' },
  { path: '/cases', label: 'cases.nav.mine', icon: <ProfileOutlined />, permission: 'cases.read' },
];
/** The order the 工单 menu shows them: the daily screens first, settings after. */
const CASES_MENU = [
  '/cases',
  '/cases/intake',
  '/cases/map',
  '/cases/knowledge',
  '/cases/categories',
  '/cases/calendar',
  '/cases/classifier',
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
    {
      key: 'sensing',
      icon: <WifiOutlined />,
      label: <span data-testid="nav-sensing">{t('nav.sensing')}</span>,
      disabled: !hasPermission(user, 'sensing.read'),
      children: SENSING.map((a) => ({
        key: a.path,
        icon: a.icon,
        label: <span data-testid={`nav${a.path.replace(/\//g, '-')}`}>{t(a.label)}</span>,
      })),
    },
    {
      key: 'cases',
      icon: <FileDoneOutlined />,
      label: <span data-testid="nav-cases">{t('nav.cases')}</span>,
      disabled: !hasPermission(user, 'cases.read'),
      children: CASES_MENU.map((p) => CASES.find((a) => a.path === p)!)
        .filter((a) => !a.permission || hasPermission(user, a.permission))
        .map((a) => ({
          key: a.path,
          icon: a.icon,
          // The 我的工作 leaf is `/cases`, whose plain id would clash with the submenu's.
          label: <span data-testid={a.path === '/cases' ? 'nav-cases-mine' : `nav${a.path.replace(/\//g, '-')}`}>{t(a.label)}</span>,
        })),
    },
    {
      key: 'catalog',
      icon: <DatabaseOutlined />,
      label: <span data-testid="nav-catalog">{t('nav.data')}</span>,
      disabled: !hasPermission(user, 'catalog.read'),
      children: CATALOG_MENU.map((p) => CATALOG.find((a) => a.path === p)!).map((a) => ({
        key: a.path,
        icon: a.icon,
        // The 资源目录 leaf is `/catalog`, whose plain id would clash with the submenu's.
        label: <span data-testid={a.path === '/catalog' ? 'nav-catalog-resources' : `nav${a.path.replace(/\//g, '-')}`}>{t(a.label)}</span>,
      })),
    },
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
  const leaf = [
    '/map',
    ...SENSING.map((a) => a.path),
    ...CASES.map((a) => a.path),
    ...CATALOG.map((a) => a.path),
    ...ADMIN.map((a) => a.path),
  ].find((p) => pathname === p || pathname.startsWith(`${p}/`));
  return leaf ?? '';
}
