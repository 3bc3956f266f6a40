/**
 * Serialises work per key while different keys run in parallel: two files that may be the same
 * log stream (a file and its rotation) must not both resume from the same offset.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /** Run `work` once every earlier holder of `key` has finished. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
