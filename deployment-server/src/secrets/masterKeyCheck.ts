import { getSetting, setSetting, type Database } from '../db/database';
import { MASTER_KEY_FILE } from './masterKey';
import { SecretDecryptionError, type SecretBox } from './secretBox';

const CHECK_SETTING = 'master-key-check';
const CHECK_TEXT = 'Stepwise master key check';

/**
 * Refuses a master key other than the one the database's sensitive values were encrypted with
 * (a replaced or lost `DATA/master-key`), at start rather than at the first deployment that
 * needs a secret. The first start records a value sealed with its key.
 */
export function checkMasterKey(db: Database, secrets: SecretBox): void {
  const stored = getSetting(db, CHECK_SETTING);
  if (stored === undefined) {
    setSetting(db, CHECK_SETTING, secrets.seal(CHECK_TEXT));
    return;
  }
  let opened: string | undefined;
  try {
    opened = secrets.open(stored);
  } catch (error) {
    if (!(error instanceof SecretDecryptionError)) throw error;
  }
  if (opened !== CHECK_TEXT) {
    throw new Error(
      `the master key in ${MASTER_KEY_FILE} is not the one this data folder's sensitive values were encrypted with. Restore the original ${MASTER_KEY_FILE} file (a backup of the data folder has it).`,
    );
  }
}
