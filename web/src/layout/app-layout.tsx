/**
 * The frame of every signed-in screen: left navigation, a header with the city, the language
 * switch and the user menu, and the routed screen in the middle.
 */
import { Suspense, useState } from 'react';
import { Layout, Menu, Spin, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useUser } from '../auth/auth-context.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { useT } from '../i18n/i18n.js';
import { ChangePasswordModal } from './change-password-modal.js';
import { navItems, selectedNavKey } from './nav-items.js';
import { UserMenu } from './user-menu.js';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const t = useT();
  const user = useUser();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const selected = selectedNavKey(location.pathname);
  const isMap = location.pathname === '/map';
  const items = navItems(user, t);

  return (
    <Layout className="zc-app">
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={224} theme="dark" className="zc-sider">
        <div className="zc-sider-brand" onClick={() => navigate('/')} role="link" tabIndex={0}>
          <span className="zc-logo-mark zc-logo-small" aria-hidden>
            智
          </span>
          {!collapsed && <span className="zc-sider-title">{t('app.name')}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={['admin', ...parentKeysOf(items, selected)]}
          items={items}
          onClick={({ key }) => {
            if (key.startsWith('/')) navigate(key);
          }}
          data-testid="main-nav"
        />
      </Sider>
      <Layout>
        <Header className="zc-header">
          <div className="zc-header-city">
            <Typography.Text strong style={{ fontSize: 16 }}>
              {t('app.city')}
            </Typography.Text>
            <Typography.Text type="secondary" className="zc-header-sub">
              {t('app.title')}
            </Typography.Text>
          </div>
          <div className="zc-header-actions">
            <LanguageSwitch size="small" />
            <UserMenu onChangePassword={() => setChangingPassword(true)} />
          </div>
        </Header>
        <Content className={isMap ? 'zc-content zc-content-full' : 'zc-content'}>
          <Suspense
            fallback={
              <div className="zc-full-page-center">
                <Spin size="large" />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
      <ChangePasswordModal
        open={changingPassword || user.mustChangePassword}
        forced={user.mustChangePassword}
        onClose={() => setChangingPassword(false)}
      />
    </Layout>
  );
}

/** The submenus holding `key`, so a page opened by a direct link shows where it lives in the menu. */
function parentKeysOf(items: ReturnType<typeof navItems>, key: string): string[] {
  for (const item of items) {
    if (!item || !('children' in item) || !item.children) continue;
    if (item.children.some((c) => c?.key === key)) return [String(item.key)];
  }
  return [];
}
