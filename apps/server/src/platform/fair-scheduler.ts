/**
 * Admission to a pool of limited slots (worker threads, Chromium tabs, import runners) shared by
 * tenants: each tenant (cabinet) waits in its own line and the lines are served in turn, so a
 * tenant with a thousand tasks waiting delays another tenant's task by at most one task per
 * tenant ahead of it in the rotation, never by its whole backlog.
 *
 * `maxActivePerKey` below the capacity keeps slots free for other tenants: a task cannot be
 * preempted once started, so without it one tenant's long tasks could hold every slot and the
 * next tenant would wait for the first of them to end, however fair the lines.
 */

export interface FairSchedulerOptions {
  /** Tasks running at once. */
  capacity: number;
  /**
   * Tasks of one key running at once. Default: `capacity - 1` (at least 1), so that one slot is
   * always left for another key.
   */
  maxActivePerKey?: number | undefined;
  /** Tasks waiting, all keys together; beyond, `busyError()` is thrown. Default: unbounded. */
  maxQueued?: number | undefined;
  /** Tasks of one key waiting; beyond, `busyError()`. Default: `maxQueued`. */
  maxQueuedPerKey?: number | undefined;
  /** The error a task refused for a full line gets. */
  busyError?: (() => Error) | undefined;
  /** Called after every change of the counts (for gauges). */
  onChange?: ((stats: FairSchedulerStats) => void) | undefined;
}

export interface FairSchedulerStats {
  /** Tasks holding a slot. */
  active: number;
  /** Tasks waiting for one. */
  queued: number;
}

/** Gives the slot back; calling it twice is harmless. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
  reject: (error: Error) => void;
}

interface Lane {
  active: number;
  waiting: Waiter[];
}

export class SchedulerClosedError extends Error {
  override name = 'SchedulerClosedError';
}

function checkCount(name: string, value: number, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be an integer ≥ ${minimum}, got ${value}.`);
  }
  return value;
}

export class FairScheduler {
  readonly capacity: number;
  readonly maxActivePerKey: number;
  readonly #maxQueued: number;
  readonly #maxQueuedPerKey: number;
  readonly #busyError: () => Error;
  readonly #onChange: ((stats: FairSchedulerStats) => void) | undefined;
  readonly #lanes = new Map<string, Lane>();
  /** Keys with tasks waiting, in the order they will be served. */
  #rotation: string[] = [];
  #active = 0;
  #queued = 0;
  #closed: Error | undefined;

  constructor(options: FairSchedulerOptions) {
    this.capacity = checkCount('capacity', options.capacity, 1);
    this.maxActivePerKey = Math.min(
      this.capacity,
      checkCount('maxActivePerKey', options.maxActivePerKey ?? Math.max(1, this.capacity - 1), 1),
    );
    this.#maxQueued = checkCount('maxQueued', options.maxQueued ?? Number.MAX_SAFE_INTEGER, 0);
    this.#maxQueuedPerKey = checkCount(
      'maxQueuedPerKey',
      options.maxQueuedPerKey ?? this.#maxQueued,
      0,
    );
    this.#busyError = options.busyError ?? (() => new Error('the scheduler queue is full'));
    this.#onChange = options.onChange;
  }

  /** Waits for a slot for `key`; the returned function gives it back. */
  acquire(key: string): Promise<Release> {
    if (this.#closed) return Promise.reject(this.#closed);
    const lane = this.#lane(key);
    if (lane.waiting.length === 0 && this.#canStart(lane) && this.#rotation.length === 0) {
      return Promise.resolve(this.#start(key, lane));
    }
    if (this.#queued >= this.#maxQueued || lane.waiting.length >= this.#maxQueuedPerKey) {
      this.#dropIfIdle(key, lane);
      return Promise.reject(this.#busyError());
    }
    return new Promise<Release>((grant, reject) => {
      lane.waiting.push({ grant, reject });
      this.#queued++;
      if (lane.waiting.length === 1) this.#rotation.push(key);
      // Another key's lane may be blocked by its own share while this one can start now.
      this.#dispatch();
      this.#changed();
    });
  }

  /** Runs `task` in a slot of `key`; the slot is given back however the task ends. */
  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const release = await this.acquire(key);
    try {
      return await task();
    } finally {
      release();
    }
  }

  stats(): FairSchedulerStats {
    return { active: this.#active, queued: this.#queued };
  }

  /** Tasks of `key` running and waiting. */
  statsOf(key: string): FairSchedulerStats {
    const lane = this.#lanes.get(key);
    return { active: lane?.active ?? 0, queued: lane?.waiting.length ?? 0 };
  }

  /** Fails every waiting task with `error` and refuses new ones; running tasks keep their slot. */
  close(error: Error = new SchedulerClosedError('the scheduler is closed')): void {
    if (this.#closed) return;
    this.#closed = error;
    for (const lane of this.#lanes.values()) {
      for (const waiter of lane.waiting.splice(0)) waiter.reject(error);
    }
    this.#queued = 0;
    this.#rotation = [];
    this.#changed();
  }

  #lane(key: string): Lane {
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { active: 0, waiting: [] };
      this.#lanes.set(key, lane);
    }
    return lane;
  }

  #canStart(lane: Lane): boolean {
    return this.#active < this.capacity && lane.active < this.maxActivePerKey;
  }

  #start(key: string, lane: Lane): Release {
    lane.active++;
    this.#active++;
    this.#changed();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.active--;
      this.#active--;
      this.#dropIfIdle(key, lane);
      this.#dispatch();
      this.#changed();
    };
  }

  /**
   * Serves waiting keys in turn while slots are free: the first key of the rotation that may start
   * a task gets one slot and goes to the back of the rotation if it still has tasks waiting.
   */
  #dispatch(): void {
    while (this.#active < this.capacity && this.#rotation.length > 0) {
      const index = this.#rotation.findIndex((key) => {
        const lane = this.#lanes.get(key);
        return lane !== undefined && lane.active < this.maxActivePerKey;
      });
      if (index < 0) return;
      const [key] = this.#rotation.splice(index, 1);
      const lane = key === undefined ? undefined : this.#lanes.get(key);
      const waiter = lane?.waiting.shift();
      if (key === undefined || !lane || !waiter) continue;
      this.#queued--;
      if (lane.waiting.length > 0) this.#rotation.push(key);
      waiter.grant(this.#start(key, lane));
    }
  }

  #dropIfIdle(key: string, lane: Lane): void {
    if (lane.active === 0 && lane.waiting.length === 0) this.#lanes.delete(key);
  }

  #changed(): void {
    this.#onChange?.(this.stats());
  }
}
