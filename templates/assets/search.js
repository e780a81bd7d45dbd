// midad's search page: a small right-to-left UI on Pagefind's JS API. Queries are
// folded with the same Arabic rules as the index (src/search/normalize.ts writes them below),
// so "امن" finds "أمن" and "القاعده" finds "القاعدة". Results are built with DOM APIs only.
//
// The index comes in shards, each its own Pagefind bundle covering a range of publication time
// (src/search/shards.ts). They are merged into one Pagefind instance (mergeIndex: the WebAssembly
// loads once, from the first shard; each further shard adds its small entry and metadata files,
// and per query its matching index chunks), each tagged with its id as a filter, so that a
// query's results can be asked shard by shard and brought to one score scale.

const FOLDING = /*midad:folding*/ null;

const root = document.querySelector('[data-search]');
const form = root && root.querySelector('form');
const input = root && root.querySelector('input[type="search"]');
const status = root && root.querySelector('[data-search-status]');
const list = root && root.querySelector('[data-search-results]');

function folder(f) {
  const remove = new RegExp(f.remove, 'gu');
  const keys = Object.keys(f.map).map((k) => k.replace(/[\\\]^-]/g, '\\$&')).join('');
  const mapped = new RegExp(`[${keys}]`, 'gu');
  return (text) => text.normalize(f.form).replace(remove, '').replace(mapped, (c) => f.map[c]);
}

