#!/usr/bin/env node
// Browser checks for a built modulepers site, in Debian's chromium driven by
// playwright-core:
//
//   node check.mjs <site-dir> [--json <report.json>]
//
// 1. every .html file opened from file://: axe-core (WCAG 2.0/2.1 A and AA),
//    failed requests, HTTP errors, console errors and page errors;
// 2. every relative a[href] (and every src/href of an asset) resolves to an
//    existing file, and its #fragment to an existing id there;
// 3. the search page (search-check.mjs), from file://: realistic queries
//    find the expected pages at the expected ranks and counts, search.js
//    stems as the build does, the keyboard, ?q=, escaping, and the bytes
//    and time to the first result;
// 4. a few pages served under a sub-path (/sub/path/) by a local server on
//    127.0.0.1 load all their assets there too;
// 5. every page again at phone widths (390 px with axe, 320 px), and at all
//    three widths: no page scrolls sideways, nothing sticks out of the bar
//    or column it is in (WCAG 1.4.10 Reflow);
// 6. the 404 page opened from disk, as itself under the sub-path, and in
//    place of a missing address deep under it: styled, links that work,
//    nothing from another host.
//
// Prints a summary and exits 1 on any failure. Network: nothing leaves the
// machine. Requests to the site's own base URL (404.html has a <base>) are
// answered from the folder; any other http(s) request is blocked and counted
// as a failure.

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve, relative, extname, sep } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { checkSearch, searchSummary, readResults, waitForStatus, SEARCH_PAGE } from './search-check.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_VERSION = JSON.parse(readFileSync(require.resolve('axe-core/package.json'), 'utf8')).version;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const CHROMIUM = process.env.MODULEPERS_CHROMIUM || '/usr/bin/chromium';
const SUB_PATH = '/sub/path/';
const SERVER_LIFETIME_MS = 120_000;
const PAGE_TIMEOUT_MS = 30_000;
const DESKTOP_WIDTH = 1280;

// ---------------------------------------------------------------- arguments

const args = process.argv.slice(2);
let jsonOut = null;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--json') jsonOut = args[++i];
  else positional.push(args[i]);
}
if (positional.length !== 1) {
  console.error('usage: node check.mjs <site-dir> [--json <report.json>]');
  process.exit(2);
}
const SITE = resolve(positional[0]);
if (!existsSync(join(SITE, 'index.html'))) {
  console.error(`check: ${SITE} has no index.html; build the site first`);
  process.exit(2);
}

// ------------------------------------------------------------------ helpers

const failures = []; // {kind, page, message}
const violations = []; // {rule, impact, page, target, help, summary}
const figures = {};
const fail = (kind, page, message) => failures.push({ kind, page, message });

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) out.push(...htmlFiles(path));
    else if (name.endsWith('.html')) out.push(path);
  }
  return out;
}

const rel = (path) => relative(SITE, path).split(sep).join('/');
const insideSite = (path) => path === SITE || path.startsWith(SITE + sep);

function decodeEntities(s) {
  return s
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#([0-9]+);/g, (_, d) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

// An absolute <base href> (404.html has one: it is served at any path) is the
// site's public root; requests under it are answered from the folder.
const basePrefixes = new Set();
for (const file of htmlFiles(SITE)) {
  const m = readFileSync(file, 'utf8').match(/<base\s[^>]*href="([^"]+)"/i);
  if (m) {
    const href = decodeEntities(m[1]);
    if (/^https?:\/\//i.test(href)) {
      // The base of a page at depth n points n folders below the root.
      const depth = rel(file).split('/').length - 1;
      let root = new URL(href);
      for (let i = 0; i < depth; i++) root = new URL('../', root);
      basePrefixes.add(root.href);
    }
  }
}

/** The site file a URL stands for, or null when it is not the site's. */
function siteFileOf(url) {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  if (u.protocol === 'file:') return fileURLToPath(u);
  for (const prefix of basePrefixes) {
    if (u.href.startsWith(prefix)) return join(SITE, ...decodeURIComponent(u.href.slice(prefix.length)).split('/'));
  }
  if (server && u.origin === serverOrigin && u.pathname.startsWith(SUB_PATH)) {
    return join(SITE, ...decodeURIComponent(u.pathname.slice(SUB_PATH.length)).split('/'));
  }
  return null;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf', '.md': 'text/markdown; charset=utf-8',
};
const contentType = (path) => CONTENT_TYPES[extname(path).toLowerCase()] || 'application/octet-stream';

