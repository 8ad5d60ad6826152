// Runs every benchmark in turn.
await import('./startup.ts');
