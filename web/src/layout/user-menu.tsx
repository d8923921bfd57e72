/** The header's user menu: who is signed in, their roles, change password, sign out. */
import { useEffect, useState } from 'react';
import { Avatar, Dropdown, Space, Tag, Typography } from 'antd';
import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { orgApi } from '../api/endpoints.js';
import type { Role } from '../api/types.js';
import { useAuth, useUser } from '../auth/auth-context.js';
import { localName, useLocale, useT } from '../i18n/i18n.js';

export function UserMenu({ onChangePassword }: { onChangePassword: () => void }) {
  const t = useT();
  const { locale } = useLocale();
  const user = useUser();
  const { logout } = useAuth();
  const [roles, setRoles] = useState<Role[]>([]);

  useEffect(() => {
    // Role names are nicer than codes; a user without org.read just sees the codes.
    orgApi.roles().then(
      (r) => setRoles(r.items),
      () => setRoles([]),
    );
  }, []);

  const roleName = (code: string) => {
    const role = roles.find((r) => r.code === code);
    return role ? localName(locale, role) : code;
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'who',
            disabled: true,
            label: (
              <div className="zc-user-card">
                <Typography.Text strong>{user.displayName}</Typography.Text>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {user.username}
                  {user.departmentName ? ` · ${user.departmentName}` : ''}
                </Typography.Text>
                <div style={{ marginTop: 6 }}>
                  {user.roles.map((r) => (
                    <Tag key={r} color="blue">
                      {roleName(r)}
                    </Tag>
                  ))}
                </div>
              </div>
            ),
          },
          { type: 'divider' },
          { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword'), onClick: onChangePassword },
          { key: 'logout', icon: <LogoutOutlined />, label: t('user.logout'), onClick: () => void logout() },
        ],
      }}
    >
      <a onClick={(e) => e.preventDefault()} className="zc-user-trigger" data-testid="user-menu">
        <Space>
          <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1456b8' }} />
          <span>{user.displayName}</span>
          <DownOutlined style={{ fontSize: 10 }} />
        </Space>
      </a>
    </Dropdown>
  );
}
