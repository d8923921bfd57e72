/** A CLI command: its usage text and what it does. Exit codes: 0 ok, 1 failed, 2 bad usage. */
export interface Command {
  /** e.g. `user create` */
  name: string;
  summary: string;
  usage: string;
  run(args: string[]): Promise<number>;
}

/** A usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {}

/** Parses `--key value` and `--key=value` flags plus positionals, refusing unknown flags. */
export function parseFlags(args: string[], allowed: string[]): { flags: Record<string, string | true>; positionals: string[] } {
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!allowed.includes(key)) throw new UsageError(`unknown option --${key}`);
    if (eq > 0) flags[key] = a.slice(eq + 1);
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('--')) flags[key] = args[++i]!;
    else flags[key] = true;
  }
  return { flags, positionals };
}

export function stringFlag(flags: Record<string, string | true>, key: string, required = false): string | undefined {
  const v = flags[key];
  if (v === true) throw new UsageError(`--${key} needs a value`);
  if (v === undefined && required) throw new UsageError(`--${key} is required`);
  return v;
}
