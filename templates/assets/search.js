// midad's search page (issue 4 §5): a small right-to-left UI on Pagefind's JS API. Queries are
// folded with the same Arabic rules as the index (src/search/normalize.ts writes them below),
// so "امن" finds "أمن" and "القاعده" finds "القاعدة". Results are built with DOM APIs only.
//
// The index comes in two bundles (issue 6): the base, made now and then, and a small delta of
// the articles added or changed since. Each is its own Pagefind instance (its own pagefind.js);
// both are asked the same folded query, base results the delta supersedes (changed or removed
// articles) are dropped by page id, and the rest merged by score.

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

  const instance = async (url, options) => {
    const pf = await import(url);
    if (options) await pf.options(options);
    await pf.init();
    return pf;
  };

  // The delta's manifest is read fresh (it changes with every publish) while the base loads.
  const deltaOf = async () => {
    const res = await fetch(config.delta, { cache: 'no-cache' });
    // No manifest at all: a site built before deltas existed.
    if (res.status === 404) return { superseded: new Set() };
    if (!res.ok) throw new Error(`${config.delta}: ${res.status}`);
    const info = await res.json();
    // The delta is small: searched on the main thread, it spares the phone a second worker.
    const pf = info.bundle ? await instance(new URL('pagefind.js', new URL(config.delta, location.href)).href, { noWorker: true }) : undefined;
    return { pagefind: pf, superseded: new Set(info.superseded || []), pages: info.pages };
  };

  const load = () => {
    loading ??= Promise.all([instance(config.bundle), config.delta ? deltaOf() : { superseded: new Set() }])
      .then(([base, delta]) => ({ base, delta }))
      .catch((err) => {
        loading = undefined;
        throw err;
      });
    return loading;
  };

  // Scores of two indexes differ in scale: Pagefind weighs a word by its rarity (BM25's idf)
  // within each index, and a word's rarity among a delta's few pages says little about its
  // rarity in the site. Delta scores are brought to the base's scale by the ratio of the
  // query's idf in each, from the pages each bundle indexes and the pages that match.
  const idf = (pages, matching) => Math.log(1 + (pages - matching + 0.5) / (matching + 0.5));
  const scaleOf = (pages, baseMatching, deltaMatching) => {
    if (!pages || !(pages.base > 0) || !(pages.delta > 0)) return 1;
    return idf(pages.base, baseMatching) / idf(pages.delta, deltaMatching);
  };

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
    if (!matched.length) return true;
    return runs(q).every((term) => forms(term).some((t) => matched.some((w) => formOf(t, w))));
  };
  // A result's data is loaded once, for the check above and for its card.
  const once = (load) => {
    let p;
    return () => (p ??= load());
  };

  const query = async (q) => {
    const { base, delta } = await load();
    const [b, d] = await Promise.all([base.search(q), delta.pagefind ? delta.pagefind.search(q) : null]);
    const results = (b ? b.results : []).filter((r) => !delta.superseded.has(r.id)).map((r) => ({ id: r.id, score: r.score, data: once(r.data) }));
    if (d && d.results.length) {
      const scale = scaleOf(delta.pages, b ? b.results.length : 0, d.results.length);
      for (const r of d.results) results.push({ id: r.id, score: r.score * scale, data: once(r.data) });
      results.sort((x, y) => y.score - x.score);
    }
    return results.length && !(await found(results[0], q)) ? [] : results;
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

  const card = (data) => {
    const meta = data.meta || {};
    const article = el('article', 'card');
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
    const page = await Promise.all(results.slice(from, from + PAGE).map((r) => r.data()));
    if (run !== current) return;
    for (const data of page) list.append(card(data));
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
