// Runs every benchmark in turn.
await import('./startup.ts');
await import('./auth.ts');
await import('./portfolio.ts');
await import('./import.ts');
await import('./audit.ts');
await import('./documents.ts');
await import('./batches.ts');
await import('./render-isolation.ts');
await import('./web-bundle.ts');
