/**
 * The one way a user comes into being, whether an administrator creates them or the first start
 * creates `admin`: the row with its roles, the audit record and the `org.user.created` event, all
 * in the caller's transaction.
 */
import type { Kysely } from 'kysely';
import type { KernelContext } from '../../kernel/module.js';
import { ORG_EVENTS, type UserCreatedV1 } from './events.js';
import type { NewUserRow, UsersRepository } from './users.repository.js';

/** Inserts `row` with `roles` inside `trx`; `detail` goes to the audit record beside username and roles. */
export async function insertUserAudited(
  ctx: KernelContext,
  users: UsersRepository,
  trx: Kysely<any>,
  row: NewUserRow,
  roles: readonly string[],
  actor: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await users.insert(trx, row, roles);
  const username = row.username.trim().toLowerCase();
  await ctx.audit.record(trx, {
    actor,
    action: 'org.user.created',
    target: `user:${row.id}`,
    detail: { username, roles: [...roles], ...detail },
  });
  const payload: UserCreatedV1 = { id: row.id, username, roles: [...roles], departmentCode: row.departmentCode };
  await ctx.events.publish(trx, ORG_EVENTS.userCreated, payload);
}
