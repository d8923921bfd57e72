/**
 * Events the org module publishes (outbox, same transaction as the change). Names are
 * versioned; a breaking payload change gets a new version.
 */
export const ORG_EVENTS = {
  userCreated: 'org.user.created.v1',
  userUpdated: 'org.user.updated.v1',
  userDisabled: 'org.user.disabled.v1',
  userEnabled: 'org.user.enabled.v1',
  userPasswordReset: 'org.user.password_reset.v1',
  userPasswordChanged: 'org.user.password_changed.v1',
  departmentCreated: 'org.department.created.v1',
  departmentUpdated: 'org.department.updated.v1',
  unitsImported: 'org.units.imported.v1',
  apiKeyCreated: 'org.apikey.created.v1',
  apiKeyRevoked: 'org.apikey.revoked.v1',
} as const;

export interface UserCreatedV1 {
  id: string;
  username: string;
  roles: string[];
  departmentCode: string | null;
}

export interface UserUpdatedV1 {
  id: string;
  /** Names of the fields that changed (`displayName`, `roles`, `departmentCode`, `phone`, `status`). */
  changed: string[];
  roles: string[];
  departmentCode: string | null;
  status: 'active' | 'disabled';
}

/** Payload of userDisabled, userEnabled, userPasswordReset, userPasswordChanged. */
export interface UserRefV1 {
  id: string;
}

export interface DepartmentChangedV1 {
  code: string;
  name: string;
  kind: string;
  orgUnitCode: string;
  parentCode: string | null;
  status: 'active' | 'disabled';
  /** Fields that changed (updated events only). */
  changed?: string[];
}

export interface UnitsImportedV1 {
  count: number;
}

export interface ApiKeyCreatedV1 {
  id: string;
  name: string;
  permissions: string[];
}

export interface ApiKeyRevokedV1 {
  id: string;
}
