/** `zhicheng user create` and `zhicheng user reset-password`: account rescue without the web UI. */
import type { Config } from '../kernel/config/config.js';
import { startPlatform } from '../main.js';
import { UsageError, parseFlags, stringFlag, type Command } from './command.js';

async function withOrg<T>(config: () => Config, fn: (p: Awaited<ReturnType<typeof startPlatform>>) => Promise<T>): Promise<T> {
  const platform = await startPlatform(config(), { listen: false, noDemo: true, background: false });
  try {
    return await fn(platform);
  } finally {
    await platform.stop();
  }
}

export function userCommands(config: () => Config, out: (line: string) => void): Command[] {
  return [
    {
      name: 'user create',
      summary: 'Create a user (prints a generated password once unless --password is given)',
      usage:
        'zhicheng user create --username <name> --display-name <姓名> --role <role>[,<role>…] [--department <code>] [--phone <phone>] [--password <password>]\n\n' +
        'Roles: admin, operator, dispatcher, handler, inspector, data_steward, commander, analyst.',
      async run(args) {
        const { flags, positionals } = parseFlags(args, ['username', 'display-name', 'role', 'department', 'phone', 'password']);
        if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
        const username = stringFlag(flags, 'username', true)!;
        const displayName = stringFlag(flags, 'display-name', true)!;
        const roles = stringFlag(flags, 'role', true)!
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
        return withOrg(config, async (p) => {
          const { user, password } = await p.services.org.users.create(null, {
            username,
            displayName,
            roles,
            departmentCode: stringFlag(flags, 'department') ?? null,
            phone: stringFlag(flags, 'phone') ?? null,
            password: stringFlag(flags, 'password'),
          });
          out(`Created user ${user.username} (${user.displayName}) with roles ${user.roles.join(', ')}`);
          if (password) out(`Password (shown once; must be changed at first login): ${password}`);
          return 0;
        });
      },
    },
    {
      name: 'user reset-password',
      summary: "Reset a user's password and unlock the account",
      usage:
        'zhicheng user reset-password <username> [--password <password>]\n\nWithout --password a random one is generated and printed once; the user must change it at next login.',
      async run(args) {
        const { flags, positionals } = parseFlags(args, ['password']);
        if (positionals.length !== 1) throw new UsageError('give exactly one username');
        const username = positionals[0]!;
        return withOrg(config, async (p) => {
          const user = await p.services.org.users.findByUsername(username);
          if (!user) {
            out(`No user named ${username}`);
            return 1;
          }
          const { password } = await p.services.org.users.resetPassword(null, user.id, stringFlag(flags, 'password'));
          out(`Password of ${username} reset; sessions ended and lockout cleared.`);
          if (!stringFlag(flags, 'password')) out(`New password (shown once): ${password}`);
          return 0;
        });
      },
    },
  ];
}
