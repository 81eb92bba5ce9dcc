/* Client-side search for the zoeken page.
 *
 * The index (written by src/render/search/) is a set of scripts under
 * static/search/, each calling window.__modulepersIndex(name, data); they
 * are loaded with <script> tags as a query needs them, which works from
 * file:// where fetch() does not:
 *   manifest   {entries, shards: first term of each term shard,
 *               chunks: first entry of each text chunk, stop: stop words}
 *   t<n>       {term: [word as written, entry, score, entry, score, …]}
 *              (entry numbers delta-coded, scores ranked at build time)
 *   d<n>       [[url, title, page title, document, text], …]
 *   words      [word, term, entries, …], only to suggest a word for a typo
 *
 * A query's words are folded and stemmed exactly as the build does (fold,
 * stem: a port of src/render/search/stem.rs); every word must occur in a
 * result. The last word also counts as a prefix while it is typed, if it
 * is no word of its own. A word of five letters or more that occurs
 * nowhere is matched with the words one letter away, and the page says so.
 *
 * Nothing the index or the user supplies goes through innerHTML: results are
 * built with createElement and textContent.
 */
(function () {
  'use strict';

  var DEBOUNCE_MS = 150;
  var PAGE_SIZE = 20;
  var SNIPPET_BEFORE = 70;
  var SNIPPET_AFTER = 190;
  var MAX_PREFIX_SHARDS = 3;

  var input, status, list, more, suggestion;
  var base = '';
  var manifest = null;
  var stopWords = Object.create(null);
  var pending = Object.create(null);
  var loading = Object.create(null);
  var timer = null;
  var lastQuery = null;
  var generation = 0;
  var rendered = 0;

  /* ---------------------------------------------------------- loading */

  window.__modulepersIndex = function (name, data) {
    var resolve = pending[name];
    if (resolve) {
      delete pending[name];
      resolve(data);
    }
  };

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        pending[name] = resolve;
        var s = document.createElement('script');
        s.src = base + name + '.js';
        s.onload = function () { s.remove(); };
        s.onerror = function () {
          s.remove();
          delete loading[name];
          reject(new Error('static/search/' + name + '.js did not load'));
        };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  /* ------------------------------------------- words (as stem.rs does) */

  var WORD = /[\p{L}\p{N}]+/gu;

  function fold(s) {
    return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }

  function indexable(w) {
    return (w.length >= 2 || /[0-9]/.test(w)) && !stopWords[w];
  }

  function isVowel(c) {
    return c !== undefined && 'aeiouy'.indexOf(c) !== -1;
  }

  function respell(t) {
    var n = t.length;
    if (n >= 2 && t[n - 1] === t[n - 2] && !isVowel(t[n - 1])) t = t.slice(0, -1);
    var last = t[t.length - 1];
    if (last === 'v') t = t.slice(0, -1) + 'f';
    else if (last === 'z') t = t.slice(0, -1) + 's';
    return t;
  }

  function strip(s) {
    var n = s.length;
    if (/heden$/.test(s) && n - 5 >= 3) return s.slice(0, n - 5) + 'heid';
    if (/en$/.test(s) && n - 2 >= 3) {
      var before = s[n - 3];
      if (!isVowel(before) || (before === 'e' && (s[n - 4] === 'i' || s[n - 4] === 'e'))) return respell(s.slice(0, n - 2));
    }
    if (s[n - 1] === 's' && n - 1 >= 3 && 'elrnm'.indexOf(s[n - 2]) !== -1 && s[n - 3] !== s[n - 2]) return s.slice(0, n - 1);
    if (s[n - 1] === 'e' && n - 1 >= 3 && !isVowel(s[n - 2])) return respell(s.slice(0, n - 1));
    return null;
  }

  function stem(w) {
    if (w.length < 3 || !/^[a-z]+$/.test(w)) return w;
    var s = w;
    for (var k = 0; k < 3; k++) {
      var t = strip(s);
      if (t === null) break;
      s = t;
    }
    var n = s.length;
    if (n >= 4 && !isVowel(s[n - 1]) && s[n - 2] === s[n - 3] && 'aeou'.indexOf(s[n - 2]) !== -1 && !isVowel(s[n - 4])) {
      s = s.slice(0, n - 2) + s.slice(n - 1);
    }
    return s;
  }

  /* One edit (insert, delete, replace or swap two letters) apart. */
  function oneEditApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /* ------------------------------------------------------------ index */

  function lastAtMost(sorted, key) {
    var lo = 0, hi = sorted.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] <= key) { at = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return at;
  }

  /* term → Map(entry → score), or null; `weight` scales the scores. */
  function addRow(row, weight, into) {
    var id = 0;
    for (var i = 1; i < row.length; i += 2) {
      id += row[i];
      var s = row[i + 1] * weight;
      if (!(into.get(id) >= s)) into.set(id, s);
    }
  }

  function exact(term) {
    return load('t' + lastAtMost(manifest.shards, term)).then(function (shard) {
      var row = Object.prototype.hasOwnProperty.call(shard, term) ? shard[term] : null;
      if (!row) return null;
      var m = new Map();
      addRow(row, 1, m);
      return { hits: m, terms: [term] };
    });
  }

  function byPrefix(prefix) {
    var first = lastAtMost(manifest.shards, prefix);
    var last = Math.min(lastAtMost(manifest.shards, prefix + '\uffff'), first + MAX_PREFIX_SHARDS - 1);
    var loads = [];
    for (var i = first; i <= last; i++) loads.push(load('t' + i));
    return Promise.all(loads).then(function (shards) {
      var m = new Map(), terms = [];
      shards.forEach(function (shard) {
        Object.keys(shard).forEach(function (t) {
          if (t.lastIndexOf(prefix, 0) === 0) {
            terms.push(t);
            addRow(shard[t], 0.5, m);
          }
        });
      });
      return terms.length ? { hits: m, terms: terms, prefix: true } : null;
    });
  }

  function byTypo(folded) {
    return load('words').then(function (words) {
      var found = [];
      for (var i = 0; i < words.length; i += 3) {
        if (oneEditApart(folded, words[i])) found.push({ word: words[i], term: words[i + 1], count: words[i + 2] });
      }
      if (!found.length) return null;
      found.sort(function (a, b) { return b.count - a.count || (a.word < b.word ? -1 : 1); });
      var terms = [];
      found.forEach(function (f) { if (terms.indexOf(f.term) === -1) terms.push(f.term); });
      return Promise.all(terms.map(exact)).then(function (rows) {
        var m = new Map();
        rows.forEach(function (r) {
          if (r) r.hits.forEach(function (s, id) { if (!(m.get(id) >= s / 2)) m.set(id, s / 2); });
        });
        return { hits: m, terms: terms, typo: found.slice(0, 3).map(function (f) { return f.word; }) };
      });
    });
  }

  /* The query's words: {text, folded, term}; stop words apart. */
  function parse(q) {
    var words = [], stops = [];
    (q.match(WORD) || []).forEach(function (w) {
      var f = fold(w);
      if (indexable(f)) words.push({ text: w, folded: f, term: stem(f) });
      else stops.push(w);
    });
    return { words: words, stops: stops };
  }

  function lookUp(word, isLast) {
    return exact(word.term).then(function (r) {
      if (r) return r;
      var tries = [];
      if (isLast && word.folded.length >= 3) tries.push(function () { return byPrefix(word.folded); });
      if (word.folded.length >= 5) tries.push(function () { return byTypo(word.folded); });
      var next = function () {
        var t = tries.shift();
        if (!t) return null;
        return t().then(function (r2) { return r2 || next(); });
      };
      return next();
    });
  }

  function search(q) {
    var parsed = parse(q);
    if (!parsed.words.length) return Promise.resolve({ parsed: parsed, found: [], results: [] });
    return Promise.all(parsed.words.map(function (w, i) { return lookUp(w, i === parsed.words.length - 1); }))
      .then(function (found) {
        if (found.some(function (f) { return !f; })) return { parsed: parsed, found: found, results: [] };
        var sorted = found.slice().sort(function (a, b) { return a.hits.size - b.hits.size; });
        var results = [];
        sorted[0].hits.forEach(function (score, id) {
          for (var i = 1; i < sorted.length; i++) {
            var s = sorted[i].hits.get(id);
            if (s === undefined) return;
            score += s;
          }
          results.push({ id: id, score: score });
        });
        results.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
        return { parsed: parsed, found: found, results: results };
      });
  }

  function entry(id) {
    var c = lastAtMost(manifest.chunks, id);
    return load('d' + c).then(function (rows) { return rows[id - manifest.chunks[c]]; });
  }

  /* ------------------------------------------------------------ output */

  /* Where words whose term is in `terms` stand in `text`: sorted [start,
   * end) pairs over the letters only, so "zorg." marks "zorg"; hits with
   * only white space between them become one, so a phrase is marked whole. */
  function hitRanges(text, terms) {
    var ranges = [];
    var re = new RegExp(WORD.source, 'gu');
    var m;
    while ((m = re.exec(text)) !== null) {
      var t = stem(fold(m[0]));
      if (terms[t]) {
        var last = ranges[ranges.length - 1];
        if (last && /^\s+$/.test(text.slice(last[1], m.index))) last[1] = m.index + m[0].length;
        else ranges.push([m.index, m.index + m[0].length]);
      }
    }
    return ranges;
  }

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
    if (start > 0) p.appendChild(document.createTextNode('\u2026 '));
    var at = start;
    ranges.forEach(function (r) {
      if (r[1] <= start || r[0] >= end) return;
      var a = Math.max(r[0], start), b = Math.min(r[1], end);
      if (a > at) p.appendChild(document.createTextNode(text.slice(at, a)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(a, b);
      p.appendChild(mark);
      at = b;
    });
    if (at < end) p.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) p.appendChild(document.createTextNode(' \u2026'));
    return p;
  }

  function resultItem(e, terms) {
    var root = document.body.getAttribute('data-root') || '';
    var li = document.createElement('li');
    li.className = 'search-result';
    var a = document.createElement('a');
    a.className = 'search-result-title';
    a.href = root + e[0];
    a.textContent = e[1] || e[2] || e[0];
    li.appendChild(a);
    var from = [];
    if (e[3]) from.push(e[3]);
    if (e[2] && e[2] !== e[1]) from.push(e[2]);
    if (from.length) {
      var where = document.createElement('p');
      where.className = 'search-result-source';
      where.textContent = from.join(' \u203a ');
      li.appendChild(where);
    }
    var snip = snippet(e[4] || '', hitRanges(e[4] || '', terms));
    if (snip) li.appendChild(snip);
    return li;
  }

  function quote(s) {
    return '\u201e' + s + '\u201d';
  }

  function statusText(q, r) {
    var n = r.results.length;
    if (!r.parsed.words.length) {
      if (!r.parsed.stops.length) return 'Geen resultaten voor ' + quote(q) + '.';
      return 'Geen resultaten voor ' + quote(q) + ': op veelvoorkomende woorden als ' + r.parsed.stops.map(quote).join(', ') +
        ' wordt niet gezocht. Voeg een woord toe dat zegt waar het over gaat.';
    }
    var text = n === 0 ? 'Geen resultaten voor ' + quote(q) + '.' : (n === 1 ? '1 resultaat' : n + ' resultaten') + ' voor ' + quote(q) + '.';
    r.found.forEach(function (f, i) {
      var w = r.parsed.words[i].text;
      if (!f) text += ' Het woord ' + quote(w) + ' komt niet voor.';
      else if (f.typo) text += ' ' + quote(w) + ' komt niet voor; gezocht op ' + f.typo.map(quote).join(' of ') + ' (\u00e9\u00e9n letter verschil).';
    });
    return text;
  }

  function showSuggestion(q, r) {
    suggestion.textContent = '';
    var typos = r.found.filter(function (f) { return f && f.typo; });
    suggestion.hidden = !typos.length;
    if (!typos.length) return;
    var better = q;
    r.found.forEach(function (f, i) {
      if (f && f.typo) better = better.split(r.parsed.words[i].text).join(f.typo[0]);
    });
    suggestion.appendChild(document.createTextNode('Bedoelde u '));
    var a = document.createElement('a');
    a.href = '?q=' + encodeURIComponent(better);
    a.textContent = better;
    a.addEventListener('click', function (ev) {
      ev.preventDefault();
      input.value = better;
      run();
    });
    suggestion.appendChild(a);
    suggestion.appendChild(document.createTextNode('?'));
  }

  /* Appends results [from, to) in rank order, each as soon as its text
   * chunk is there (all chunks load at once). */
  function append(r, from, to, gen) {
    var terms = Object.create(null);
    r.found.forEach(function (f) { if (f) f.terms.forEach(function (t) { terms[t] = true; }); });
    var ids = r.results.slice(from, to).map(function (x) { return x.id; });
    var texts = ids.map(entry);
    var chain = Promise.resolve();
    texts.forEach(function (p) {
      chain = chain.then(function () { return p; }).then(function (e) {
        if (gen !== generation || !e) return;
        list.appendChild(resultItem(e, terms));
        list.hidden = false;
        if (list.children.length === 1 && window.performance && performance.mark) {
          rendered++;
          performance.mark('modulepers-search:results', { detail: { count: r.results.length } });
          if (rendered === 1) performance.mark('modulepers-search:first-results');
        }
      });
    });
    return chain.then(function () {
      if (gen !== generation) return;
      var shown = list.children.length;
      more.hidden = shown >= r.results.length;
      more.onclick = function () { append(r, shown, shown + PAGE_SIZE, gen); };
    });
  }

  function run() {
    timer = null;
    var q = input.value.trim().replace(/\s+/g, ' ');
    if (q === lastQuery) return;
    lastQuery = q;
    remember(q);
    var gen = ++generation;
    list.textContent = '';
    list.hidden = true;
    more.hidden = true;
    suggestion.hidden = true;
    if (!q) {
      status.textContent = '';
      return;
    }
    search(q).then(function (r) {
      if (gen !== generation) return;
      status.textContent = statusText(q, r);
      showSuggestion(q, r);
      return append(r, 0, PAGE_SIZE, gen);
    }).catch(function (err) {
      if (gen !== generation) return;
      status.textContent = 'Zoeken lukte niet: een deel van de zoekindex kon niet worden geladen (' + err.message + ').';
    });
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
    if (!input || !status || !list) return;
    list.hidden = true;
    suggestion = document.createElement('p');
    suggestion.className = 'search-suggestion';
    suggestion.hidden = true;
    status.parentNode.insertBefore(suggestion, list);
    more = document.createElement('button');
    more.type = 'button';
    more.className = 'search-more';
    more.textContent = 'Meer resultaten tonen';
    more.hidden = true;
    list.parentNode.insertBefore(more, list.nextSibling);
    base = (document.body.getAttribute('data-root') || '') + 'static/search/';

    load('manifest').then(function (m) {
      manifest = m;
      m.stop.forEach(function (w) { stopWords[w] = true; });
      if (window.performance && performance.mark) performance.mark('modulepers-search:index-ready');
      input.addEventListener('input', schedule);
      if (input.form) {
        input.form.addEventListener('submit', function (ev) {
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
    }, function () {
      status.textContent = 'De zoekfunctie kon niet worden geladen. Alle pagina\u2019s zijn te bereiken via het menu.';
      input.disabled = true;
    });
  }

  // For the browser test: the same stemmer the build uses, to compare.
  window.__modulepersSearchWords = { fold: fold, stem: stem };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
