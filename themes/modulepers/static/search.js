/* Client-side search for the zoeken page.
 *
 * window.MODULEPERS_SEARCH (static/search-index.js) holds one entry per
 * section: {u: url from the site root with #anchor, t: section title,
 * p: page title, d: document short title or null, x: plain text}. The lunr
 * index is built here, in the browser, when the page loads: the corpus is
 * small, and a script file works from file:// where fetch() does not.
 *
 * Words are folded (NFD, combining marks removed) before the Dutch stemmer,
 * in the index and in the query alike, so "clienten" finds "cliënten".
 * Every word of the query must occur in a section; the last word also counts
 * as a prefix while it is being typed. Sections that hold the query as a
 * phrase rank higher.
 *
 * Nothing the index or the user supplies goes through innerHTML: results are
 * built with createElement and textContent.
 */
(function () {
  'use strict';

  var DEBOUNCE_MS = 150;
  var MAX_RESULTS = 50;
  var SNIPPET_BEFORE = 70;
  var SNIPPET_AFTER = 190;

  var input, status, list, form;
  var entries = [];
  var index = null;
  var timer = null;
  var lastQuery = null;
  var rendered = 0;

  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  function setupLunr() {
    if (typeof lunr === 'undefined' || typeof lunr.nl === 'undefined') return false;
    // Words split on dashes and slashes too: "zijn/haar", "ggz–zorg".
    lunr.tokenizer.separator = /[\s\-\u2010-\u2015\/]+/;
    return true;
  }

  function buildIndex() {
    var folder = function (token) {
      return token.update(fold);
    };
    lunr.Pipeline.registerFunction(folder, 'modulepers-fold');
    // lunr.nl's trimmer keeps letters only, which would make "2022" or
    // "3.1.4" unsearchable; this one keeps digits as well.
    var trimmer = lunr.trimmerSupport.generateTrimmer(lunr.nl.wordCharacters + '0-9');
    lunr.Pipeline.registerFunction(trimmer, 'modulepers-trimmer');

    // The Snowball stemmer is the slowest step of building the index, and
    // the same words come back all the time: each word is stemmed once.
    var stems = Object.create(null);
    var stemmer = function (token) {
      return token.update(function (word) {
        var stem = stems[word];
        if (stem === undefined) {
          stem = lunr.nl.stemmer(new lunr.Token(word, {})).toString();
          stems[word] = stem;
        }
        return stem;
      });
    };
    lunr.Pipeline.registerFunction(stemmer, 'modulepers-stemmer-nl');

    return lunr(function () {
      this.use(lunr.nl);
      [this.pipeline, this.searchPipeline].forEach(function (pipeline) {
        pipeline.after(lunr.nl.trimmer, trimmer);
        pipeline.remove(lunr.nl.trimmer);
        pipeline.after(lunr.nl.stemmer, stemmer);
        pipeline.remove(lunr.nl.stemmer);
        pipeline.before(stemmer, folder);
      });
      this.ref('i');
      this.field('t', { boost: 4 });
      this.field('p', { boost: 1.5 });
      this.field('x');
      this.metadataWhitelist = ['position'];
      for (var i = 0; i < entries.length; i++) {
        var e = entries[i];
        this.add({ i: String(i), t: e.t || '', p: e.p || '', x: e.x || '' });
      }
    });
  }

  /* The query's words, each with the index terms it stands for. */
  function parseQuery(q) {
    var tokens = lunr.tokenizer(q);
    var words = [];
    for (var i = 0; i < tokens.length; i++) {
      var raw = tokens[i].toString();
      // Stop words are not in the index; requiring them would find nothing.
      if (lunr.nl.stopWordFilter(new lunr.Token(raw)) === undefined) continue;
      var stems = index.pipeline.runString(raw).filter(function (s) { return s !== ''; });
      var prefix = null;
      if (i === tokens.length - 1) {
        var p = fold(raw).replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
        if (p.length >= 3) prefix = p;
      }
      if (stems.length || prefix) words.push({ stems: stems, prefix: prefix });
    }
    return words;
  }

  function wordMatches(word, terms) {
    for (var i = 0; i < terms.length; i++) {
      if (word.stems.indexOf(terms[i]) !== -1) return true;
      if (word.prefix && terms[i].lastIndexOf(word.prefix, 0) === 0) return true;
    }
    return false;
  }

  function normalizeForPhrase(s) {
    return fold(s.toLowerCase()).replace(/\s+/g, ' ');
  }

  function search(q) {
    var words = parseQuery(q);
    if (!words.length) return [];
    var hits = index.query(function (query) {
      words.forEach(function (w) {
        w.stems.forEach(function (s) {
          query.term(s, { usePipeline: false, boost: 10 });
        });
        if (w.prefix) {
          query.term(w.prefix, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, boost: 1 });
        }
      });
    });
    var all = hits.filter(function (h) {
      var terms = Object.keys(h.matchData.metadata);
      return words.every(function (w) { return wordMatches(w, terms); });
    });
    var phrase = words.length > 1 ? normalizeForPhrase(q.trim()) : null;
    all.forEach(function (h) {
      var e = entries[+h.ref];
      h.entry = e;
      if (phrase) {
        if (normalizeForPhrase(e.t || '').indexOf(phrase) !== -1) h.score *= 2;
        else if (normalizeForPhrase(e.x || '').indexOf(phrase) !== -1) h.score *= 1.5;
      }
    });
    all.sort(function (a, b) { return b.score - a.score || (+a.ref) - (+b.ref); });
    return all;
  }

  /* Where the matched terms stand in the section text, as sorted,
   * non-overlapping [start, end) pairs; hits with only white space between
   * them become one, so a phrase is marked as a whole. */
  function hitRanges(hit, text) {
    var ranges = [];
    var meta = hit.matchData.metadata;
    Object.keys(meta).forEach(function (term) {
      var field = meta[term].x;
      if (!field || !field.position) return;
      field.position.forEach(function (p) { ranges.push([p[0], p[0] + p[1]]); });
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      if (last && (r[0] <= last[1] || /^\s+$/.test(text.slice(last[1], r[0])))) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /* A piece of the text around the first hit, with the hits in <mark>. */
  function snippet(text, ranges) {
    if (!text) return null;
    var p = document.createElement('p');
    p.className = 'search-result-snippet';
    var first = ranges.length ? ranges[0][0] : 0;
    var start = Math.max(0, first - SNIPPET_BEFORE);
    var end = Math.min(text.length, (ranges.length ? ranges[0][1] : 0) + SNIPPET_AFTER);
    if (start > 0) {
      var space = text.indexOf(' ', start);
      start = space !== -1 && space < first ? space + 1 : first;
    }
    if (end < text.length) {
      var back = text.lastIndexOf(' ', end);
      if (back > (ranges.length ? ranges[0][1] : start)) end = back;
    }
    if (start > 0) p.appendChild(document.createTextNode('… '));
    var at = start;
    ranges.forEach(function (r) {
      if (r[1] <= start || r[0] >= end) return;
      var a = Math.max(r[0], start);
      var b = Math.min(r[1], end);
      if (a > at) p.appendChild(document.createTextNode(text.slice(at, a)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(a, b);
      p.appendChild(mark);
      at = b;
    });
    if (at < end) p.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) p.appendChild(document.createTextNode(' …'));
    return p;
  }

  function source(e) {
    var parts = [];
    if (e.d) parts.push(e.d);
    if (e.p && e.p !== e.t) parts.push(e.p);
    return parts.join(' › ');
  }

  function render(q, results) {
    var root = document.body.getAttribute('data-root') || '';
    var shown = results.slice(0, MAX_RESULTS);
    var fragment = document.createDocumentFragment();
    shown.forEach(function (h) {
      var e = h.entry;
      var li = document.createElement('li');
      li.className = 'search-result';
      var title = document.createElement('a');
      title.className = 'search-result-title';
      title.href = root + e.u;
      title.textContent = e.t || e.p || e.u;
      li.appendChild(title);
      var from = source(e);
      if (from) {
        var where = document.createElement('p');
        where.className = 'search-result-source';
        where.textContent = from;
        li.appendChild(where);
      }
      var snip = snippet(e.x || '', hitRanges(h, e.x || ''));
      if (snip) li.appendChild(snip);
      fragment.appendChild(li);
    });
    list.textContent = '';
    list.appendChild(fragment);
    list.hidden = shown.length === 0;

    var quoted = '\u201e' + q + '\u201d';
    var text;
    if (results.length === 0) text = 'Geen resultaten voor ' + quoted + '.';
    else if (results.length === 1) text = '1 resultaat voor ' + quoted + '.';
    else text = results.length + ' resultaten voor ' + quoted + '.';
    if (results.length > shown.length) text += ' De eerste ' + shown.length + ' staan hieronder.';
    status.textContent = text;

    rendered++;
    if (window.performance && performance.mark) {
      performance.mark('modulepers-search:results', { detail: { query: q, count: results.length } });
      if (rendered === 1) performance.mark('modulepers-search:first-results');
    }
  }

  function run() {
    timer = null;
    var q = input.value.trim().replace(/\s+/g, ' ');
    if (q === lastQuery) return;
    lastQuery = q;
    remember(q);
    if (!q) {
      list.textContent = '';
      list.hidden = true;
      status.textContent = '';
      return;
    }
    render(q, search(q));
  }

  /* Keeps ?q= in the address, so the page can be bookmarked or reloaded. */
  function remember(q) {
    if (!window.history || !history.replaceState) return;
    try {
      var url = new URL(window.location.href);
      if (q) url.searchParams.set('q', q);
      else url.searchParams.delete('q');
      if (url.href !== window.location.href) history.replaceState(history.state, '', url.href);
    } catch (err) {
      // Some browsers refuse this for file:// pages; the search works anyway.
    }
  }

  function schedule() {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, DEBOUNCE_MS);
  }

  function init() {
    input = document.getElementById('zoekterm');
    status = document.getElementById('zoek-status');
    list = document.getElementById('zoek-resultaten');
    form = input && input.form;
    if (!input || !status || !list) return;
    list.hidden = true;

    if (!Array.isArray(window.MODULEPERS_SEARCH) || !setupLunr()) {
      status.textContent = 'De zoekfunctie kon niet worden geladen. Alle pagina\u2019s zijn te bereiken via het menu.';
      input.disabled = true;
      return;
    }
    entries = window.MODULEPERS_SEARCH;
    index = buildIndex();
    if (window.performance && performance.mark) performance.mark('modulepers-search:index-ready');

    input.addEventListener('input', schedule);
    if (form) {
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        if (timer !== null) clearTimeout(timer);
        run();
      });
    }

    var initial = null;
    try {
      initial = new URLSearchParams(window.location.search).get('q');
    } catch (err) {
      initial = null;
    }
    if (initial) {
      input.value = initial;
      run();
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