function isFile(path) {
  try { return statSync(path).isFile(); } catch { return false; }
}

// -------------------------------------------------------- sub-path server

let server = null;
let serverOrigin = null;

function startServer() {
  return new Promise((resolvePromise, reject) => {
    server = createServer((req, res) => {
      const url = new URL(req.url, 'http://127.0.0.1');
      let path = null;
      if (url.pathname.startsWith(SUB_PATH)) {
        try {
          path = resolve(SITE, ...decodeURIComponent(url.pathname.slice(SUB_PATH.length)).split('/'));
        } catch { path = null; }
        if (path && !insideSite(path)) path = null;
        if (path && existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
      }
      if (!path || !isFile(path)) {
        // As a host configured for it does: a missing address under the
        // site gets the site's 404 page (checkNotFound).
        const notFound = join(SITE, '404.html');
        if (url.pathname.startsWith(SUB_PATH) && isFile(notFound)) {
          res.writeHead(404, { 'content-type': CONTENT_TYPES['.html'], 'cache-control': 'no-store' });
          res.end(readFileSync(notFound));
          return;
        }
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`not found: ${url.pathname}\n`);
        return;
      }
      res.writeHead(200, { 'content-type': contentType(path), 'cache-control': 'no-store' });
      res.end(readFileSync(path));
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      serverOrigin = `http://127.0.0.1:${server.address().port}`;
      resolvePromise();
    });
    // Bounded lifetime, whatever happens to the checks.
    setTimeout(() => stopServer(), SERVER_LIFETIME_MS).unref();
  });
}

function stopServer() {
  if (!server) return;
  server.closeAllConnections?.();
  server.close();
  server = null;
}

// ---------------------------------------------------------------- browser

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
const context = await browser.newContext({ locale: 'nl-NL', viewport: { width: DESKTOP_WIDTH, height: 900 } });
context.setDefaultTimeout(PAGE_TIMEOUT_MS);

// Nothing leaves the machine: the site's own base URL is answered from the
// folder, the local server is let through, anything else is blocked.
let currentPage = '(none)';
await context.route(/^https?:\/\//, async (route) => {
  const url = route.request().url();
  if (serverOrigin && url.startsWith(serverOrigin + '/')) return route.continue();
  for (const prefix of basePrefixes) {
    if (url.startsWith(prefix)) {
      const path = siteFileOf(url);
      if (path && insideSite(path) && isFile(path)) {
        return route.fulfill({ status: 200, contentType: contentType(path), body: readFileSync(path) });
      }
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not in the site folder' });
    }
  }
  fail('external request', currentPage, `blocked request to ${url} (a site must not load anything from elsewhere)`);
  return route.abort('blockedbyclient');
});

/** Opens a page and records what goes wrong while it loads and runs. */
async function openPage(url, label, { waitUntil = 'load' } = {}) {
  currentPage = label;
  const page = await context.newPage();
  const problems = [];
  const requests = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(['console error', `${msg.text()}${msg.location()?.url ? ` (${msg.location().url})` : ''}`]);
  });
  page.on('pageerror', (err) => problems.push(['page error', String(err && err.stack || err)]));
  page.on('requestfailed', (req) => {
    if (req.failure()?.errorText === 'net::ERR_BLOCKED_BY_CLIENT') return; // counted by the route
    problems.push(['failed request', `${req.url()}: ${req.failure()?.errorText}`]);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(['HTTP error', `${res.status()} for ${res.url()}`]);
  });
  const response = await page.goto(url, { waitUntil });
  if (response && response.status() >= 400) problems.push(['HTTP error', `${response.status()} for the page itself`]);
  return { page, problems, requests, flush: () => { for (const [k, m] of problems.splice(0)) fail(k, label, m); } };
}

async function runAxe(page, label, state = '') {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    await page.addScriptTag({ content: AXE_SOURCE });
  }
  const found = await page.evaluate(async (tags) => {
    // axe preloads stylesheets with XMLHttpRequest, which file:// refuses
    // (the refusal shows as a console error that is axe's, not the site's);
    // over http it may, so the sub-path pages are checked with it.
    const preload = location.protocol !== 'file:';
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload });
    return result.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 200) })),
    }));
  }, AXE_TAGS);
  for (const v of found) {
    for (const n of v.nodes) {
      violations.push({ rule: v.rule, impact: v.impact, page: label + state, target: n.target, help: v.help, summary: n.summary, html: n.html });
    }
  }
}

