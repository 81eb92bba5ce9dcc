#!/usr/bin/env node
// Search on a built site in headless Chromium, from file://, as bench/run.sh
// runs it on each corpus:
//
//   node bench/search.mjs <site-dir> [query …]
//
// For each query: the time from navigation start until the first result is
// on the page (search.js marks it), and the bytes of every file requested
// until then, the page itself included. The baseline, in the same browser:
// the whole index loaded as one script, as the single-file index before
// did (lunr's in-browser indexing, which came on top, is not counted).
// Prints one line per query and one summary line; exits 1 if a query
// shows no result.

import { createRequire } from 'node:module';
import { readdirSync, statSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '.ci', 'browser', 'package.json'));
const { chromium } = require('playwright-core');

const [siteArg, ...rest] = process.argv.slice(2);
if (!siteArg) {
  console.error('usage: node bench/search.mjs <site-dir> [query …]');
  process.exit(2);
}
const SITE = resolve(siteArg);
const QUERIES = rest.length ? rest : ['ervaringsdeskundigheid', 'herstel', 'signaleringsplan', 'cliënten naasten'];
const RUNS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sizeOf = (url) => {
  try {
    return statSync(fileURLToPath(url.split(/[?#]/)[0])).size;
  } catch {
    return 0;
  }
};

const browser = await chromium.launch({
  executablePath: process.env.MODULEPERS_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const context = await browser.newContext();
let failed = 0;
const rows = [];
for (const q of QUERIES) {
  const times = [];
  let bytes = 0, files = 0, count = '';
  for (let i = 0; i < RUNS; i++) {
    const page = await context.newPage();
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(SITE, 'zoeken', 'index.html')).href + '?q=' + encodeURIComponent(q);
    await page.goto(url, { waitUntil: 'commit' });
    try {
      await page.waitForFunction(() => performance.getEntriesByName('modulepers-search:first-results').length > 0, null, { timeout: 60_000 });
      const got = await page.evaluate(() => ({
        t: performance.getEntriesByName('modulepers-search:first-results')[0].startTime,
        status: document.getElementById('zoek-status').textContent,
      }));
      const seen = [...new Set(requests.filter((u) => u.startsWith('file:')))];
      times.push(got.t);
      bytes = seen.reduce((n, u) => n + sizeOf(u), 0);
      files = seen.length;
      count = got.status.split(' voor')[0];
    } catch (err) {
      console.error(`search "${q}": no result within 60 s (${String(err.message || err).split('\n')[0]})`);
      failed = 1;
    }
    await page.close();
  }
  if (times.length) rows.push({ q, ms: median(times), bytes, files, count });
}

// The baseline: every index file as one script.
const dir = join(SITE, 'static', 'search');
const names = readdirSync(dir).filter((f) => f.endsWith('.js'));
const tmp = mkdtempSync(join(tmpdir(), 'modulepers-search-bench-'));
let whole = 0;
{
  const parts = names.map((f) => readFileSync(join(dir, f)));
  whole = parts.reduce((n, b) => n + b.length, 0);
  writeFileSync(join(tmp, 'all.js'), Buffer.concat([Buffer.from('window.__modulepersIndex=function(){};\n'), ...parts]));
  writeFileSync(join(tmp, 'index.html'), '<!DOCTYPE html><title>all</title><script src="all.js"></script><script>performance.mark("loaded")</script>');
}
const baseline = [];
for (let i = 0; i < RUNS; i++) {
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(tmp, 'index.html')).href, { timeout: 120_000 });
  baseline.push(await page.evaluate(() => performance.getEntriesByName('loaded')[0].startTime));
  await page.close();
}
rmSync(tmp, { recursive: true, force: true });
await browser.close();

const base = median(baseline);
const mb = (b) => (b / 1048576).toFixed(2);
for (const r of rows) {
  console.log(`search "${r.q}": first result after ${Math.round(r.ms)} ms, ${mb(r.bytes)} MB in ${r.files} files loaded (${r.count}); ratio to the whole index: time ${(r.ms / base).toFixed(3)}, bytes ${(r.bytes / whole).toFixed(4)}`);
}
console.log(`search baseline: the whole index (${names.length} files, ${mb(whole)} MB) loaded as one script: ${Math.round(base)} ms (median of ${RUNS})`);
process.exit(failed);
