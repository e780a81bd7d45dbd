// A cache entry that fails its check when read (its bytes are not those it was stored with:
// a disk error, a file cut short, random bytes). Not the content's fault and not midad's: the
// build throws this, and is run again with that cache set aside.

export class DamagedCacheError extends Error {
  constructor(readonly what: string) {
    super(`midad: the cache is damaged (${what})`);
    this.name = 'DamagedCacheError';
  }
}

/** What the search thread replies for a damaged body (it cannot send the class across). */
export const DAMAGED_BODY = 'midad:damaged-body';
