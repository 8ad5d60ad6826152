import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Environment } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataDirLockedError } from './db/lock.ts';
import { startServer } from './server.ts';

export interface CliIo {
  /** Environment to configure from; absent means the process environment. */
  env?: Environment;
  out: (line: string) => void;
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
      const server = await startServer(config);
      io.onLongRunning?.({ url: server.url, stop: server.close });
      return 0;
    },
  },
  {
    name: 'migrate',
    summary: 'Apply the pending database migrations, then exit.',
    async run(_args, io) {
      const config = loadConfig(io.env);
      const database = await openDatabase(config.database);
      try {
        await database.migrate();
      } finally {
        await database.close();
      }
      io.out(`Migrations applied (${database.driver}).`);
      return 0;
    },
  },
];

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
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      io.err(`monassurance ${command.name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
