/**
 * API keys for other systems. The kernel stores and checks them; this service decides who may
 * create which key (never with a permission the creator lacks) and records every change.
 */
import { actorOf, hasPermission, type Principal } from '../../kernel/auth/index.js';
import { DomainError } from '../../kernel/errors.js';
import type { KernelContext } from '../../kernel/module.js';
import { ORG_EVENTS, type ApiKeyCreatedV1, type ApiKeyRevokedV1 } from './events.js';
import { invalidField } from './org-errors.js';
import { isPermissionCode } from './roles.js';
import type { UsersRepository } from './users.repository.js';

/** An API key as listed. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  /** Username of the creator (or the principal id when it was not a user). */
  createdBy: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export class ApiKeysService {
  constructor(
    private readonly ctx: KernelContext,
    private readonly users: UsersRepository,
  ) {}

  async list(): Promise<ApiKeyView[]> {
    const keys = await this.ctx.auth.listApiKeys();
    const names = await this.users.usernames([...new Set(keys.map((k) => k.createdBy))]);
    return keys.map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      permissions: k.permissions,
      createdBy: names.get(k.createdBy) ?? k.createdBy,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    }));
  }

  /** Creates a key; the returned `key` is the only time it is ever shown. */
  async create(actor: Principal, input: { name: string; permissions: string[] }): Promise<ApiKeyView & { key: string }> {
    const permissions = [...new Set(input.permissions)].sort();
    if (permissions.length === 0) throw invalidField('/body/permissions', 'must name at least one permission');
    input.permissions.forEach((p, i) => {
      if (!isPermissionCode(p)) throw invalidField(`/body/permissions/${i}`, `is not a permission (${p}); see GET /api/v1/org/permissions`);
    });
    const beyond = permissions.filter((p) => !hasPermission(actor, p));
    if (beyond.length) throw new DomainError('forbidden', `You cannot grant permissions you do not hold: ${beyond.join(', ')}`);
    const created = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const k = await this.ctx.auth.createApiKey(trx, {
        name: input.name.trim(),
        permissions,
        createdBy: actor.id,
        departmentCode: actor.departmentCode,
      });
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'org.apikey.created',
        target: `apikey:${k.id}`,
        detail: { name: k.name, prefix: k.prefix, permissions },
      });
      const payload: ApiKeyCreatedV1 = { id: k.id, name: k.name, permissions };
      await this.ctx.events.publish(trx, ORG_EVENTS.apiKeyCreated, payload);
      return k;
    });
    return {
      id: created.id,
      key: created.key,
      name: created.name,
      prefix: created.prefix,
      permissions: created.permissions,
      createdBy: actor.username ?? actor.id,
      createdAt: created.createdAt.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
  }

  /** Revokes a key at once; revoking a revoked key is a no-op, an unknown id is 404. */
  async revoke(actor: Principal | null, id: string): Promise<void> {
    const existing = await this.ctx.auth.getApiKey(id);
    if (!existing) throw new DomainError('not_found', `API key ${id} does not exist`);
    if (existing.revokedAt) return;
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if (!(await this.ctx.auth.revokeApiKey(trx, id))) return;
      await this.ctx.audit.record(trx, {
        actor: actorOf(actor),
        action: 'org.apikey.revoked',
        target: `apikey:${id}`,
        detail: { name: existing.name, prefix: existing.prefix },
      });
      await this.ctx.events.publish(trx, ORG_EVENTS.apiKeyRevoked, { id } satisfies ApiKeyRevokedV1);
    });
  }
}
