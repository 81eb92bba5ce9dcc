#!/usr/bin/env bash
# Print check: prints the pages that are made for paper to PDF with headless
# Chromium, the way a reader's browser prints them, and counts the pages.
#
#   - the summary card (samenvattingskaart) fits on at most 2 A4 pages;
#   - every exercise sheet, student and teacher version, is exactly 1 page;
#   - the print-all page has exactly 2 pages per assignment.
#
# Usage: bash .ci/print-check.sh   (from anywhere; CHROMIUM=… to pick a browser)
set -euo pipefail
cd "$(dirname "$0")/.."

chromium_bin=${CHROMIUM:-}
if [ -z "$chromium_bin" ]; then
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then chromium_bin=$c; break; fi
  done
fi
if [ -z "$chromium_bin" ]; then
  echo "print-check: no chromium found (install Debian's chromium, or set CHROMIUM)" >&2
  exit 1
fi

# pdfinfo (poppler-utils) counts pages; without it, and without root to
# install it, the PDF's page objects are counted with python.
if ! command -v pdfinfo >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
site="$work/site"

cargo run -q --release --bin modulepers -- build --quiet --output "$site"

pages() {
  if command -v pdfinfo >/dev/null 2>&1; then
    pdfinfo "$1" | awk '/^Pages:/ { print $2 }'
  else
    python3 - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
print(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)))
PY
  fi
}

n=0
print_pdf() { # print_pdf page.html out.pdf
  n=$((n + 1))
  local profile="$work/profile-$n"
  mkdir -p "$profile"
  timeout 120 "$chromium_bin" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" --no-pdf-header-footer \
    --print-to-pdf="$2" "file://$1" >/dev/null 2>&1 || true
  rm -rf "$profile"
  if [ ! -s "$2" ]; then
    echo "print-check: chromium made no PDF of $1" >&2
    exit 1
  fi
}

# Every sheet ends with a footer that starts with the site's title. A sheet
# is one page high and hides what does not fit, so text that did not fit
# pushes the footer out of sight: a missing footer means clipped text.
site_title=$(sed -n 's/^title:[[:space:]]*//p' site.yaml | head -1 | sed 's/^["'"'"']//; s/["'"'"']$//')
footers() { # footers file.pdf -> how many sheet footers are visible
  if command -v pdftotext >/dev/null 2>&1 && [ -n "$site_title" ]; then
    pdftotext -layout "$1" - | grep -cF "$site_title ·" || true
  else
    echo "-"
  fi
}

failures=0
check_footer() { # check_footer label file.pdf expected
  local seen
  seen=$(footers "$2")
  [ "$seen" = "-" ] && return 0
  if [ "$seen" -ne "$3" ]; then
    printf '  FAIL  %-40s text cut off: %s of %s sheet footer(s) visible\n' "$1" "$seen" "$3"
    failures=$((failures + 1))
  fi
}
check() { # check label count op expected
  local label=$1 count=$2 op=$3 want=$4 ok=0
  case $op in
    le) [ "$count" -le "$want" ] && ok=1 ;;
    eq) [ "$count" -eq "$want" ] && ok=1 ;;
  esac
  if [ $ok = 1 ]; then
    printf '  ok    %-40s %3s page(s)\n' "$label" "$count"
  else
    local says="exactly"; [ "$op" = le ] && says="at most"
    printf '  FAIL  %-40s %3s page(s), want %s %s\n' "$label" "$count" "$says" "$want"
    failures=$((failures + 1))
  fi
}

echo "print-check: A4 page counts"

card="$site/samenvattingskaart/index.html"
if [ -f "$card" ]; then
  print_pdf "$card" "$work/card.pdf"
  check "samenvattingskaart" "$(pages "$work/card.pdf")" le 2
else
  echo "print-check: no summary card in the site" >&2
  failures=$((failures + 1))
fi

assignments=0
for teacher_page in "$site"/opdrachten/*/docent/index.html; do
  [ -f "$teacher_page" ] || continue
  dir=$(dirname "$(dirname "$teacher_page")")
  id=$(basename "$dir")
  assignments=$((assignments + 1))
  print_pdf "$dir/index.html" "$work/$id.pdf"
  check "$id (studenten)" "$(pages "$work/$id.pdf")" eq 1
  check_footer "$id (studenten)" "$work/$id.pdf" 1
  print_pdf "$teacher_page" "$work/$id-docent.pdf"
  check "$id (docent)" "$(pages "$work/$id-docent.pdf")" eq 1
  check_footer "$id (docent)" "$work/$id-docent.pdf" 1
done

all="$site/opdrachten/afdrukken/index.html"
if [ -f "$all" ]; then
  print_pdf "$all" "$work/afdrukken.pdf"
  check "opdrachten/afdrukken ($assignments opdrachten)" "$(pages "$work/afdrukken.pdf")" eq $((2 * assignments))
  check_footer "opdrachten/afdrukken" "$work/afdrukken.pdf" $((2 * assignments))
fi

if [ "$failures" -gt 0 ]; then
  echo "print-check: $failures check(s) failed" >&2
  exit 1
fi
echo "print-check: all print checks passed"
