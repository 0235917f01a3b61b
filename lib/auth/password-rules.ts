// The web password rule, shown before submit and enforced on the server:
// at least 10 characters, not only letters and not only digits, and not the
// login itself. Long passphrases (16+) need no digits.
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordProblem = "passwordShort" | "passwordLong" | "passwordSimple" | "passwordIsLogin";

export function passwordProblem(password: string, login = ""): PasswordProblem | null {
  if (password.length < MIN_PASSWORD_LENGTH) return "passwordShort";
  if (password.length > MAX_PASSWORD_LENGTH) return "passwordLong";
  if (login && password.trim().toLowerCase() === login.trim().toLowerCase()) return "passwordIsLogin";
  if (password.length < 16 && (/^\p{L}+$/u.test(password) || /^\d+$/.test(password))) return "passwordSimple";
  return null;
}

/** 0-3, for the strength bar beside the field. */
export function passwordStrength(password: string): 0 | 1 | 2 | 3 {
  if (passwordProblem(password) !== null) return 0;
  const classes = [/\p{Ll}/u, /\p{Lu}/u, /\d/, /[^\p{L}\d]/u].filter((re) => re.test(password)).length;
  if (password.length >= 16 || classes >= 4) return 3;
  return classes >= 3 ? 2 : 1;
}
