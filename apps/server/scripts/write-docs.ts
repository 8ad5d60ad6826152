// Regenerates the environment-variable table of README.md from src/config.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { README_FILE, withGeneratedTables } from './generated-files.ts';

writeFileSync(README_FILE, withGeneratedTables(readFileSync(README_FILE, 'utf8')));
console.log(`wrote ${README_FILE}`);
