// Copies lunr and its Dutch pipeline from node_modules into the theme's
// static/vendor/ and writes vendor/README.md. `node vendor.mjs --check` only
// compares, and exits 1 when the vendored files differ from what the locked
// packages would give (run.sh runs the check).
//
// lunr-languages ships lunr.stemmer.support.min.js without the licence
// comment its source file has; that comment is put back in front of it.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, 'node_modules');
const vendor = join(here, '..', '..', 'themes', 'modulepers', 'static', 'vendor');
const version = (pkg) => JSON.parse(readFileSync(join(modules, pkg, 'package.json'), 'utf8')).version;
const read = (pkg, file) => readFileSync(join(modules, pkg, file), 'utf8');
const headerOf = (source) => {
  const m = source.match(/^\s*(\/\*![\s\S]*?\*\/)/);
  if (!m) throw new Error('no licence comment found');
  return m[1] + '\n';
};

const lunrVersion = version('lunr');
const langVersion = version('lunr-languages');
const files = [
  ['lunr.min.js', read('lunr', 'lunr.min.js')],
  ['lunr.stemmer.support.min.js', (() => {
    const min = read('lunr-languages', 'min/lunr.stemmer.support.min.js');
    return min.trimStart().startsWith('/*') ? min : headerOf(read('lunr-languages', 'lunr.stemmer.support.js')) + min;
  })()],
  ['lunr.nl.min.js', read('lunr-languages', 'min/lunr.nl.min.js')],
  ['README.md', `# Vendored scripts

Copied by \`.ci/browser/vendor.mjs\` from the npm packages locked in
\`.ci/browser/package-lock.json\`; do not edit them by hand. To update: change
the versions in \`.ci/browser/package.json\`, run \`npm install\` there, then
\`node vendor.mjs\`. \`.ci/browser/run.sh\` fails when these files drift from
the locked packages.

| file | npm package | version | licence |
| --- | --- | --- | --- |
| lunr.min.js | lunr (lunr.min.js) | ${lunrVersion} | MIT |
| lunr.stemmer.support.min.js | lunr-languages (min/lunr.stemmer.support.min.js) | ${langVersion} | MPL 1.1 |
| lunr.nl.min.js | lunr-languages (min/lunr.nl.min.js) | ${langVersion} | MPL 1.1 |

The minified lunr.stemmer.support.min.js comes without a licence comment; the
one from the package's unminified lunr.stemmer.support.js is put in front of
it. The other files are byte-for-byte the packages' own.

The site loads them from \`templates/search.html\`, in this order, before
\`static/search.js\`.
`],
];

const check = process.argv.includes('--check');
let stale = [];
if (!check) mkdirSync(vendor, { recursive: true });
for (const [name, text] of files) {
  const path = join(vendor, name);
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(name);
  } else {
    writeFileSync(path, text);
  }
}
if (check) {
  if (stale.length) {
    console.error(`vendored files out of date: ${stale.join(', ')} (run: node .ci/browser/vendor.mjs)`);
    process.exit(1);
  }
  console.log(`vendored files match lunr ${lunrVersion}, lunr-languages ${langVersion}`);
} else {
  console.log(`vendored lunr ${lunrVersion}, lunr-languages ${langVersion} into ${vendor}`);
}
