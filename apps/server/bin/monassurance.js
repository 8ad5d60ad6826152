#!/usr/bin/env node
// Entry of the `monassurance` command. Runs the compiled server (dist/) when it is up to date,
// otherwise the TypeScript sources through tsx, so a checkout works before and after a build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const compiled = path.join(root, 'dist', 'main.js');
const sources = path.join(root, 'src');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const useCompiled =
  existsSync(compiled) &&
  (!existsSync(sources) || statSync(compiled).mtimeMs >= newestSource(sources));

if (useCompiled) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(sources, 'main.ts')).href);
}
