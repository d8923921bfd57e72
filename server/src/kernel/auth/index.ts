/**
 * The kernel's authentication surface: what main.ts wires and what modules may import.
 */
export {
  createAuthService,
  type AuthService,
  type AuthServiceDeps,
  type CredentialCheck,
  type LoginInput,
  type LoginResult,
  type PrincipalSource,
} from './auth-service.js';
export type { ApiKeyInfo, CreatedApiKey, CreateApiKeyInput } from './api-key-store.js';
export { authMigrations } from './migrations.js';
export { actorOf, hasPermission, permissionCovers, type Principal } from './principal.js';
export { SESSION_COOKIE } from './cookies.js';
export { SESSION_POLICY, type SessionInfo } from './session-store.js';
export { LOCKOUT_POLICY } from './login-lockout.js';
export {
  checkPasswordComplexity,
  generatePassword,
  hashPassword,
  verifyAgainstDummy,
  verifyPassword,
  PASSWORD_RULE,
  MAX_PASSWORD_LENGTH,
} from './password.js';
export { maskAddress, maskIdNumber, maskName, maskPhone } from './mask.js';
