import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  ConfigError,
  loadConfig,
  loadSecrets,
  readKeyFile,
  storeMasterKey,
  type Config,
  type Environment,
  type Secrets,
} from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { assertMasterKeyOpens, MasterKeyMismatchError } from './master-key-check.ts';
import { AuditService, CLI_CONTEXT, exportLines } from './modules/audit/index.ts';
import { SigningKeyRing } from './modules/auth/index.ts';
import { purgeOrphans } from './modules/documents/index.ts';
import { StorageKeyRing } from './platform/storage/index.ts';
import { AppError } from './platform/errors.ts';
import { createServices, type Services } from './services.ts';
import {
  assertWorkerDatabase,
  startServer,
  startWorker,
  WorkerNeedsPostgresError,
} from './server.ts';

export interface CliIo {
  /** Environment to configure from; absent means the process environment. */
  env?: Environment;
  out: (line: string) => void;
  /** Raw output without a newline (exports); defaults to `out`. */
  write?: (chunk: string) => void;
  err: (line: string) => void;
  /** Called once a long-running command (serve) is up, with its address and its stop function. */
  onLongRunning?: (running: { url: string; stop: () => Promise<void> }) => void;
}

interface Command {
  name: string;
  /** One sentence: it is the command's documentation in `--help`. */
  summary: string;
  usage?: string;
  run(args: string[], io: CliIo): Promise<number>;
}

