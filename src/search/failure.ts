// A search index that could not be made: Pagefind would not start, died, ran out of memory or
// wrote a bundle that cannot be read. No article is at fault, so this is no content error with
// a file position: the build stops with a plain message and publishes nothing.

import { BuildFailure } from '../failure.js';
import { msg } from '../messages/index.js';

export class SearchIndexError extends BuildFailure {
  /** Pagefind's own words for what went wrong. */
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(msg('search-index-failed', { reason }), options);
    this.reason = reason;
  }
}
