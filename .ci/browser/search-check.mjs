// The search page in the browser, for check.mjs: realistic queries with the
// ranks and counts a reader expects, the stemmer of search.js against the
// build's (every word of the site), the keyboard, escaping, no JavaScript,
// and what a first result costs (bytes loaded, time), all from file://.

import { readFileSync, statSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

export const SEARCH_PAGE = 'zoeken/index.html';
const TIMING_RUNS = 5;

const MARK = /^[\p{L}\p{N}]+(\s+[\p{L}\p{N}]+)*$/u;
const count = (status) => Number((/^(\d+) resultat?e?n? voor/.exec(status) || [0, 0])[1]);
const hrefs = (rs) => rs.map((r) => r.href).join('\n');

// Each case: a query, what a reader expects, and the check. `rs` are the
// results shown (the first 20), `status` the status line, `sugg` the
// "Bedoelde u" line, `other(q)` the results of another query.
const SEARCH_CASES = [
  { query: 'clienten', why: 'accent folding: "clienten" finds "cliënten"', ok: ({ rs }) => rs.some((r) => /cliënten/i.test(r.text)) },
  {
    query: 'ervaringsdeskundige', why: 'stemming: "ervaringsdeskundige" finds and marks "ervaringsdeskundigen"',
    ok: ({ rs }) => rs.some((r) => r.marks.some((m) => /^ervaringsdeskundigen$/i.test(m))),
  },
  { query: 'vrije ruimte', why: '"vrije ruimte" finds 3.1.4 Kernwaarde among the first five', ok: ({ rs }) => rs.slice(0, 5).some((r) => r.title === '3.1.4 Kernwaarde') },
  {
    query: 'ervaringsdeskundigheid', why: 'the glossary entry and the definition (3.1.3) are the first two results',
    ok: ({ rs }) => rs.slice(0, 2).some((r) => r.title === '3.1.3 Ervaringsdeskundigheid')
      && rs.slice(0, 2).some((r) => r.title === 'Ervaringsdeskundigheid' && r.href.includes('begrippen/')),
  },
  { query: 'toegankelijkheid', why: 'the accessibility statement comes first', ok: ({ rs }) => rs[0] && rs[0].href.endsWith('toegankelijkheid/index.html') },
  { query: 'vrijplaats', why: '"vrijplaats" finds the 5 places, Praktijkmodule 4 and sheet 3', ok: ({ rs, status }) => count(status) >= 5 && rs.some((r) => r.source.startsWith('Praktijkmodule 4')) && rs.some((r) => r.href.includes('opdracht-3/')) },
  { query: 'vrijplaatsen', why: 'the plural finds what the singular does', ok: ({ rs, status, other }) => count(status) === count(other('vrijplaats').status) && hrefs(rs) === hrefs(other('vrijplaats').rs) },
  { query: 'organisatie', why: 'at least the 53 sections on organisations', ok: ({ status }) => count(status) >= 53 },
  { query: 'organisaties', why: 'the plural finds what the singular does', ok: ({ rs, status, other }) => count(status) === count(other('organisatie').status) && hrefs(rs) === hrefs(other('organisatie').rs) },
  { query: 'opleiding', why: 'at least 9 sections', ok: ({ status }) => count(status) >= 9 },
  { query: 'opleidingen', why: 'the plural finds what the singular does', ok: ({ rs, status, other }) => count(status) === count(other('opleiding').status) && hrefs(rs) === hrefs(other('opleiding').rs) },
  { query: 'docent', why: 'finds the teacher versions of the sheets', ok: ({ rs }) => rs.filter((r) => /opdracht-\d+\/docent\/index\.html$/.test(r.href)).length >= 7 },
  { query: 'leerdoelen', why: 'finds the sheets (their learning goals)', ok: ({ rs }) => rs.some((r) => /opdrachten\/opdracht-\d+\/index\.html$/.test(r.href)) },
  { query: 'colofon', why: 'the colofon comes first', ok: ({ rs }) => rs[0] && rs[0].href.endsWith('colofon/index.html') },
  { query: 'samenvattingskaart', why: 'the summary card is among the first three', ok: ({ rs }) => rs.slice(0, 3).some((r) => r.href.endsWith('samenvattingskaart/index.html')) },
  { query: 'opdrachtblad', why: 'the sheets overview first, then sheets', ok: ({ rs }) => rs[0] && rs[0].href.endsWith('opdrachten/index.html') && rs.some((r) => /opdracht-\d+\/index\.html$/.test(r.href)) },
  { query: 'doelgroep', why: 'finds the audience pages', ok: ({ rs }) => rs.some((r) => r.href.includes('doelgroepen/')) },
  {
    query: 'ervaringsdeskundigheit', why: 'a typo is matched one letter away, said so, and "Bedoelde u ervaringsdeskundigheid?" offered',
    ok: ({ rs, status, sugg, other }) => /één letter verschil/.test(status) && sugg === 'Bedoelde u ervaringsdeskundigheid?' && rs[0] && rs[0].href === other('ervaringsdeskundigheid').rs[0].href,
  },
  { query: 'ervaringskenis', why: 'a missing letter is matched too', ok: ({ rs, sugg }) => sugg === 'Bedoelde u ervaringskennis?' && rs.some((r) => r.title === '3.1.2 Ervaringskennis') },
  { query: 'de het van', why: 'only stop words: the status says why nothing was found', ok: ({ rs, status }) => rs.length === 0 && /veelvoorkomende woorden/.test(status) },
  { query: 'zorg', why: 'marks hold words only, never punctuation', ok: ({ rs }) => rs.length > 0 && rs.every((r) => r.marks.every((m) => MARK.test(m))) },
  { query: 'ervarings', why: 'the last word counts as a prefix while typing', ok: ({ rs }) => rs.length > 0 },
];

export const readResults = (page) => page.evaluate(() => [...document.querySelectorAll('#zoek-resultaten > li')].map((li) => {
  const a = li.querySelector('a');
  return {
    title: a ? a.textContent : '', href: a ? a.getAttribute('href') : null, abs: a ? a.href : null,
    source: (li.querySelector('.search-result-source') || {}).textContent || '',
    snippet: (li.querySelector('.search-result-snippet') || {}).textContent || '',
    text: li.textContent, marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
  };
}));

/** Waits until the status names the query and the results are shown. */
export async function waitForStatus(page, query) {
  const state = await page.waitForFunction(
    (q) => {
      const input = document.getElementById('zoekterm');
      const text = document.getElementById('zoek-status').textContent || '';
      if (input && input.disabled) return { broken: text || 'the search field is disabled' };
      if (!text.includes('\u201e' + q + '\u201d')) return false;
      const n = Number((/^(\d+) resultat?e?n? voor/.exec(text) || [0, 0])[1]);
      const shown = document.querySelectorAll('#zoek-resultaten > li').length;
      return shown >= Math.min(n, 20) ? { ok: true } : false;
    },
    query, { timeout: 10_000 });
  const result = await state.jsonValue();
  if (result.broken) throw new Error(`search is not working: ${result.broken}`);
}

async function typeQuery(page, query) {
  await page.focus('#zoekterm');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(query, { delay: 10 });
  await waitForStatus(page, query);
}

/** The bytes of the site's files a page requested (file:// has no transfer sizes). */
function bytesOf(site, urls) {
  let n = 0;
  for (const u of new Set(urls)) {
    if (!u.startsWith('file:')) continue;
    try {
      n += statSync(fileURLToPath(u.split(/[?#]/)[0])).size;
    } catch { /* not a file */ }
  }
  return n;
}

/**
 * Runs the search checks. `h` gives check.mjs's helpers: SITE, browser,
 * openPage, fail, runAxe, resolveProblem, figures, searchResults.
 */
export async function checkSearch(h) {
  const { SITE, browser, openPage, fail, runAxe, resolveProblem, figures, searchResults } = h;
  const searchFile = join(SITE, ...SEARCH_PAGE.split('/'));
  if (!existsSync(searchFile)) {
    fail('search', SEARCH_PAGE, 'the search page is missing');
    return;
  }
  const searchUrl = pathToFileURL(searchFile).href;
  const { page, flush } = await openPage(searchUrl, SEARCH_PAGE);
  // The index is loaded with <script> tags: fetch() and XHR are refused
  // from file://, so any such request would be a search that cannot work.
  page.on('request', (req) => {
    if (['fetch', 'xhr'].includes(req.resourceType())) fail('search', SEARCH_PAGE, `${req.resourceType()} request for ${req.url()}: refused from file://`);
  });
  const seen = {};
  try {
    for (const c of SEARCH_CASES) {
      await typeQuery(page, c.query);
      const rs = await readResults(page);
      const status = await page.textContent('#zoek-status');
      const sugg = await page.evaluate(() => { const s = document.querySelector('.search-suggestion'); return s && !s.hidden ? s.textContent : null; });
      seen[c.query] = { rs, status };
      searchResults[c.query] = { count: count(status), status, first: rs.slice(0, 3).map((r) => `${r.title} (${r.source})`) };
      const other = (q) => seen[q] || { rs: [], status: '' };
      if (!c.ok({ rs, status, sugg, other })) {
        fail('search', SEARCH_PAGE, `"${c.query}": ${c.why}: not met; status "${status}"${sugg ? `, "${sugg}"` : ''}, first results: ${JSON.stringify(rs.slice(0, 5).map((r) => `${r.title} → ${r.href}`))}`);
      }
      for (const r of rs) {
        const problem = resolveProblem(r.href, r.abs);
        if (problem) fail('search', SEARCH_PAGE, `result link for "${c.query}": ${problem}`);
        // A heading with nothing under it is no result; a whole page may
        // have no text of its own before its first heading.
        if (!r.snippet && r.href.includes('#')) fail('search', SEARCH_PAGE, `"${c.query}": result ${r.title} (${r.href}) shows no text`);
      }
    }

    // search.js stems exactly as the build does, on every word of the site.
    const mismatches = await page.evaluate(() => new Promise((resolve, reject) => {
      const before = window.__modulepersIndex;
      window.__modulepersIndex = (name, data) => {
        if (name !== 'words') return before(name, data);
        window.__modulepersIndex = before;
        const { fold, stem } = window.__modulepersSearchWords;
        const bad = [];
        for (let i = 0; i < data.length; i += 3) if (stem(fold(data[i])) !== data[i + 1]) bad.push(`${data[i]}: build ${data[i + 1]}, browser ${stem(fold(data[i]))}`);
        resolve({ words: data.length / 3, bad });
      };
      const s = document.createElement('script');
      s.src = (document.body.dataset.root || '') + 'static/search/words.js';
      s.onerror = () => reject(new Error('words.js did not load'));
      document.head.appendChild(s);
    }));
    figures.searchWordsCompared = mismatches.words;
    if (mismatches.words < 1000 || mismatches.bad.length) {
      fail('search', SEARCH_PAGE, `search.js and the build stem differently (${mismatches.bad.length} of ${mismatches.words} words): ${mismatches.bad.slice(0, 10).join('; ')}`);
    }

    // The page with results showing passes axe as well.
    await typeQuery(page, 'herstel');
    await runAxe(page, SEARCH_PAGE, ' (with results for "herstel")');

    // Keyboard: Tab from the field reaches the first result; Enter opens it.
    await typeQuery(page, 'vrijplaats');
    const first = (await readResults(page))[0];
    await page.focus('#zoekterm');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.getAttribute('href'));
    if (!first || focused !== first.href) {
      fail('search', SEARCH_PAGE, `Tab from the search field should reach the first result (${first && first.href}), reached ${focused}`);
    } else {
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      const landed = await page.evaluate(() => ({ hash: location.hash, found: !location.hash || !!document.getElementById(decodeURIComponent(location.hash.slice(1))) }));
      if (!landed.found) fail('search', SEARCH_PAGE, `Enter on the first result opened a page without the target ${landed.hash}`);
    }

    // Markup in a query is shown as text, never parsed.
    await page.goto(searchUrl);
    const evil = '<img src=x onerror="window.__xss=1">cliënt';
    await typeQuery(page, evil);
    const injected = await page.evaluate(() => ({
      img: document.querySelectorAll('main img').length, xss: window.__xss === 1,
      status: document.getElementById('zoek-status').textContent,
    }));
    if (injected.img || injected.xss || !injected.status.includes(evil)) {
      fail('search', SEARCH_PAGE, `a query with markup was not escaped: ${JSON.stringify(injected)}`);
    }
  } catch (err) {
    fail('search', SEARCH_PAGE, `search check stopped: ${String(err && err.message || err)}`);
  }
  await page.close();
  flush();

  // Without JavaScript the page says that search needs it.
  {
    const noJs = await browser.newContext({ javaScriptEnabled: false });
    await noJs.route(/^https?:\/\//, (route) => route.abort('blockedbyclient'));
    const p = await noJs.newPage();
    try {
      await p.goto(searchUrl);
      const said = await p.evaluate(() => (document.querySelector('main') || document.body).innerText);
      if (!/JavaScript/.test(said)) fail('search', `${SEARCH_PAGE} (no JavaScript)`, 'without JavaScript the page does not say that search needs it');
    } catch (err) {
      fail('search', `${SEARCH_PAGE} (no JavaScript)`, String(err && err.message || err));
    }
    await noJs.close();
  }

  // ?q= fills the field and searches. Timed from navigation: what a reader
  // waits for, and what was loaded until the first result showed.
  const ttfr = [];
  const searchBroken = h.failures().some((f) => f.kind === 'search');
  for (let i = 0; i < (searchBroken ? 0 : TIMING_RUNS); i++) {
    const label = `${SEARCH_PAGE}?q=ervaringsdeskundige`;
    const { page: p, flush: f, requests } = await openPage(`${searchUrl}?q=ervaringsdeskundige`, label);
    try {
      await p.waitForFunction(() => performance.getEntriesByName('modulepers-search:first-results').length > 0, null, { timeout: 10_000 });
      const t = await p.evaluate(() => ({
        first: performance.getEntriesByName('modulepers-search:first-results')[0].startTime,
        value: document.getElementById('zoekterm').value,
        count: document.querySelectorAll('#zoek-resultaten > li').length,
      }));
      if (t.value !== 'ervaringsdeskundige' || t.count === 0) fail('search', label, `?q= did not fill the field and search (${JSON.stringify(t)})`);
      ttfr.push(t.first);
      // Requested by the time the result showed (a few may still be on
      // their way: an upper bound).
      const files = requests.filter((u) => u.startsWith('file:'));
      figures.searchBytesBeforeFirstResult = bytesOf(SITE, files);
      figures.searchFilesBeforeFirstResult = new Set(files).size;
    } catch (err) {
      fail('search', label, `no results for ?q=: ${String(err && err.message || err)}`);
    }
    await p.close();
    f();
  }
  const median = (xs) => xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null;
  figures.timeToFirstResultMs = median(ttfr) === null ? null : Math.round(median(ttfr) * 10) / 10;
  figures.timeToFirstResultRunsMs = ttfr.map((x) => Math.round(x * 10) / 10);
  const dir = join(SITE, 'static', 'search');
  figures.searchIndexBytes = existsSync(dir) ? readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0) : 0;
  figures.searchIndexFiles = existsSync(dir) ? readdirSync(dir).length : 0;
}

export function searchSummary(figures, searchResults) {
  const lines = [];
  for (const [q, r] of Object.entries(searchResults)) lines.push(`search "${q}": ${r.status} first: ${r.first.join(' | ')}`);
  lines.push(`search index: ${figures.searchIndexBytes} B in ${figures.searchIndexFiles} files; stemmer of search.js = build's on ${figures.searchWordsCompared ?? '?'} words`);
  if (figures.timeToFirstResultMs == null) lines.push('search time: not measured (the search did not work)');
  else lines.push(`search time: first result ${figures.timeToFirstResultMs} ms after navigation start (median of ${TIMING_RUNS}: ${figures.timeToFirstResultRunsMs.join(', ')}), ${figures.searchBytesBeforeFirstResult} B in ${figures.searchFilesBeforeFirstResult} files loaded before it (page included)`);
  return lines;
}
