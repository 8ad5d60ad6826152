import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStore } from './local.ts';
import { objectStoreContract } from './test-support/object-store-contract.ts';
import { assertObjectKey, assertObjectPrefix } from './object-store.ts';
import { createObjectStore } from './index.ts';

let base: string;
let counter = 0;
/** A folder that does not exist yet: the store creates it on first use. */
const freshDir = () => path.join(base, `store-${++counter}`, 'files');

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'monassurance-local-store-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

objectStoreContract('local', async () => createLocalStore(freshDir()));

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('local object store', () => {
  it('writes files readable by the server user only, in folders only it can enter', async () => {
    const dir = freshDir();
    const store = createLocalStore(dir);
    await store.put('org/2024/a.pdf', Buffer.from('secret'));
    await store.put('org/2024/a.pdf', Buffer.from('overwritten'));
    expect((await stat(path.join(dir, 'org/2024/a.pdf'))).mode & 0o777).toBe(0o600);
    for (const folder of [dir, path.join(dir, 'org'), path.join(dir, 'org/2024')]) {
      expect((await stat(folder)).mode & 0o777).toBe(0o700);
    }
    expect(await readFile(path.join(dir, 'org/2024/a.pdf'), 'utf8')).toBe('overwritten');
    // No temporary file is left beside the object.
    expect(await filesUnder(dir)).toEqual(['org/2024/a.pdf']);
  });

  it('never lets a reader see half a file while it is being replaced', async () => {
    const store = createLocalStore(freshDir());
    const a = Buffer.alloc(2 * 1024 * 1024, 'a');
    const b = Buffer.alloc(3 * 1024 * 1024, 'b');
    await store.put('doc.pdf', a);
    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 20; i++) await store.put('doc.pdf', i % 2 ? a : b);
      writing = false;
    })();
    let reads = 0;
    while (writing || reads === 0) {
      const seen = await store.get('doc.pdf');
      expect(seen.equals(a) || seen.equals(b)).toBe(true);
      reads++;
    }
    await writer;
    expect(reads).toBeGreaterThan(0);
  });

  it('ends with one whole body and no temporary file when writers race on one key', async () => {
    const dir = freshDir();
    const store = createLocalStore(dir);
    const bodies = Array.from({ length: 6 }, (_, i) => Buffer.alloc(256 * 1024, i + 1));
    await Promise.all(bodies.map((body) => store.put('race/one.pdf', body)));
    const final = await store.get('race/one.pdf');
    expect(bodies.some((body) => body.equals(final))).toBe(true);
    expect(await filesUnder(dir)).toEqual(['race/one.pdf']);
  });

  it('removes its temporary file when the rename fails', async () => {
    const dir = freshDir();
    const store = createLocalStore(dir);
    await store.put('a/b.pdf', Buffer.from('x'));
    // `a` is the folder of `a/b.pdf`: a file cannot replace it.
    await expect(store.put('a', Buffer.from('y'))).rejects.toMatchObject({ code: 'EISDIR' });
    expect(await filesUnder(dir)).toEqual(['a/b.pdf']);
  });

  it('reports a key under an object as missing, not as a file-system error', async () => {
    const store = createLocalStore(freshDir());
    await store.put('a', Buffer.from('file'));
    await expect(store.get('a/b')).rejects.toMatchObject({ name: 'ObjectNotFoundError' });
    expect(await store.exists('a/b')).toBe(false);
    await expect(store.delete('a/b')).resolves.toBeUndefined();
    expect((await store.get('a')).toString()).toBe('file');
  });

  it('does not hide file-system errors other than absence', async () => {
    const store = createLocalStore(freshDir());
    // A valid key whose one segment is longer than a file name may be (255 bytes).
    const key = 'x'.repeat(256);
    await expect(store.put(key, Buffer.from('x'))).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    await expect(store.get(key)).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    await expect(store.exists(key)).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    await expect(store.delete(key)).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
  });

  it('lists nothing before the first write, and never lists stray or temporary files', async () => {
    const dir = freshDir();
    const store = createLocalStore(dir);
    const keys: string[] = [];
    for await (const object of store.list()) keys.push(object.key);
    expect(keys).toEqual([]);
    await store.put('docs/a.pdf', Buffer.from('a'));
    await writeFile(path.join(dir, 'docs', 'a.pdf.TMP-0123'), 'half');
    await writeFile(path.join(dir, 'README'), 'not an object');
    await mkdir(path.join(dir, 'empty'));
    for await (const object of store.list()) keys.push(object.key);
    expect(keys).toEqual(['docs/a.pdf']);
  });

  it('fails its readiness check when the folder cannot be created', async () => {
    const file = path.join(base, `not-a-folder-${randomBytes(4).toString('hex')}`);
    await writeFile(file, 'x');
    await expect(createLocalStore(path.join(file, 'files')).check()).rejects.toMatchObject({
      code: 'ENOTDIR',
    });
  });

  it('is what createObjectStore builds for the local driver', async () => {
    const dir = freshDir();
    const store = createObjectStore({ driver: 'local', dir });
    expect(store.driver).toBe('local');
    await store.put('k.pdf', Buffer.from('via index'));
    expect(await readFile(path.join(dir, 'k.pdf'), 'utf8')).toBe('via index');
    await store.close();
  });
});

describe('assertObjectKey / assertObjectPrefix', () => {
  it('accepts product keys', () => {
    for (const key of ['a', '0/1', 'org-1/docs/2024_01/f.v2.pdf', 'a/.b', 'x'.repeat(256)]) {
      expect(() => assertObjectKey(key), key).not.toThrow();
    }
  });

  it('refuses anything else with a RangeError', () => {
    for (const key of [
      '',
      '../x',
      'x/..',
      '/abs',
      'A',
      'a//b',
      'a/',
      '.a',
      '-a',
      'a b',
      'a\\b',
      'x'.repeat(257),
    ]) {
      expect(() => assertObjectKey(key), key).toThrow(RangeError);
    }
  });

  it('accepts partial prefixes and refuses escaping ones', () => {
    for (const prefix of ['', 'a', 'a/', 'a/b-', 'a/..x', 'a/.']) {
      expect(() => assertObjectPrefix(prefix), prefix).not.toThrow();
    }
    for (const prefix of ['/', '/a', '../', 'a/../b', 'a//', 'A', 'x'.repeat(257)]) {
      expect(() => assertObjectPrefix(prefix), prefix).toThrow(RangeError);
    }
  });
});
