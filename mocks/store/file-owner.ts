import { DatabaseSync } from 'node:sqlite';

/**
 * One environment per store file. The database runs in SQLite's normal locking mode (its own
 * readers in worker threads must get in), so ownership is a lock of its own: an exclusive SQLite
 * lock on `<file>-lock`, taken at open and held until close. The operating system drops it with
 * the process, so a killed environment leaves nothing that refuses the next one.
 */
export function holdStoreFile(location: string): { close(): void } {
  const lock = new DatabaseSync(`${location}-lock`);
  try {
    // In exclusive locking mode the lock of the first write is kept until the connection closes.
    lock.exec(`
      PRAGMA busy_timeout = 0;
      PRAGMA locking_mode = EXCLUSIVE;
      PRAGMA journal_mode = OFF;
      BEGIN EXCLUSIVE;
      CREATE TABLE IF NOT EXISTS owner (pid INTEGER);
      DELETE FROM owner;
      INSERT INTO owner VALUES (${process.pid});
      COMMIT;
    `);
  } catch (err) {
    lock.close();
    if (/locked|busy/i.test((err as Error).message))
      throw new Error(`the store ${location} is in use by another kdp-conformance process (one environment per file)`, {
        cause: err,
      });
    throw err;
  }
  return { close: () => lock.close() };
}