/** What the link check needs from a loaded page. */
function collectDom(page) {
  return page.evaluate(() => {
    const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
    const names = [...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name'));
    const links = [...document.querySelectorAll('a[href], area[href]')].map((a) => ({
      raw: a.getAttribute('href'), abs: a.href, text: (a.textContent || '').trim().slice(0, 60),
    }));
    const assets = [];
    for (const [sel, attr] of [['link[href]', 'href'], ['script[src]', 'src'], ['img[src]', 'src'], ['source[src]', 'src'],
      ['video[src]', 'src'], ['audio[src]', 'src'], ['iframe[src]', 'src'], ['object[data]', 'data']]) {
      for (const el of document.querySelectorAll(sel)) {
        if (sel === 'link[href]' && /\b(canonical|alternate)\b/.test(el.rel || '')) continue;
        assets.push({ raw: el.getAttribute(attr), abs: el[attr === 'data' ? 'data' : attr] });
      }
    }
    for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
      for (const part of el.getAttribute('srcset').split(',')) {
        const u = part.trim().split(/\s+/)[0];
        if (u) assets.push({ raw: u, abs: new URL(u, document.baseURI).href });
      }
    }
    return { ids: [...ids, ...names], links, assets, base: document.baseURI };
  });
}

// ------------------------------------------- layout: widths and reflow

// A phone, with axe on every page; and the narrowest width WCAG 1.4.10
// names, quickly (layout only).
const PHONE_WIDTHS = [{ width: 390, axe: true }, { width: 320, axe: false }];

/**
 * Fails when the page scrolls sideways, or when anything sticks out of the
 * part of the page it is in (header, menu, breadcrumbs, sidebar, main,
 * footer) without a scroll box of its own around it: a word wider than its
 * bar is cut off or runs over the next column even when the page does not
 * scroll.
 */
