// A search index that could not be made: Pagefind would not start, died, ran out of memory or
// wrote a bundle that cannot be read. No article is at fault, so this is no content error with
// a file position: the build stops with a plain message and publishes nothing.

export class SearchIndexError extends Error {
  /** Pagefind's own words for what went wrong. */
  readonly reason: string;

  constructor(reason: string) {
    super(`the search index could not be built: ${reason}`);
    this.reason = reason;
    this.name = 'SearchIndexError';
  }
}
