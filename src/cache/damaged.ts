// A cache entry that fails its check when read (its bytes are not those it was stored with:
// a disk error, a file cut short, random bytes). Not the content's fault and not midad's: the
// build throws this, and is run again with that cache set aside (src/output/guard.ts).

import { BuildFailure } from '../failure.js';
import { msg } from '../messages/index.js';

export class DamagedCacheError extends BuildFailure {
  constructor(readonly what: string) {
    super(msg('cache-damaged', { what }));
  }
}

/** What the search thread replies for a damaged body (it cannot send the class across). */
export const DAMAGED_BODY = 'midad:damaged-body';