async function checkReflow(page, label, width) {
  const found = await page.evaluate(() => {
    const out = { scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, out: [] };
    const scrollBox = new Map();
    const scrolls = (el) => {
      if (!scrollBox.has(el)) scrollBox.set(el, /^(auto|scroll|hidden|clip)$/.test(getComputedStyle(el).overflowX));
      return scrollBox.get(el);
    };
    const hidden = (r) => r.width <= 1 || r.height <= 1;
    const describe = (el) => {
      const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '';
      return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${cls} "${(el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    };
    const parts = document.querySelectorAll('.site-header, .site-nav, .breadcrumbs, main, .sidebar, .site-footer');
    for (const part of parts) {
      const box = part.getBoundingClientRect();
      if (hidden(box)) continue;
      const walker = document.createTreeWalker(part, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.nodeType === 1 ? node : node.parentElement;
        // Inside a scroll box of its own (a wide table): that box is what
        // must fit, and the keyboard must reach it (axe checks that).
        let boxed = false;
        for (let a = el; a && a !== part; a = a.parentElement) if (a !== node && scrolls(a)) { boxed = true; break; }
        if (boxed) continue;
        let rects;
        if (node.nodeType === 1) {
          if (getComputedStyle(node).position === 'fixed') continue;
          rects = [node.getBoundingClientRect()];
        } else {
          if (!node.textContent.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          rects = [...range.getClientRects()];
        }
        for (const r of rects) {
          if (hidden(r)) continue;
          const over = Math.max(r.right - box.right, box.left - r.left);
          if (over > 1) {
            out.out.push(`${describe(el)} sticks out of ${describe(part).split(' ')[0]} by ${Math.round(over)} px`);
            break;
          }
        }
        if (out.out.length >= 5) break;
      }
    }
    return out;
  });
  if (found.scrollWidth > found.clientWidth) {
    fail('reflow', `${label} @${width}px`, `the page scrolls sideways: ${found.scrollWidth} px wide in a ${found.clientWidth} px window`);
  }
  for (const o of new Set(found.out)) fail('reflow', `${label} @${width}px`, o);
}

/** Every page at each phone width, in a context of that width. */
async function checkPhoneWidths() {
  const started = Date.now();
  for (const { width, axe } of PHONE_WIDTHS) {
    const phone = await browser.newContext({ locale: 'nl-NL', viewport: { width, height: 800 } });
    await phone.route(/^https?:\/\//, (route) => {
      fail('external request', `${currentPage} @${width}px`, `blocked request to ${route.request().url()}`);
      return route.abort('blockedbyclient');
    });
    for (const file of pages) {
      const label = rel(file);
      currentPage = label;
      const page = await phone.newPage();
      try {
        await page.goto(pathToFileURL(file).href);
        if (axe) await runAxe(page, label, ` @${width}px`);
        await checkReflow(page, label, width);
      } catch (err) {
        fail('check error', `${label} @${width}px`, String(err && err.message || err));
      }
      await page.close();
    }
    await phone.close();
  }
  figures.phoneWidths = PHONE_WIDTHS.map((w) => `${w.width} px${w.axe ? ' (axe)' : ''}`);
  figures.phoneSeconds = (Date.now() - started) / 1000;
}

/**
 * The 404 page is shown for any missing address, at any depth, under any
 * sub-path: it must be styled there and its links must lead into the site,
 * with nothing loaded from another host (the context's route fails those).
 */
async function checkNotFound() {
  const file = join(SITE, '404.html');
  if (!isFile(file)) return fail('404', '404.html', 'there is no 404.html');
  const base = `${serverOrigin}${SUB_PATH}`;
  const cases = [
    [pathToFileURL(file).href, '404.html (file://)'],
    [`${base}404.html`, `${SUB_PATH}404.html`],
    [`${base}ervaringsdeskundigheid/bestaat-niet/ook-niet`, `${SUB_PATH}ervaringsdeskundigheid/bestaat-niet/ook-niet (missing)`],
    [`${base}bestaat-niet.html`, `${SUB_PATH}bestaat-niet.html (missing)`],
  ];
  const checked = [];
  for (const [url, label] of cases) {
    const { page, problems } = await openPage(url, label);
    try {
      // The root is found with HEAD requests for static/style.css in the
      // folders above the address; the misses answer 404, as the page
      // itself does: those are expected, nothing else is.
      // (Chromium reports a HEAD request whose body is never read as
      // aborted.)
      const expected = (m) => m.includes(`404 for the page itself`) || m.includes(`404 for ${url}`)
        || /404 for \S*\/static\/style\.css/.test(m) || /status of 404/.test(m)
        || /\/static\/style\.css: net::ERR_ABORTED$/.test(m);
      await page.waitForFunction(() => getComputedStyle(document.documentElement).visibility !== 'hidden', null, { timeout: 5000 });
      const state = await page.evaluate(() => ({
        styled: getComputedStyle(document.querySelector('.site-header') || document.body).backgroundColor,
        base: !!document.querySelector('base'),
        links: [...document.querySelectorAll('a[href]')].map((a) => ({ raw: a.getAttribute('href'), abs: a.href, text: a.textContent.trim().slice(0, 40) })),
      }));
      if (state.base) fail('404', label, 'has a <base> element');
      if (/rgba\(0, 0, 0, 0\)|transparent/.test(state.styled)) fail('404', label, 'the stylesheet did not load (the header has no background)');
      for (const l of state.links) {
        if (l.raw.startsWith('#')) continue;
        const problem = resolveProblem(l.raw, l.abs);
        if (problem) fail('404', label, `link "${l.text}": ${problem}`);
        else if (l.abs.startsWith(serverOrigin) && !new URL(l.abs).pathname.startsWith(SUB_PATH)) fail('404', label, `link "${l.text}" leads out of ${SUB_PATH}: ${l.abs}`);
      }
      await runAxe(page, label);
      await checkReflow(page, label, DESKTOP_WIDTH);
      for (const [kind, m] of problems.splice(0)) if (!['HTTP error', 'console error', 'failed request'].includes(kind) || !expected(m)) fail(kind, label, m);
      checked.push(label);
    } catch (err) {
      fail('404', label, String(err && err.message || err));
    }
    await page.close();
  }
  figures.notFoundChecked = checked;
}

// ------------------------------------------------------- 1. every page

const pages = htmlFiles(SITE);
const domOf = new Map(); // absolute path -> {ids:Set, links, assets}
const started = Date.now();
for (const file of pages) {
  const label = rel(file);
  const { page, flush } = await openPage(pathToFileURL(file).href, label);
  try {
    await runAxe(page, label);
    await checkReflow(page, label, DESKTOP_WIDTH);
    const dom = await collectDom(page);
    domOf.set(file, { ...dom, ids: new Set(dom.ids) });
  } catch (err) {
    fail('check error', label, String(err && err.message || err));
  }
  await page.close();
  flush();
}
figures.pages = pages.length;
figures.pagesSeconds = (Date.now() - started) / 1000;

// ------------------------------------------------------- 2. links and ids

function idsOf(path) {
  if (domOf.has(path)) return domOf.get(path).ids;
  const text = readFileSync(path, 'utf8');
  const ids = new Set([...text.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1])));
  domOf.set(path, { ids, links: [], assets: [] });
  return ids;
}

