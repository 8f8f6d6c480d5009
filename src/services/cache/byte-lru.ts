// A least-recently-used map bounded by the bytes of what it holds (each entry's size is given by
// the caller), and a build cache on top of it: concurrent requests for the same missing key share
// one build (single flight). Used for rendered pages and open-data exports, whose keys carry the
// body's log size, so an entry is never stale, only unused, and the bound is all the eviction.

export class ByteLru<V> {
  readonly maxBytes: number;
  readonly #map = new Map<string, { value: V; bytes: number }>();
  #bytes = 0;

  constructor(maxBytes: number) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0)
      throw new RangeError(`maxBytes must be a whole number ≥ 0, not ${maxBytes}`);
    this.maxBytes = maxBytes;
  }

  /** Bytes held now (never above maxBytes). */
  get bytes(): number {
    return this.#bytes;
  }
  get size(): number {
    return this.#map.size;
  }

  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (!hit) return undefined;
    this.#map.delete(key);
    this.#map.set(key, hit);
    return hit.value;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  /** Stores the value unless it alone is larger than the bound; evicts the least recently used. */
  set(key: string, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.maxBytes) return false;
    this.#map.set(key, { value, bytes });
    this.#bytes += bytes;
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#map.keys().next().value!;
      this.delete(oldest);
    }
    return true;
  }

  delete(key: string): void {
    const old = this.#map.get(key);
    if (!old) return;
    this.#map.delete(key);
    this.#bytes -= old.bytes;
  }

  keys(): string[] {
    return [...this.#map.keys()];
  }
}

export class BuildCache<V> {
  readonly lru: ByteLru<V>;
  readonly #building = new Map<string, Promise<V>>();
  /** Builds started (a hit or a shared build does not count). */
  builds = 0;

  constructor(
    maxBytes: number,
    readonly sizeOf: (value: V) => number,
  ) {
    this.lru = new ByteLru<V>(maxBytes);
  }

  /** The cached value for key, else the build under way for it, else a new build (then kept). */
  get(key: string, build: () => Promise<V>): Promise<V> {
    const hit = this.lru.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    const running = this.#building.get(key);
    if (running) return running;
    this.builds++;
    const p = build()
      .then((value) => {
        this.lru.set(key, value, this.sizeOf(value));
        return value;
      })
      .finally(() => this.#building.delete(key));
    this.#building.set(key, p);
    return p;
  }

  get inFlight(): number {
    return this.#building.size;
  }
}
