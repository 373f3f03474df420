import type { LibrarySourceIds } from '../ports/library-source-ids.ts';

export interface SourceIdCacheOptions {
  /** The whole set is re-read after this long, whatever happened. */
  maxAgeMs: number;
  /** A cited id the set lacks triggers a re-read, at most this often (a load may have added it). */
  missRefreshMs: number;
  now?: () => number;
}

/**
 * Caches the library's source ids for the container. Loads only ever add
 * sources, so a cached id stays true; what a cache can miss is a source
 * loaded since, which shows up as a cited id the set lacks, and that
 * triggers a re-read (rate-limited, since a draft citing a truly unknown id
 * would otherwise re-read on every poll). Until then the draft simply counts
 * as unsupported: the cache errs towards showing less, never more.
 */
export class CachedSourceIds implements LibrarySourceIds {
  private cached: { ids: ReadonlySet<string>; at: number } | undefined;
  private reading: Promise<ReadonlySet<string>> | undefined;
  private readonly now: () => number;

  constructor(
    private readonly library: LibrarySourceIds,
    private readonly options: SourceIdCacheOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  async sourceIds(cited: readonly string[] = []): Promise<ReadonlySet<string>> {
    const cached = this.cached;
    if (cached) {
      const age = this.now() - cached.at;
      const missing = cited.some((id) => !cached.ids.has(id));
      const stale = age >= this.options.maxAgeMs || (missing && age >= this.options.missRefreshMs);
      if (!stale) return cached.ids;
    }
    return this.reread();
  }

  /** One read at a time: concurrent callers share it. */
  private reread(): Promise<ReadonlySet<string>> {
    this.reading ??= (async () => {
      const at = this.now();
      try {
        const ids = await this.library.sourceIds();
        this.cached = { ids, at };
        return ids;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }
}