let checkedLinks = 0;
let externalLinks = 0;
/** Returns null when `abs` (as written: `raw`) resolves, or why it does not. */
function resolveProblem(raw, abs, { asset = false, from = null } = {}) {
  if (raw === null || raw.trim() === '') return 'empty link';
  if (raw === '#') return 'link to "#" goes nowhere';
  let url;
  try { url = new URL(abs); } catch { return `not a URL: ${raw}`; }
  if (url.protocol === 'javascript:') return `javascript: link ${raw}`;
  if (url.protocol === 'data:' && asset) return null;
  const path = siteFileOf(url.href);
  if (path === null) {
    if (/^(https?|mailto|tel):$/.test(url.protocol)) {
      externalLinks++;
      return null;
    }
    return `unexpected scheme in ${raw}`;
  }
  checkedLinks++;
  if (!insideSite(path)) return `${raw} points outside the site folder`;
  if (from && raw.startsWith('#') && resolve(path) !== resolve(from)) {
    return `in-page link ${raw} resolves to ${abs}, another page (a <base href> changes what "#…" means)`;
  }
  if (!existsSync(path)) return `${raw}: no such file ${rel(path)}`;
  if (!isFile(path)) return `${raw} resolves to ${abs}, a folder (${rel(path) || '.'}/), which opens a listing from file://${abs.startsWith('file:') ? '' : ' and is another page'}; link the index.html`;
  if (url.hash && url.hash !== '#') {
    let id;
    try { id = decodeURIComponent(url.hash.slice(1)); } catch { return `bad fragment in ${raw}`; }
    if (path.endsWith('.html') && !idsOf(path).has(id)) return `${raw}: no id "${id}" in ${rel(path)}`;
  }
  return null;
}

for (const [file, dom] of [...domOf.entries()]) {
  const label = rel(file);
  for (const l of dom.links) {
    const problem = resolveProblem(l.raw, l.abs, { from: file });
    if (problem) fail('broken link', label, `link "${l.text}": ${problem}`);
  }
  for (const a of dom.assets) {
    const problem = resolveProblem(a.raw, a.abs, { asset: true });
    if (problem) fail('missing asset', label, problem);
  }
}
figures.linksChecked = checkedLinks;
figures.externalLinksSkipped = externalLinks;

// ------------------------------------------------------- 3. search

const searchResults = {};
await checkSearch({ SITE, browser, openPage, fail, runAxe, resolveProblem, figures, searchResults, failures: () => failures });

// ------------------------------------------------------- 4. sub-path

