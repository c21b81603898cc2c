// `carnet backup` and `carnet restore` when the archive lives in PostgreSQL: PostgreSQL's own tools
// do it best. `backup` runs pg_dump (custom format, consistent while the relays run); `restore`
// says how to use pg_restore, because a restore replaces the archive under every relay process at
// once, and only the operator can stop them all first.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'

export async function backupPostgres(databaseUrl: string, target: string): Promise<string> {
  const destination = resolve(target)
  if (existsSync(destination)) throw new Error(`${destination} already exists: choose another file name`)
  await new Promise<void>((done, fail) => {
    const child = spawn('pg_dump', ['--format=custom', '--no-owner', `--file=${destination}`, `--dbname=${databaseUrl}`], {
      stdio: ['ignore', 'inherit', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        new Error(
          error.code === 'ENOENT'
            ? 'pg_dump is not installed here: install the PostgreSQL client of the server’s major version (Debian: postgresql-client), or run pg_dump --format=custom yourself'
            : `pg_dump could not start: ${error.message}`,
        ),
      ),
    )
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`pg_dump failed (exit ${code}): ${stderr.trim()}`))))
  })
  return destination
}

export const POSTGRES_RESTORE_HELP = `The archive lives in PostgreSQL (CARNET_DATABASE_URL): restore it with pg_restore.
  1. stop every Carnet relay process (they hold pages in memory that would be written over the restored archive);
  2. pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$CARNET_DATABASE_URL" <backup file>
     (a file made by \`carnet backup\` or \`pg_dump --format=custom\`);
  3. start the relay processes again: clients reconnect and resend what they hold.
See docs/deploying.md, "Backups on PostgreSQL".`
