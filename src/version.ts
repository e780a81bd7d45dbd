// midad's own version, from package.json (it keys the caches: a new midad rebuilds everything).

import { readFileSync } from 'node:fs';

export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