await startServer();
try {
  const base = `${serverOrigin}${SUB_PATH}`;
  const targets = ['', 'index.html', SEARCH_PAGE + '?q=vrijplaats'];
  // One page of each document and the deepest page, whatever the content is.
  const depthOf = (p) => rel(p).split('/').length;
  const deepest = [...pages].sort((a, b) => depthOf(b) - depthOf(a))[0];
  for (const p of pages) {
    const r = rel(p);
    if (/^[^/]+\/[^/]+\/index\.html$/.test(r) && !targets.some((t) => t.split('/')[0] === r.split('/')[0])) targets.push(r);
  }
  if (deepest) targets.push(rel(deepest));
  const served = [];
  for (const t of targets) {
    const label = `${SUB_PATH}${t}`;
    const { page, flush, requests } = await openPage(base + t, label);
    for (const u of requests) {
      if (u.startsWith(serverOrigin) && !new URL(u).pathname.startsWith(SUB_PATH)) {
        fail('sub-path', label, `requested ${new URL(u).pathname}, outside ${SUB_PATH}`);
      }
    }
    if (t.startsWith(SEARCH_PAGE)) {
      try {
        await waitForStatus(page, 'vrijplaats');
        const rs = await readResults(page);
        if (!rs.length) fail('sub-path', label, 'search found nothing when served');
        for (const r of rs) {
          const res = await page.request.get(r.abs.split('#')[0]);
          if (res.status() !== 200) fail('sub-path', label, `result link ${r.abs} answers ${res.status()}`);
        }
      } catch (err) {
        fail('sub-path', label, `search did not run: ${String(err && err.message || err)}`);
      }
    }
    // Over http axe may preload the stylesheets (css-orientation-lock).
    try {
      await runAxe(page, label);
    } catch (err) {
      fail('check error', label, String(err && err.message || err));
    }
    const dom = await collectDom(page);
    for (const a of dom.assets) {
      if (!a.abs.startsWith(base) && !a.abs.startsWith('data:')) fail('sub-path', label, `asset ${a.raw} resolves to ${a.abs}`);
    }
    served.push(t || '(folder)');
    await page.close();
    flush();
  }
  figures.subPathPages = served;
} finally {
  stopServer();
}

// ----------------------------------------- 5. phone widths (layout)

await checkPhoneWidths();

// ----------------------------------------------- 6. the 404 page (layout)

await startServer();
try {
  await checkNotFound();
} finally {
  stopServer();
}

await context.close();
await browser.close();

// ------------------------------------------------------------- summary

const byKind = new Map();
for (const f of failures) byKind.set(f.kind, [...(byKind.get(f.kind) || []), f]);
const byRule = new Map();
for (const v of violations) byRule.set(v.rule, [...(byRule.get(v.rule) || []), v]);

console.log(`browser checks: ${pages.length} pages in ${figures.pagesSeconds.toFixed(1)} s, chromium ${browser.version()}, axe-core ${AXE_VERSION} (${AXE_TAGS.join(', ')})`);
console.log(`links: ${checkedLinks} checked inside the site, ${externalLinks} external links not followed`);
for (const line of searchSummary(figures, searchResults)) console.log(line);
console.log(`sub-path: ${figures.subPathPages?.length ?? 0} pages served under ${SUB_PATH}`);
console.log(`widths: every page at ${DESKTOP_WIDTH} px and ${(figures.phoneWidths || []).join(', ')} (${(figures.phoneSeconds || 0).toFixed(1)} s), no sideways scrolling, nothing sticking out`);
console.log(`404 page: ${(figures.notFoundChecked || []).length} of 4 ways of showing it checked`);
if (violations.length) {
  console.log(`\naxe violations: ${violations.length} elements, ${byRule.size} rules`);
  for (const [rule, vs] of byRule) {
    console.log(`  ${rule} (${vs[0].impact}): ${vs[0].help}`);
    for (const v of vs) console.log(`    ${v.page}: ${v.target}  ${v.html.replace(/\s+/g, ' ').slice(0, 120)}`);
  }
}
if (failures.length) {
  // The same problem on many pages (a menu link, say) is listed once.
  console.log(`\nfailures: ${failures.length}`);
  for (const [kind, fs] of byKind) {
    console.log(`  ${kind}: ${fs.length}`);
    const groups = new Map();
    for (const f of fs) groups.set(f.message, [...(groups.get(f.message) || []), f.page]);
    let shown = 0;
    for (const [message, where] of groups) {
      if (shown++ === 100) {
        console.log(`    … and ${groups.size - 100} more (--json writes them all)`);
        break;
      }
      const unique = [...new Set(where)];
      const on = unique.length === 1 ? unique[0] : `${unique.length} pages (${unique.slice(0, 3).join(', ')}${unique.length > 3 ? ', …' : ''})`;
      console.log(`    ${on}: ${message}`);
    }
  }
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ figures, violations, failures, searchResults }, null, 2));
const ok = failures.length === 0 && violations.length === 0;
console.log(`\n${ok ? 'browser checks passed' : `browser checks FAILED: ${violations.length} axe violations, ${failures.length} other failures`}`);
process.exit(ok ? 0 : 1);
