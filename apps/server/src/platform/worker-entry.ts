/** Where a worker thread starts (`new Worker(entry, { eval })`). */
export interface WorkerEntry {
  entry: string | URL;
  eval: boolean;
}

/**
 * The entry of the worker module `name` (without extension) next to `callerUrl`
 * (`import.meta.url`): the compiled module itself, or, when the caller runs from the TypeScript
 * sources (tests, a checkout without a build), a bootstrap that registers tsx before loading them.
 */
export function workerEntry(callerUrl: string, name: string): WorkerEntry {
  const fromSources = callerUrl.endsWith('.ts');
  const workerUrl = new URL(`${name}${fromSources ? '.ts' : '.js'}`, callerUrl);
  if (!fromSources) return { entry: workerUrl, eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  return {
    entry: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(workerUrl.href)}); });`,
    eval: true,
  };
}
