import { describe, expect, it } from 'vitest';
import { FairScheduler, type Release } from './fair-scheduler.ts';

/** A task that ends when the test says so, recording when it started. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** Lets granted acquisitions run their continuations. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FairScheduler', () => {
  it('serves waiting keys in turn, not in arrival order', async () => {
    const scheduler = new FairScheduler({ capacity: 1, maxActivePerKey: 1 });
    const started: string[] = [];
    const releases: Release[] = [];
    const take = (key: string, label: string) =>
      scheduler.acquire(key).then((release) => {
        started.push(label);
        releases.push(release);
      });

    const all = [
      take('a', 'a1'),
      take('a', 'a2'),
      take('a', 'a3'),
      take('a', 'a4'),
      take('b', 'b1'),
      take('b', 'b2'),
      take('c', 'c1'),
    ];
    await settle();
    expect(started).toEqual(['a1']);
    while (started.length < all.length) {
      releases[started.length - 1]?.();
      await settle();
    }
    // FIFO would give a1 a2 a3 a4 b1 b2 c1: b and c would wait for a's whole backlog.
    expect(started).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'b2', 'a4']);
    releases.at(-1)?.();
    expect(scheduler.stats()).toEqual({ active: 0, queued: 0 });
  });

  it('keeps a slot for another key: one key never holds the whole pool', async () => {
    const scheduler = new FairScheduler({ capacity: 3 });
    expect(scheduler.maxActivePerKey).toBe(2);
    const a = gate();
    const tasks = Array.from({ length: 5 }, () => scheduler.run('a', () => a.opened));
    await settle();
    expect(scheduler.statsOf('a')).toEqual({ active: 2, queued: 3 });

    // b starts at once although a has three tasks waiting and none of a's has ended.
    let bDone = false;
    await scheduler.run('b', () => Promise.resolve()).then(() => (bDone = true));
    expect(bDone).toBe(true);
    expect(scheduler.statsOf('a').active).toBe(2);

    a.open();
    await Promise.all(tasks);
    expect(scheduler.stats()).toEqual({ active: 0, queued: 0 });
  });

  it('uses every slot when the keys waiting are allowed to', async () => {
    const scheduler = new FairScheduler({ capacity: 2, maxActivePerKey: 2 });
    const a = gate();
    const tasks = [1, 2, 3].map(() => scheduler.run('a', () => a.opened));
    await settle();
    expect(scheduler.stats()).toEqual({ active: 2, queued: 1 });
    a.open();
    await Promise.all(tasks);
  });

  it('a key blocked by its own share does not hold back a key behind it', async () => {
    const scheduler = new FairScheduler({ capacity: 3, maxActivePerKey: 1 });
    const a = gate();
    const aTasks = [1, 2].map(() => scheduler.run('a', () => a.opened));
    await settle();
    // a's second task waits at the head of the rotation; b may still start.
    expect(scheduler.statsOf('a')).toEqual({ active: 1, queued: 1 });
    await scheduler.run('b', () => Promise.resolve('b'));
    a.open();
    await Promise.all(aTasks);
  });

  it('refuses past the bounds of the lines, per key and in all', async () => {
    const busy = new Error('busy');
    const scheduler = new FairScheduler({
      capacity: 1,
      maxActivePerKey: 1,
      maxQueued: 3,
      maxQueuedPerKey: 2,
      busyError: () => busy,
    });
    const a = gate();
    const held = scheduler.run('a', () => a.opened);
    const waiting = [scheduler.run('a', () => a.opened), scheduler.run('a', () => a.opened)];
    await settle();
    // a's line is full; b's is not.
    await expect(scheduler.acquire('a')).rejects.toBe(busy);
    const bWaiting = scheduler.run('b', () => a.opened);
    await settle();
    // Three wait in all: c is refused too.
    await expect(scheduler.acquire('c')).rejects.toBe(busy);
    expect(scheduler.stats()).toEqual({ active: 1, queued: 3 });
    a.open();
    await Promise.all([held, ...waiting, bWaiting]);
  });

  it('gives the slot back when a task fails, and a release is counted once', async () => {
    const scheduler = new FairScheduler({ capacity: 1 });
    await expect(scheduler.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    const release = await scheduler.acquire('a');
    release();
    release();
    expect(scheduler.stats()).toEqual({ active: 0, queued: 0 });
    expect(await scheduler.run('b', () => Promise.resolve(42))).toBe(42);
  });

  it('reports its counts on every change', async () => {
    const seen: string[] = [];
    const scheduler = new FairScheduler({
      capacity: 1,
      onChange: ({ active, queued }) => seen.push(`${active}/${queued}`),
    });
    const a = gate();
    const first = scheduler.run('a', () => a.opened);
    const second = scheduler.run('b', () => a.opened);
    await settle();
    expect(seen.at(-1)).toBe('1/1');
    a.open();
    await Promise.all([first, second]);
    expect(seen.at(-1)).toBe('0/0');
  });

  it('close fails the waiting tasks and refuses new ones', async () => {
    const scheduler = new FairScheduler({ capacity: 1 });
    const a = gate();
    const running = scheduler.run('a', () => a.opened);
    const waiting = scheduler.acquire('b');
    await settle();
    const closed = new Error('closed');
    scheduler.close(closed);
    await expect(waiting).rejects.toBe(closed);
    await expect(scheduler.acquire('c')).rejects.toBe(closed);
    a.open();
    await running;
  });

  it('refuses a meaningless capacity', () => {
    expect(() => new FairScheduler({ capacity: 0 })).toThrow(RangeError);
    expect(() => new FairScheduler({ capacity: 2, maxActivePerKey: 0 })).toThrow(RangeError);
  });
});
