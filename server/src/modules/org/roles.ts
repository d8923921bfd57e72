/**
 * The permission catalogue and the built-in roles, in one readable place. Permission codes are
 * `<module>.<resource?>.<verb>`, so a wildcard such as `cases.*` grants a whole module. Codes of
 * modules that come later (sensing, cases, catalog, operations) are declared here already so
 * roles and API keys can carry them from day one.
 */

/** One permission of the catalogue. */
export interface PermissionDef {
  code: string;
  /** zh-CN name shown in the UI. */
  name: string;
  nameEn: string;
}

/** Every permission the platform knows. Routes declare one of these codes. */
export const PERMISSIONS: readonly PermissionDef[] = [
  // org / kernel
  { code: 'org.read', name: '查看组织机构', nameEn: 'View organisation' },
  { code: 'org.write', name: '管理部门', nameEn: 'Manage departments' },
  { code: 'org.users.write', name: '管理用户', nameEn: 'Manage users' },
  { code: 'org.apikeys.write', name: '管理API密钥', nameEn: 'Manage API keys' },
  { code: 'audit.read', name: '查看审计日志', nameEn: 'View audit log' },
  // geo
  { code: 'geo.read', name: '查看地理信息', nameEn: 'View geography' },
  { code: 'geo.write', name: '管理地理数据', nameEn: 'Manage geographic data' },
  // sensing
  { code: 'sensing.read', name: '查看感知设备与数据', nameEn: 'View devices and telemetry' },
  { code: 'sensing.write', name: '管理感知设备与规则', nameEn: 'Manage devices and rules' },
  { code: 'sensing.telemetry.write', name: '上报感知数据', nameEn: 'Submit telemetry' },
  { code: 'sensing.alarms.write', name: '处理告警', nameEn: 'Handle alarms' },
  // cases
  { code: 'cases.read', name: '查看案件', nameEn: 'View cases' },
  { code: 'cases.create', name: '登记案件', nameEn: 'Register cases' },
  { code: 'cases.dispatch', name: '派遣案件', nameEn: 'Dispatch cases' },
  { code: 'cases.handle', name: '处置案件', nameEn: 'Handle cases' },
  { code: 'cases.verify', name: '核查案件', nameEn: 'Verify cases' },
  { code: 'cases.close', name: '结案', nameEn: 'Close cases' },
  { code: 'cases.supervise', name: '督办案件', nameEn: 'Supervise cases' },
  { code: 'cases.personal.read', name: '查看案件个人信息明文', nameEn: 'View personal data in cases' },
  { code: 'cases.config.write', name: '管理案件分类与时限', nameEn: 'Manage case categories and deadlines' },
  // catalog
  { code: 'catalog.read', name: '查看资源目录', nameEn: 'View data catalog' },
  { code: 'catalog.write', name: '编目与数据加载', nameEn: 'Catalogue and load data' },
  { code: 'catalog.share.request', name: '申请数据共享', nameEn: 'Request data sharing' },
  { code: 'catalog.share.approve', name: '审批数据共享', nameEn: 'Approve data sharing' },
  // operations
  { code: 'operations.read', name: '查看城市运行', nameEn: 'View city operations' },
  { code: 'operations.write', name: '管理城市体征指标', nameEn: 'Manage city indicators' },
  { code: 'operations.warnings.publish', name: '发布预警', nameEn: 'Publish warnings' },
  { code: 'operations.incidents.write', name: '指挥应急事件', nameEn: 'Command incidents' },
];

/** Role codes, fixed by API.md "org". */
export const ROLE_CODES = ['admin', 'operator', 'dispatcher', 'handler', 'inspector', 'data_steward', 'commander', 'analyst'] as const;

export type RoleCode = (typeof ROLE_CODES)[number];

/** One built-in role. */
export interface RoleDef {
  code: RoleCode;
  name: string;
  nameEn: string;
  permissions: readonly string[];
}

/** Read access every staff member needs to find their way: the org chart and the map. */
const BASE = ['org.read', 'geo.read'] as const;

/** The built-in roles of a city operation centre (数字城管 / 城市运行 practice). */
export const ROLES: readonly RoleDef[] = [
  { code: 'admin', name: '系统管理员', nameEn: 'Administrator', permissions: ['*'] },
  {
    // 话务员 take citizens' calls (12345 / 8890): register cases and need the caller's phone.
    code: 'operator',
    name: '话务员',
    nameEn: 'Call operator',
    permissions: [...BASE, 'cases.read', 'cases.create', 'cases.personal.read'],
  },
  {
    // 派遣员 route cases to departments and close them after verification.
    code: 'dispatcher',
    name: '派遣员',
    nameEn: 'Dispatcher',
    permissions: [...BASE, 'cases.read', 'cases.create', 'cases.dispatch', 'cases.close', 'cases.personal.read', 'sensing.read'],
  },
  {
    code: 'handler',
    name: '处置人员',
    nameEn: 'Case handler',
    permissions: [...BASE, 'cases.read', 'cases.handle'],
  },
  {
    // 监督员 patrol their grid, report problems and verify that they were fixed.
    code: 'inspector',
    name: '监督员/网格员',
    nameEn: 'Grid inspector',
    permissions: [...BASE, 'cases.read', 'cases.create', 'cases.verify', 'sensing.read'],
  },
  {
    code: 'data_steward',
    name: '数据管理员',
    nameEn: 'Data steward',
    permissions: [
      ...BASE,
      'geo.write',
      'sensing.read',
      'sensing.write',
      'catalog.read',
      'catalog.write',
      'catalog.share.request',
      'catalog.share.approve',
    ],
  },
  {
    code: 'commander',
    name: '指挥长',
    nameEn: 'Commander',
    permissions: [
      ...BASE,
      'sensing.read',
      'sensing.alarms.write',
      'cases.read',
      'cases.supervise',
      'catalog.read',
      'operations.read',
      'operations.write',
      'operations.warnings.publish',
      'operations.incidents.write',
      'audit.read',
    ],
  },
  {
    code: 'analyst',
    name: '分析员',
    nameEn: 'Analyst',
    permissions: [...BASE, 'sensing.read', 'cases.read', 'catalog.read', 'catalog.share.request', 'operations.read'],
  },
];

const ROLE_BY_CODE = new Map(ROLES.map((r) => [r.code, r]));
const PERMISSION_CODES = new Set(PERMISSIONS.map((p) => p.code));

/** True when `code` is a built-in role. */
export function isRoleCode(code: string): code is RoleCode {
  return ROLE_BY_CODE.has(code as RoleCode);
}

/** True when `code` is in the permission catalogue. */
export function isPermissionCode(code: string): boolean {
  return PERMISSION_CODES.has(code);
}

/** The union of the permissions of the given roles (unknown codes are ignored), sorted. */
export function permissionsOfRoles(roles: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of roles) for (const p of ROLE_BY_CODE.get(r as RoleCode)?.permissions ?? []) out.add(p);
  return [...out].sort();
}