const COMMANDS: Command[] = [
  {
    name: 'serve',
    summary: 'Serve the API and the web app (applies pending migrations first).',
    async run(_args, io) {
      const config = loadConfig(io.env);
      const server = await startServer(config, loadSecrets(config, io.env));
      io.onLongRunning?.({ url: server.url, stop: server.close });
      return 0;
    },
  },
  {
    name: 'worker',
    summary:
      'Run background jobs and schedules against PostgreSQL (DATABASE_URL), next to `serve` started with JOBS_INLINE=false.',
    async run(_args, io) {
      const config = loadConfig(io.env);
      assertWorkerDatabase(config);
      const worker = await startWorker(config, loadSecrets(config, io.env));
      io.onLongRunning?.({ url: '', stop: worker.close });
      return 0;
    },
  },
  {
    name: 'migrate',
    summary:
      'Apply the pending database migrations (and key the audit chains the first time), then exit.',
    async run(_args, io) {
      const config = loadConfig(io.env);
      const secrets = loadSecrets(config, io.env);
      const database = await openCheckedDatabase(config, secrets, io);
      try {
        await database.migrate();
        // The audit chains' upgrade (ADR 0013) is a step of migrating too; it needs the keys.
        const services = createServices(config, { database, secrets });
        try {
          await services.keys.ensureActiveKey();
          await services.audit.open();
        } finally {
          await services.close();
        }
      } finally {
        await database.close();
      }
      io.out(`Migrations applied (${database.driver}).`);
      return 0;
    },
  },
  {
    name: 'create-admin',
    summary: 'Create a cabinet with its first administrator (how an operator onboards a cabinet).',
    usage:
      'Usage: monassurance create-admin --org NAME --email EMAIL --password PASSWORD [--name "FULL NAME"]',
    async run(args, io) {
      const o = options(args, {
        org: { required: true },
        email: { required: true },
        password: { required: true },
        name: { required: false },
      });
      const created = await withServices(io, (services) =>
        services.organizations.createCabinet(
          {
            organizationName: o.org ?? '',
            email: o.email ?? '',
            password: o.password ?? '',
            fullName: o.name ?? o.email ?? '',
          },
          CLI_CONTEXT,
        ),
      );
      io.out(
        `Cabinet "${created.organization.name}" created (${created.organization.id}); administrator ${created.user.email} (${created.user.id}).`,
      );
      return 0;
    },
  },
  {
    name: 'verify-audit',
    summary:
      'Verify every audit chain (exit 1 when one is broken) and sign a checkpoint of each valid one.',
    async run(_args, io) {
      const results = await withServices(io, (services) =>
        services.audit.verifyAll({ checkpoint: true }),
      );
      let broken = 0;
      for (const { organizationId, result } of results) {
        const chain = organizationId ?? 'platform';
        if (result.valid) {
          io.out(`ok      ${chain}: ${result.checked} events`);
        } else {
          broken++;
          io.err(
            `BROKEN  ${chain}: ${result.problem ?? 'invalid'}${result.firstInvalidId ? ` (event ${result.firstInvalidId})` : ''}`,
          );
        }
      }
      io.out(
        broken === 0
          ? `All ${results.length} audit chains are intact.`
          : `${broken} audit chain(s) broken.`,
      );
      return broken === 0 ? 0 : 1;
    },
  },
  {
    name: 'export-audit',
    summary:
      'Export audit events as CSV or SIEM-friendly JSON lines, to standard output or a file.',
    usage:
      'Usage: monassurance export-audit --format csv|jsonl [--org ID] [--from ISO] [--to ISO] [--delimiter ";"|","] [--bom] [--out FILE]',
    async run(args, io) {
      const { values } = parseArgs({
        args,
        strict: true,
        options: {
          format: { type: 'string' },
          org: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          delimiter: { type: 'string' },
          bom: { type: 'boolean' },
          out: { type: 'string' },
        },
      });
      const format = values.format ?? 'csv';
      if (format !== 'csv' && format !== 'jsonl')
        throw new UsageError('--format must be csv or jsonl');
      if (values.delimiter && values.delimiter !== ';' && values.delimiter !== ',')
        throw new UsageError('--delimiter must be ; or ,');
      const date = (value: string | undefined, flag: string) => {
        if (value === undefined) return undefined;
        const parsed = new Date(value);
        if (Number.isNaN(parsed.getTime()))
          throw new UsageError(`${flag} must be an ISO date or instant`);
        return parsed;
      };
      const from = date(values.from, '--from');
      const to = date(values.to, '--to');
      let count = 0;
      await withServices(io, async (services) => {
        const chains = values.org ? [values.org] : await services.audit.chains();
        const sink = values.out ? createWriteStream(values.out) : undefined;
        const write = (chunk: string) =>
          sink
            ? new Promise<void>((resolve, reject) =>
                sink.write(chunk, (e) => (e ? reject(e) : resolve())),
              )
            : Promise.resolve((io.write ?? io.out)(chunk));
        let first = true;
        for (const organizationId of chains) {
          const events = (async function* () {
            for await (const event of services.audit.stream({ organizationId, from, to })) {
              count++;
              yield event;
            }
          })();
          for await (const chunk of exportLines(events, format, {
            delimiter: values.delimiter as ';' | ',' | undefined,
            bom: first && values.bom === true,
            // One header for the whole file.
            header: first,
          })) {
            await write(chunk);
          }
          first = false;
        }
        if (sink) await new Promise<void>((resolve) => sink.end(resolve));
      });
      io.err(`${count} events exported.`);
      return 0;
    },
  },
  {
    name: 'purge-old-logs',
    summary:
      'Delete audit events older than N days, keeping every chain verifiable (signed checkpoint); the purge is audited.',
    usage: 'Usage: monassurance purge-old-logs --days N',
    async run(args, io) {
      const o = options(args, { days: { required: true } });
      const days = Number(o.days);
      if (!Number.isInteger(days) || days < 1)
        throw new UsageError('--days must be a whole number of days, at least 1');
      const results = await withServices(io, (services) =>
        services.audit.purgeOlderThan(days, CLI_CONTEXT),
      );
      const deleted = results.reduce((sum, r) => sum + r.deleted, 0);
      io.out(
        `${deleted} audit events older than ${days} days deleted from ${results.length} chain(s).`,
      );
      return 0;
    },
  },
  {
    name: 'purge-orphans',
    summary:
      'Delete stored files that no document row points at (older than an hour) and report documents whose file is missing.',
    usage: 'Usage: monassurance purge-orphans [--dry-run] [--min-age-minutes N]',
    async run(args, io) {
      const { values } = parseArgs({
        args,
        strict: true,
        options: { 'dry-run': { type: 'boolean' }, 'min-age-minutes': { type: 'string' } },
      });
      const minutes = Number(values['min-age-minutes'] ?? '60');
      if (!Number.isInteger(minutes) || minutes < 0)
        throw new UsageError('--min-age-minutes must be a whole number of minutes');
      const dryRun = values['dry-run'] === true;
      const report = await withServices(io, (services) =>
        purgeOrphans(services.db, services.objects, { dryRun, minAgeMs: minutes * 60_000 }),
      );
      for (const key of report.orphans) io.out(`${dryRun ? 'would delete' : 'deleted'}  ${key}`);
      for (const row of report.missing)
        io.err(`MISSING  document ${row.id} (cabinet ${row.organizationId}) has no stored file`);
      io.out(
        `${report.objects} stored files checked; ${report.orphans.length} orphan(s) ${dryRun ? 'found (dry run)' : 'deleted'}; ${report.missing.length} document(s) without a file.`,
      );
      return report.missing.length === 0 ? 0 : 1;
    },
  },
  {
    name: 'rotate-master-key',
    summary:
      'Re-wrap every data key and signing key under a new master key (one transaction); then restart with the new MASTER_KEY.',
    usage: 'Usage: monassurance rotate-master-key --new-key-file FILE (32 bytes, base64)',
    async run(args, io) {
      const o = options(args, { 'new-key-file': { required: true } });
      const newKey = readKeyFile(o['new-key-file'] ?? '');
      const config = loadConfig(io.env);
      const secrets = loadSecrets(config, io.env);
      if (newKey.equals(secrets.masterKey)) throw new UsageError('the new key is the current key');
      const counts = await withServices(io, (services) =>
        services.db.transaction(async (tx) => ({
          dataKeys: await StorageKeyRing.rewrapAll(tx, secrets.masterKey, newKey),
          signingKeys: await SigningKeyRing.resealAll(tx, secrets.masterKey, newKey),
          // The audit chain key too: the chains keep verifying under the new master key.
          auditChainKeys: await AuditService.resealAll(tx, secrets.masterKey, newKey),
        })),
      );
      const embedded = secrets.source === 'embedded';
      if (embedded) storeMasterKey(config, newKey);
      io.out(
        `${counts.dataKeys} data key(s) and ${counts.signingKeys} signing key(s) re-wrapped. ` +
          (embedded
            ? 'The new key is stored in DATA_DIR/secrets.json.'
            : 'Set MASTER_KEY to the new key and restart every instance now.'),
      );
      return 0;
    },
  },
  {
    name: 'rotate-keys',
    summary:
      'Activate a new access-token signing key; tokens signed by the old one stay valid until they expire.',
    async run(_args, io) {
      const { kid } = await withServices(io, (services) => services.auth.rotateKeys(CLI_CONTEXT));
      io.out(`New signing key ${kid} is active.`);
      return 0;
    },
  },
];