if (root && form && input && status && list && FOLDING) {
  const config = JSON.parse(root.getAttribute('data-search'));
  const fold = folder(FOLDING);
  const strings = config.strings;
  const numbers = new Intl.NumberFormat(`${config.language}-u-nu-${config.digits}`);
  const plurals = new Intl.PluralRules(config.language);
  const PAGE = 10;
  let loading;
  let current = 0;
  let timer;

  // Every shard is tagged with this filter (its value the shard's id).
  const SHARD = 'midad-shard';
  // A page's length does not weigh on its score (Pagefind's default compares it with the average
  // page of its index, which differs from shard to shard), nor do matches in metadata add a boost
  // of their own (the title is the document's heading, weighed most already): then a shard's
  // scores differ from one index's over every page by the words' rarity alone, which the merge
  // below corrects. Nor is a long report, whose every word is indexed, ranked below a brief.
  const RANKING = { pageLength: 0, metaWeights: { title: 0, headline: 0, summary: 0, section: 0, date: 0 } };

  // The shards' list is read fresh (it changes with every publish); then the first shard's
  // pagefind.js is loaded and every other shard merged into it.
  const open = async () => {
    const res = await fetch(config.shards, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`${config.shards}: ${res.status}`);
    const info = await res.json();
    const shards = (info.shards || []).filter((s) => s && typeof s.id === 'string' && s.pages > 0);
    if (!shards.length) return { shards };
    const dir = (id) => new URL(`${id}/`, new URL(config.shards, location.href));
    const pf = await import(new URL('pagefind.js', dir(shards[0].id)).href);
    // Searched on the main thread: each query asks every shard, and a worker's round trips
    // (and its own script's download) would cost more than the searches themselves.
    await pf.options({ noWorker: true, ranking: RANKING, mergeFilter: { [SHARD]: shards[0].id } });
    await pf.init();
    await Promise.all(shards.slice(1).map((s) => pf.mergeIndex(dir(s.id).pathname, { ranking: RANKING, mergeFilter: { [SHARD]: s.id } })));
    return { pf, shards };
  };

  const load = () => {
    loading ??= open().catch((err) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };

  // Scores of different shards differ in scale: Pagefind weighs a word by its rarity (BM25's
  // idf) within each index, and a word's rarity among one shard's pages is not its rarity in
  // the site. A page's score is the sum of its query words' scores, each the word's idf times
  // how much the page holds of it; so each word's score on a page is brought to the scale of
  // one index over every page by the ratio of the word's idf over all shards to its idf in the
  // page's shard, from the pages each shard indexes and the pages in it that hold the word
  // (Pagefind's own formula), and the page's score is their sum.
  const idf = (pages, matching) => Math.log(1 + (pages - matching + 0.5) / (matching + 0.5));
  const perShard = (response) => (response && response.filters && response.filters[SHARD]) || {};

  // Pagefind searches a word it cannot find as the longest prefix of it that it can ("xyzzy"
  // as "x", "Googleplex" as "google": Pagefind issue #793), so a word that is in no article
  // would still list articles. The best result's matched words tell: a query word that none
  // of them can be a form of is not in the site, and there are no results. A form is the word
  // typed so far (a prefix), or a word sharing its stem: after Arabic's attached و ف ب ل ك,
  // ال and the future's س, the same start with an ending of at most two letters or an
  // inflection ("اتهما", "ning"), or a different ending on a long shared start.
  const runs = (text) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const forms = (w) => [...new Set([
    w, w.replace(/^[وفبلك]/u, ''), w.replace(/^[وف]?(?:[بلك]?ال|لل)/u, ''), w.replace(/^[وف]?س(?=[يتنا])/u, ''),
  ])].filter((f) => f.length >= 2 || f === w);
  // Endings a stem takes (text folded: ة → ه, ى → ي): Arabic plural, dual, nisba, feminine and
  // pronoun endings, alone or stacked; English inflections, with a doubled consonant before them.
  const INFLECTION = /^(?:(?:ات|ون|ين|ان|تان|تين|يات|يه|ي|ه|ت)?(?:ها|هما|هم|هن|كم|كما|كن|نا|ك|ه|ي)?|[a-z]?(?:s|es|ed|ing|ings|er|ers|est|ly|ment|ments|ness|ion|ions|ation|ations|able|al|ity|ies))$/u;
  const commonStart = (a, b) => {
    let n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) n++;
    return n;
  };
  const formOf = (term, word) => {
    const n = commonStart(term, word);
    if (n === term.length) return true;
    if (n === word.length) return term.length - n <= 2 || (n >= 3 && INFLECTION.test(term.slice(n)));
    return n >= 3 && 2 * n >= term.length;
  };
  const found = async (result, q) => {
    const data = await result.data();
    const words = (data.content || '').split(/\s+/);
    const matched = (data.locations || []).flatMap((i) => {
      const w = words[i] || '';
      return [w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''), ...runs(w)].flatMap(forms);
    });
    // No word of its text matched: a shard without the word answers with pages matched on
    // metadata alone (every word the index holds of an article is in its text too).
    if (!matched.length) return false;
    return runs(q).every((term) => forms(term).some((t) => matched.some((w) => formOf(t, w))));
  };
  // A result's data is loaded once, for the check above and for its card.
  const once = (load) => {
    let p;
    return () => (p ??= load());
  };

  const query = async (q) => {
    const { pf, shards } = await load();
    if (!pf) return [];
    const all = await pf.search(q);
    const matching = perShard(all);
    const hit = shards.filter((s) => matching[s.id] > 0);
    if (!hit.length) return [];
    const words = [...new Set(q.split(/\s+/).filter(Boolean))];
    // Each word on its own: the pages that hold it, shard by shard, and its score on each page.
    const alone = words.length > 1 ? await Promise.all(words.map((w) => pf.search(w))) : [all];
    const holding = alone.map(perShard);
    const scores = alone.map((r) => new Map(r.results.map((x) => [x.id, x.score])));
    const total = shards.reduce((n, s) => n + s.pages, 0);
    const siteIdf = holding.map((h) => idf(total, shards.reduce((n, s) => n + (h[s.id] || 0), 0)));
    // Each shard on its own: a word that is in no article of a shard is searched there as its
    // longest prefix (see `found`), so each shard's best result tells whether its results count.
    const lists = await Promise.all(hit.map(async (s) => {
      const ratio = holding.map((h, i) => {
        const own = idf(s.pages, h[s.id] || 0);
        return own > 0 ? siteIdf[i] / own : 1;
      });
      const r = await pf.search(q, { filters: { [SHARD]: s.id } });
      const list = r.results.map((x) => {
        const parts = scores.map((m) => m.get(x.id));
        const score = parts.every((v) => v !== undefined)
          ? parts.reduce((sum, v, i) => sum + v * ratio[i], 0)
          : x.score * ratio.reduce((a, b) => a + b, 0) / ratio.length;
        return { id: x.id, score, data: once(x.data) };
      });
      return list.length && (await found(list[0], q)) ? list : [];
    }));
    return lists.flat().sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  };

  const countText = (n, q) => {
    const forms = strings.results;
    const form = (n === 0 && forms.zero) || forms[plurals.select(n)] || forms.other;
    // Replaced by functions: a query's own "$&" or "$'" is text, not a replacement pattern.
    return form.replace('{n}', () => numbers.format(n)).replace('{q}', () => q);
  };

  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const card = (data, score) => {
    const meta = data.meta || {};
    const article = el('article', 'card');
    // The score on the site's one scale, for whoever checks the ranking.
    article.dataset.score = score.toPrecision(6);
    const body = el('div', 'card-text');
    if (meta.section) body.append(el('p', 'kicker', meta.section));
    const h = el('h2', 'card-title');
    const a = el('a', '', meta.headline || meta.title || data.url);
    a.href = data.url;
    h.append(a);
    body.append(h);
    if (meta.summary) body.append(el('p', 'card-summary', meta.summary));
    if (meta.date) {
      const p = el('p', 'meta');
      p.append(el('span', '', meta.date));
      body.append(p);
    }
    article.append(body);
    return article;
  };

  const show = async (results, from, run) => {
    const shown = results.slice(from, from + PAGE);
    const page = await Promise.all(shown.map((r) => r.data()));
    if (run !== current) return;
    page.forEach((data, i) => list.append(card(data, shown[i].score)));
    list.querySelector('.search-more')?.remove();
    if (from + PAGE < results.length) {
      const more = el('button', 'search-more', strings.more);
      more.type = 'button';
      more.addEventListener('click', () => show(results, from + PAGE, run));
      list.append(more);
    }
  };

  const search = async (raw) => {
    const run = ++current;
    const q = raw.trim();
    const url = new URL(location.href);
    if (q) url.searchParams.set('q', q);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    root.removeAttribute('data-search-count');
    list.replaceChildren();
    if (!q) {
      status.textContent = '';
      return;
    }
    status.textContent = strings.loading;
    try {
      const results = await query(fold(q));
      if (run !== current) return;
      status.textContent = countText(results.length, q);
      await show(results, 0, run);
      // Marks the results as complete (for tests and assistive tooling that waits on it).
      if (run === current) root.setAttribute('data-search-count', String(results.length));
    } catch (err) {
      if (run !== current) return;
      status.textContent = strings.failed;
      console.error(err);
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(input.value), 250);
  });
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) {
    input.value = initial;
    search(initial);
  }
}
