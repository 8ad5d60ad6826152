import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ObjectNotFoundError, type ListedObject, type ObjectStore } from '../object-store.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function collect(objects: AsyncIterable<ListedObject>) {
  const all: { key: string; size: number }[] = [];
  for await (const { key, size } of objects) all.push({ key, size });
  return all.sort((a, b) => (a.key < b.key ? -1 : 1));
}

export const BAD_KEYS = [
  '../x',
  'a/../x',
  'a/./x',
  '/abs',
  'A',
  '',
  'a//b',
  'a/',
  'é',
  'x'.repeat(257),
];

/**
 * The behaviour every `ObjectStore` driver must have, run against each of them. `createStore`
 * returns an empty store each time.
 */
export function objectStoreContract(name: string, createStore: () => Promise<ObjectStore>): void {
  describe(`${name} object store contract`, () => {
    let store: ObjectStore;

    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(() => store.close());

    it('returns the bytes it stored, replaces them on overwrite, and keeps empty objects', async () => {
      await store.put('docs/a.pdf', Buffer.from('first'));
      expect((await store.get('docs/a.pdf')).toString()).toBe('first');
      await store.put('docs/a.pdf', Buffer.from('second, longer'));
      expect((await store.get('docs/a.pdf')).toString()).toBe('second, longer');
      await store.put('docs/a.pdf', Buffer.from('3'));
      expect((await store.get('docs/a.pdf')).toString()).toBe('3');
      await store.put('empty.html', Buffer.alloc(0));
      expect(await store.get('empty.html')).toHaveLength(0);
    });

    it('lists each object with the time it was last written', async () => {
      const before = Date.now() - 2_000;
      await store.put('dated/x.bin', Buffer.from('x'));
      const listed: ListedObject[] = [];
      for await (const object of store.list('dated/')) listed.push(object);
      expect(listed).toHaveLength(1);
      const modified = listed[0]?.modifiedAt?.getTime() ?? 0;
      expect(modified).toBeGreaterThanOrEqual(before);
      expect(modified).toBeLessThanOrEqual(Date.now() + 2_000);
    });

    it('round-trips 5 MB of random bytes exactly', async () => {
      const body = randomBytes(5 * 1024 * 1024);
      await store.put('big/random.bin', body);
      const back = await store.get('big/random.bin');
      expect(back.length).toBe(body.length);
      expect(sha256(back)).toBe(sha256(body));
      expect(await collect(store.list('big/'))).toEqual([
        { key: 'big/random.bin', size: body.length },
      ]);
    });

    it('tells whether an object exists, deletes it, and deletes a missing key quietly', async () => {
      expect(await store.exists('a/b.pdf')).toBe(false);
      await store.put('a/b.pdf', Buffer.from('x'));
      expect(await store.exists('a/b.pdf')).toBe(true);
      // A "folder" of other keys is not an object.
      expect(await store.exists('a')).toBe(false);
      await store.delete('a/b.pdf');
      expect(await store.exists('a/b.pdf')).toBe(false);
      await expect(store.delete('a/b.pdf')).resolves.toBeUndefined();
      await expect(store.delete('never/there.pdf')).resolves.toBeUndefined();
    });

    it('throws ObjectNotFoundError for a missing key, a deleted one, or a folder of keys', async () => {
      const missing = await store.get('nothing/here.pdf').catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(ObjectNotFoundError);
      expect(missing).toMatchObject({ key: 'nothing/here.pdf' });
      await store.put('gone/x.pdf', Buffer.from('x'));
      await store.delete('gone/x.pdf');
      await expect(store.get('gone/x.pdf')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.get('gone')).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it('lists nested keys with their sizes, filtered by a plain string prefix', async () => {
      const objects = {
        'org-1/docs/2024/a.pdf': 'aaaa',
        'org-1/docs/2024/b.pdf': 'bb',
        'org-1/docs/readme.html': 'r',
        'org-1/exports/e.xlsx': 'eeeee',
        'org-10/docs/c.pdf': 'ccc',
        'top.txt': 'tt',
      };
      for (const [key, body] of Object.entries(objects)) await store.put(key, Buffer.from(body));
      const sized = (keys: string[]) =>
        keys.map((key) => ({ key, size: objects[key as keyof typeof objects].length }));

      expect(await collect(store.list())).toEqual(sized(Object.keys(objects).sort()));
      expect(await collect(store.list(''))).toHaveLength(6);
      expect(await collect(store.list('org-1/'))).toEqual(
        sized([
          'org-1/docs/2024/a.pdf',
          'org-1/docs/2024/b.pdf',
          'org-1/docs/readme.html',
          'org-1/exports/e.xlsx',
        ]),
      );
      // Not a folder: `org-1` also matches `org-10/…`.
      expect((await collect(store.list('org-1'))).map((o) => o.key)).toContain('org-10/docs/c.pdf');
      expect(await collect(store.list('org-1/docs/2024/a'))).toEqual(
        sized(['org-1/docs/2024/a.pdf']),
      );
      expect(await collect(store.list('org-1/docs/20'))).toHaveLength(2);
      expect(await collect(store.list('nothing/'))).toEqual([]);
      expect(await collect(store.list('zzz'))).toEqual([]);

      await store.delete('org-1/docs/2024/a.pdf');
      expect((await collect(store.list('org-1/docs/'))).map((o) => o.key)).toEqual([
        'org-1/docs/2024/b.pdf',
        'org-1/docs/readme.html',
      ]);
    });

    it('lists more objects than fit in one page', async () => {
      const keys = Array.from({ length: 57 }, (_, i) => `many/${String(i).padStart(3, '0')}.pdf`);
      // One at a time: s3rver's file store fails under parallel writes (S3 itself does not).
      for (const key of keys) await store.put(key, Buffer.from(key));
      const listed = await collect(store.list('many/'));
      expect(listed.map((o) => o.key)).toEqual(keys);
      expect(new Set(listed.map((o) => o.key)).size).toBe(57);
    });

    it('refuses keys that are not product keys, on every operation', async () => {
      for (const key of BAD_KEYS) {
        await expect(store.put(key, Buffer.from('x')), key).rejects.toBeInstanceOf(RangeError);
        await expect(store.get(key), key).rejects.toBeInstanceOf(RangeError);
        await expect(store.exists(key), key).rejects.toBeInstanceOf(RangeError);
        await expect(store.delete(key), key).rejects.toBeInstanceOf(RangeError);
      }
      for (const prefix of ['../', '/abs', 'a/../', 'a//', 'A']) {
        await expect(collect(store.list(prefix)), prefix).rejects.toBeInstanceOf(RangeError);
      }
      expect(await collect(store.list())).toEqual([]);
    });

    it('passes its readiness check', async () => {
      await expect(store.check()).resolves.toBeUndefined();
      // The probe leaves nothing behind.
      expect(await collect(store.list())).toEqual([]);
    });
  });
}
