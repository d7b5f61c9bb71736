/**
 * What an account name may be. It sits below `auth/` because both `config.json`'s `"accounts"`
 * and the `--account` flag check names with it, before any account's files are read.
 *
 * @module
 */
import { UsageError } from "../errors.ts";

/** What an account name may be: it becomes a folder name and a word in `status`. */
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/** Refuses a name that is not an account name (`flag` names where it came from). */
export function checkAccountName(value: string, flag = "--account"): string {
  if (!ACCOUNT_NAME.test(value)) {
    throw new UsageError(
      `${flag}: ${JSON.stringify(value)} is not an account name: use 1-32 lowercase letters, ` +
        'digits, "-" or "_", starting with a letter or digit (e.g. --account ben)',
    );
  }
  return value;
}
