import { runCli } from './cli.ts';

// Process wiring only (streams, signals, exit code): everything else is in cli.ts, tested in-process;
// this file is exercised by test/serve.process.test.ts.
process.exitCode = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  write: (chunk) => process.stdout.write(chunk),
  onLongRunning: ({ stop }) => {
    const shutdown = (signal: NodeJS.Signals) => {
      process.stderr.write(`${signal} received: shutting down\n`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  },
});
