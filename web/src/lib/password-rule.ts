/**
 * The platform's password complexity rule (server: kernel/auth/password.ts): at least 10
 * characters, at most 128, with at least 3 of uppercase, lowercase, digits and symbols. Checked
 * here only to spare a round trip; the server decides.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

const CLASSES = [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** True when the password meets the rule. */
export function meetsPasswordRule(password: string): boolean {
  if (password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) return false;
  return CLASSES.filter((c) => c.test(password)).length >= 3;
}