/** Every command with its one-line summary (the README's command table is generated from it). */
export function commandSummaries(): { name: string; summary: string }[] {
  return COMMANDS.map(({ name, summary }) => ({ name, summary }));
}

/** Runs `work` with the database migrated and the services wired, then closes everything. */
async function withServices<T>(io: CliIo, work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig(io.env);
  const secrets = loadSecrets(config, io.env);
  const database = await openCheckedDatabase(config, secrets, io);
  try {
    await database.migrate();
    const services = createServices(config, { database, secrets });
    try {
      await services.keys.ensureActiveKey();
      await services.audit.open();
      return await work(services);
    } finally {
      await services.close();
    }
  } finally {
    await database.close();
  }
}

/**
 * Opens the database and checks, before any write (migrations included), that the master key
 * opens the keys sealed there: a command run with another key refuses instead of sealing new keys
 * under it (ADR 0014).
 */
async function openCheckedDatabase(config: Config, secrets: Secrets, io: CliIo) {
  const database = await openDatabase(config.database);
  try {
    const check = await assertMasterKeyOpens(database.db, secrets, config.dataDir);
    if (check.warning) io.err(`warning: ${check.warning}`);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

function options(args: string[], spec: Record<string, { required: boolean }>) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: Object.fromEntries(
      Object.keys(spec).map((name) => [name, { type: 'string' as const }]),
    ),
  });
  const missing = Object.entries(spec)
    .filter(([name, s]) => s.required && !values[name])
    .map(([name]) => `--${name}`);
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(', ')}`);
  return values as Record<string, string | undefined>;
}

class UsageError extends Error {}

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: monassurance <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Configuration comes from environment variables; see the README.',
  ].join('\n');
}

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  const name = positionals[0];
  if (name === undefined || name === 'help' || (values.help && name === undefined)) {
    io.out(help());
    return name === undefined && !values.help ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${help()}`);
    return 2;
  }
  if (values.help) {
    io.out(`${command.usage ?? `Usage: monassurance ${command.name}`}\n\n${command.summary}`);
    return 0;
  }
  try {
    return await command.run(argv.slice(1), io);
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof DataDirLockedError ||
      error instanceof MasterKeyMismatchError ||
      error instanceof WorkerNeedsPostgresError
    ) {
      io.err(`monassurance ${command.name}: ${error.message}`);
      return 1;
    }
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.err(`monassurance ${command.name}: ${(error as Error).message}\n\n${command.usage ?? ''}`);
      return 2;
    }
    if (error instanceof AppError) {
      const fields =
        (error.extensions.errors as { path: string; message: string }[] | undefined) ?? [];
      const detail = [error.message, ...fields.map((f) => `${f.path.slice(1)}: ${f.message}`)].join(
        ' ',
      );
      io.err(`monassurance ${command.name}: ${detail}`);
      return 1;
    }
    throw error;
  }
}
