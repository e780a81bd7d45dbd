// midad's search page: a small right-to-left UI on Pagefind's JS API. Queries are
// folded with the same Arabic rules as the index (src/search/normalize.ts writes them below),
// so "امن" finds "أمن" and "القاعده" finds "القاعدة". Results are built with DOM APIs only.
//
// The index is one Pagefind bundle (built in shards and merged at build time: src/search/merge.ts),
// so a query downloads the WebAssembly and the metadata once, and the index chunks that hold its
// words.

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

  // A page's length does not weigh on its score, so a long report, whose every word is indexed,
  // is not ranked below a brief; nor do matches in metadata add a boost of their own (the title
  // is the document's heading, weighed most already).
  const RANKING = { pageLength: 0, metaWeights: { title: 0, headline: 0, summary: 0, section: 0, date: 0 } };

  // The entry file is read fresh (it changes with every publish): a site without articles has
  // no index in it, and no Pagefind to load. Searched on the main thread: one search per query,
  // and a worker would cost its own script's download and a round trip.
  const open = async () => {
    const dir = new URL(config.bundle, location.href);
    const entry = new URL('pagefind-entry.json', dir);
    const res = await fetch(entry, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`${entry}: ${res.status}`);
    const languages = Object.values((await res.json()).languages || {});
    if (!languages.some((l) => l && l.page_count > 0)) return null;
    const pf = await import(new URL('pagefind.js', dir).href);
    await pf.options({ noWorker: true, ranking: RANKING });
    await pf.init();
    return pf;
  };

  const load = () => {
    loading ??= open().catch((err) => {
      loading = undefined;
      throw err;
    });
    return loading;
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
    // No word of its text matched: a query for a word the index lacks may be answered with pages
    // matched on metadata alone (every word the index holds of an article is in its text too).
    if (!matched.length) return false;
    return runs(q).every((term) => forms(term).some((t) => matched.some((w) => formOf(t, w))));
  };
  // A result's data is loaded once, for the check above and for its card.
  const once = (load) => {
    let p;
    return () => (p ??= load());
  };

  const query = async (q) => {
    const pf = await load();
    if (!pf) return [];
    const r = await pf.search(q);
    const list = r.results.map((x) => ({ id: x.id, score: x.score, data: once(x.data) }));
    return list.length && (await found(list[0], q)) ? list : [];
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
    // Pagefind's score, for whoever checks the ranking.
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
