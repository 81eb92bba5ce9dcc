#!/usr/bin/env bash
# Benchmark modulepers against Hugo on a generated corpus, time the shipped
# site's build and a `serve` rebuild. Usage: bash bench/run.sh
#
# Environment:
#   BENCH_SIZES="1000 10000"   corpus sizes (pages)
#   BENCH_SEED=42              corpus seed
#   BENCH_RUNS=                timed runs per case (default 3 up to 1000 pages, else 2)
#   BENCH_DOC_SIZE=0           pages per folder (modulepers document); 0: one folder
#   BENCH_TIMEOUT=600          seconds after which one build is stopped (reported
#                              as TIMEOUT, the case's remaining runs are skipped)
#   BENCH_KEEP=1               keep the temp folder (corpora and outputs)
#
# Prints a table and writes the same figures to bench/last-run.txt. Exits
# non-zero only if a build fails; times are never asserted.

# The whole script is one brace group, so bash reads all of it before running
# it: editing this file during a run does not disturb the run.
{
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH_SIZES=${BENCH_SIZES:-"1000 10000"}
SEED=${BENCH_SEED:-42}
DOC_SIZE=${BENCH_DOC_SIZE:-0}
LIMIT=${BENCH_TIMEOUT:-600}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
PY=${PYTHON:-python3}
BIN="$ROOT/target/release/modulepers"
REPORT="$ROOT/bench/last-run.txt"
TIME=/usr/bin/time

WORK=$(mktemp -d "${TMPDIR:-/tmp}/modulepers-bench.XXXXXX")
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    if [ -z "${BENCH_KEEP:-}" ]; then
        rm -rf "$WORK"
    else
        echo "kept $WORK" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { echo "bench: $*" >&2; }

FAILED=0
LINES=()    # the table rows
SUMMARY=()  # the sentences under the table

# --- prerequisites ----------------------------------------------------------

if [ ! -x "$TIME" ]; then
    log "$TIME is missing; installing Debian's time package"
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y time >/dev/null 2>&1; }
    else
        sudo apt-get install -y time >/dev/null 2>&1
    fi
    [ -x "$TIME" ] || { log "cannot install GNU time ($TIME); install the 'time' package"; exit 1; }
fi

# The search step needs node, chromium and playwright-core (bash .ci/install-test-tools).
SEARCH_BENCH=
if command -v node >/dev/null && [ -x "${MODULEPERS_CHROMIUM:-/usr/bin/chromium}" ] && [ -d "$ROOT/.ci/browser/node_modules/playwright-core" ]; then
    SEARCH_BENCH=1
else
    log "node, chromium or .ci/browser/node_modules missing: the search step is skipped (bash .ci/install-test-tools)"
fi

HUGO=$(command -v hugo || true)
[ -n "$HUGO" ] || log "hugo not found: the Hugo cases are skipped (apt-get install -y hugo)"

log "cargo build --release"
if ! (cd "$ROOT" && cargo build --release --quiet); then
    log "cargo build --release failed"
    exit 1
fi

FLOOR="$WORK/fs_floor"
if ! rustc -O --edition 2021 "$ROOT/bench/fs_floor.rs" -o "$FLOOR" 2>"$WORK/floor.err"; then
    log "rustc could not build bench/fs_floor.rs; the file-system floor is not measured"
    FLOOR=
fi

# --- helpers ----------------------------------------------------------------

median() { # numbers on stdin -> median
    sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) exit; if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Old outputs and corpora are moved aside, not deleted, until the script
# ends. Deleting 20,000 files just before a build makes that build slower on
# some file systems for a minute or more: ext4 without a journal (as on this
# machine) skips every recently deleted inode when it allocates a new one,
# and a profile of a 10,000-page build right after `rm -rf` showed 45 % of
# the time in that kernel scan, for Hugo and modulepers alike. Moving aside
# is a rename; the runs then measure the generators, not the deletions.
TRASH="$WORK/trash"
mkdir -p "$TRASH"
discard() { # PATH: move out of the way (deleted with $WORK at exit)
    [ -e "$1" ] && mv "$1" "$(mktemp -d "$TRASH/XXXXXX")/"
    return 0
}

# measure KEY RUNS OUTDIR CMD...: one warm-up, then RUNS timed runs. Moves
# OUTDIR aside before every run (untimed). Sets WALL_MS[KEY] (median) and RSS_KB[KEY]
# (highest peak over the timed runs); returns 1 if any run fails. A run that
# exceeds $LIMIT seconds is stopped and sets TIMED_OUT[KEY] (not a failure).
declare -A WALL_MS RSS_KB TIMED_OUT FLOOR_MS FILES MBYTES
measure() {
    local key=$1 runs=$2 out=$3; shift 3
    local walls=() rsss=() i t0 t1 rc
    for ((i = 0; i <= runs; i++)); do
        discard "$out"
        t0=$(date +%s%N)
        "$TIME" -v -o "$WORK/time.txt" timeout "$LIMIT" "$@" >"$WORK/run.out" 2>"$WORK/run.err"
        rc=$?
        t1=$(date +%s%N)
        if [ $rc -eq 124 ]; then
            log "$key: stopped after ${LIMIT} s (BENCH_TIMEOUT); remaining runs skipped"
            TIMED_OUT[$key]=1
            return 0
        fi
        if [ $rc -ne 0 ]; then
            log "$key: build failed (exit $rc): $*"
            sed 's/^/    /' "$WORK/run.err" | head -60 >&2
            FAILED=1
            return 1
        fi
        [ $i -eq 0 ] && continue # warm-up
        walls+=($(((t1 - t0) / 1000000)))
        rsss+=("$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$WORK/time.txt")")
    done
    WALL_MS[$key]=$(printf '%s\n' "${walls[@]}" | median)
    RSS_KB[$key]=$(printf '%s\n' "${rsss[@]}" | sort -n | tail -1)
    log "$key: runs ${walls[*]} ms, peak RSS $((RSS_KB[$key] / 1024)) MB"
}

row() { # case pages runs key
    local name=$1 pages=$2 runs=$3 key=$4
    if [ -z "${WALL_MS[$key]:-}" ]; then
        local what=FAILED
        [ -n "${TIMED_OUT[$key]:-}" ] && what="TIMEOUT >${LIMIT}s"
        LINES+=("$(printf '%-28s %7s %5s %16s %9s %14s' "$name" "$pages" "$runs" "$what" "-" "-")")
        return
    fi
    LINES+=("$(awk -v n="$name" -v p="$pages" -v r="$runs" -v w="${WALL_MS[$key]}" -v m="${RSS_KB[$key]}" \
        'BEGIN { printf "%-28s %7d %5d %16.3f %9.0f %14.1f", n, p, r, w / 1000, p / (w > 0 ? w / 1000 : 0.001), m / 1024 }')")
}

# --- the corpus cases ---------------------------------------------------------

for N in $BENCH_SIZES; do
    runs=${BENCH_RUNS:-$([ "$N" -le 1000 ] && echo 3 || echo 2)}
    dir="$WORK/corpus-$N"
    log "generating $N pages (seed $SEED)"
    if ! "$PY" "$ROOT/bench/gen_corpus.py" --pages "$N" --seed "$SEED" \
        --doc-size "$DOC_SIZE" --modulepers "$dir/modulepers" --hugo "$dir/hugo" --themes "$ROOT/themes"; then
        log "corpus generation failed"
        exit 1
    fi

    log "modulepers, $N pages: 1 warm-up + $runs runs"
    measure "mp-$N" "$runs" "$dir/mp-out" \
        "$BIN" build --root "$dir/modulepers" --output "$dir/mp-out" --quiet
    row "modulepers, corpus" "$N" "$runs" "mp-$N"

    if [ -n "$HUGO" ]; then
        log "hugo, $N pages: 1 warm-up + $runs runs"
        measure "hugo-$N" "$runs" "$dir/hugo-out" \
            "$HUGO" --quiet -s "$dir/hugo" -d "$dir/hugo-out"
        row "hugo, corpus" "$N" "$runs" "hugo-$N"
    fi

    # The floor: the same output written from memory with two threads and
    # no other work. A build cannot be faster than writing what it writes.
    for who in mp hugo; do
        [ -n "$FLOOR" ] && [ -d "$dir/$who-out" ] || continue
        floors=()
        for ((i = 0; i < runs; i++)); do
            discard "$dir/floor"
            floors+=("$("$FLOOR" "$dir/$who-out" "$dir/floor" 2>/dev/null | awk '{ printf "%d", $1 * 1000 }')")
        done
        FLOOR_MS[$who-$N]=$(printf '%s\n' "${floors[@]}" | median)
        FILES[$who-$N]=$(find "$dir/$who-out" -type f | wc -l)
        MBYTES[$who-$N]=$(du -sm "$dir/$who-out" | cut -f1)
        log "floor $who-$N: ${floors[*]} ms"
    done
    for who in mp hugo; do
        [ -n "${FLOOR_MS[$who-$N]:-}" ] || continue
        name=$([ $who = mp ] && echo modulepers || echo hugo)
        SUMMARY+=("$(awk -v n="$N" -v name="$name" -v f="${FLOOR_MS[$who-$N]}" -v files="${FILES[$who-$N]}" -v mb="${MBYTES[$who-$N]}" \
            -v hw="${WALL_MS[hugo-$N]:-0}" 'BEGIN {
            line = sprintf("%d pages: writing the %s output alone (%d files, %d MB, 2 threads, no other work): %.2f s", n, name, files, mb, f / 1000)
            if (hw > 0) line = line sprintf(" = %.2f of hugo'"'"'s build time", f / hw)
            print line }')")
    done

    SUMMARY+=("$(awk -v n="$N" -v mw="${WALL_MS[mp-$N]:--1}" -v mm="${RSS_KB[mp-$N]:-0}" -v mt="${TIMED_OUT[mp-$N]:-}" \
        -v hw="${WALL_MS[hugo-$N]:--1}" -v hm="${RSS_KB[hugo-$N]:-0}" -v ht="${TIMED_OUT[hugo-$N]:-}" \
        -v hugo="$HUGO" -v limit="$LIMIT" '
        function fig(w, m, t) {
            if (w >= 0) return sprintf("%.2f s, %.0f MB", w / 1000, m / 1024)
            return t ? "TIMEOUT (> " limit " s)" : "FAILED"
        }
        BEGIN {
            line = sprintf("%d pages: modulepers %s; hugo %s", n, fig(mw, mm, mt), hugo ? fig(hw, hm, ht) : "not installed")
            if (mw >= 0 && hw > 0) line = line sprintf("; ratio time %.2f, memory %.2f", mw / hw, mm / hm)
            print line
        }')")
    # Search on the built corpus, in headless Chromium from file://: time
    # and bytes to the first result, against loading the whole index.
    if [ -n "$SEARCH_BENCH" ] && [ -d "$dir/mp-out/static/search" ]; then
        log "search, $N pages: headless chromium"
        if node "$ROOT/bench/search.mjs" "$dir/mp-out" >"$WORK/search.out" 2>"$WORK/search.err"; then
            while IFS= read -r line; do SUMMARY+=("$N pages: $line"); done <"$WORK/search.out"
        else
            SUMMARY+=("$N pages: search benchmark FAILED: $(head -c 300 "$WORK/search.err")")
        fi
        SUMMARY+=("$N pages: search index $(du -sm "$dir/mp-out/static/search" | cut -f1) MB in $(find "$dir/mp-out/static/search" -type f | wc -l) files")
    fi
    [ -n "${BENCH_KEEP:-}" ] || discard "$dir"
done

# --- the shipped site -----------------------------------------------------------

# The number of pages the build writes (derived pages included), from a
# build without --quiet; else the number of content files.
shipped_pages=$("$BIN" build --root "$ROOT" --output "$WORK/shipped-out" 2>&1 | sed -n 's/^built \([0-9]*\) pages.*/\1/p')
[ -n "$shipped_pages" ] || shipped_pages=$(find "$ROOT/content" -type f -name '*.md' ! -name README.md \
    \( -name _index.md -o ! -name '[._]*' \) ! -path '*/[._]*/*' | wc -l)
shipped_runs=${BENCH_RUNS:-5}
log "modulepers, shipped site ($shipped_pages pages): 1 warm-up + $shipped_runs runs"
measure shipped "$shipped_runs" "$WORK/shipped-out" \
    "$BIN" build --root "$ROOT" --output "$WORK/shipped-out" --quiet
row "modulepers, shipped site" "$shipped_pages" "$shipped_runs" shipped
if [ -n "${WALL_MS[shipped]:-}" ]; then
    SUMMARY+=("shipped site ($shipped_pages pages): ${WALL_MS[shipped]} ms (median of $shipped_runs), $((RSS_KB[shipped] / 1024)) MB peak")
elif [ -n "${TIMED_OUT[shipped]:-}" ]; then
    SUMMARY+=("shipped site: TIMEOUT (> $LIMIT s)")
else
    SUMMARY+=("shipped site: build FAILED")
fi

# The same site without its print editions (PDF): the HTML-only build that
# `print_editions: false` (or a build without the pdf feature) gives.
html_site="$WORK/shipped-html"
mkdir -p "$html_site"
cp -r "$ROOT/content" "$ROOT/themes" "$html_site/"
sed 's/^print_editions: true/print_editions: false/' "$ROOT/site.yaml" >"$html_site/site.yaml"
log "modulepers, shipped site without PDFs: 1 warm-up + $shipped_runs runs"
measure shipped_html "$shipped_runs" "$WORK/shipped-html-out" \
    "$BIN" build --root "$html_site" --output "$WORK/shipped-html-out" --quiet
row "modulepers, shipped site, no PDFs" "$shipped_pages" "$shipped_runs" shipped_html
if [ -n "${WALL_MS[shipped_html]:-}" ]; then
    pdfs=$(find "$WORK/shipped-out" -name '*.pdf' | wc -l)
    SUMMARY+=("shipped site without its $pdfs PDFs: ${WALL_MS[shipped_html]} ms (median of $shipped_runs), $((RSS_KB[shipped_html] / 1024)) MB peak")
fi

# --- serve rebuild ---------------------------------------------------------------

measure_serve() {
    local site="$WORK/serve-site" port file
    mkdir -p "$site"
    cp -r "$ROOT/site.yaml" "$ROOT/content" "$site/"
    [ -d "$ROOT/themes" ] && cp -r "$ROOT/themes" "$site/"
    # The file to edit: the first chapter (not an _index.md, not a README.md).
    file=$(find "$site/content" -type f -name '*.md' ! -name README.md ! -name '[._]*' ! -path '*/[._]*/*' | sort | head -1)
    [ -n "$file" ] || { SUMMARY+=("serve rebuild: not measured (no content file to edit)"); return; }
    port=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$BIN" serve --root "$site" --port "$port" --quiet >"$WORK/serve.log" 2>&1 &
    SERVER_PID=$!
    "$PY" - "$port" "$file" "$SERVER_PID" "$WORK/serve.log" >"$WORK/serve.txt" <<'EOF'
import json, os, statistics, sys, time, urllib.error, urllib.request

port, path, pid, logfile = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
base = f"http://127.0.0.1:{port}"

def alive():
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

def first_log_line():
    try:
        with open(logfile, encoding="utf-8", errors="replace") as f:
            lines = [l.strip() for l in f if l.strip()]
        return lines[0] if lines else "no output"
    except OSError:
        return "no output"

def status():
    """(http status, parsed JSON or None)"""
    try:
        with urllib.request.urlopen(base + "/__modulepers/status", timeout=5) as r:
            body = r.read()
            try:
                return r.status, json.loads(body)
            except ValueError:
                return r.status, None
    except urllib.error.HTTPError as e:
        return e.code, None

# Wait until the server answers at all (the first build runs before that).
deadline = time.monotonic() + 120
while True:
    if not alive():
        print(f"serve rebuild: not measured (serve exited: {first_log_line()})")
        sys.exit(0)
    try:
        code, data = status()
        break
    except (urllib.error.URLError, ConnectionError, OSError):
        if time.monotonic() > deadline:
            print("serve rebuild: not measured (server did not answer within 120 s)")
            sys.exit(0)
        time.sleep(0.05)

if code != 200 or not isinstance(data, dict) or "version" not in data:
    print("serve rebuild: not measured (status endpoint missing)")
    sys.exit(0)

times, errors = [], []
for k in range(5):
    time.sleep(0.5)  # let the watcher settle after the previous rebuild
    before = status()[1]["version"]
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\nbenchwoord{k}\n")
    t0 = time.monotonic()
    deadline = t0 + 30
    while True:
        data = status()[1]
        if data["version"] > before:
            times.append((time.monotonic() - t0) * 1000)
            if data.get("error"):
                errors.append(str(data["error"]))
            break
        if time.monotonic() > deadline:
            print("serve rebuild: not measured (no new version within 30 s of an edit)")
            sys.exit(0)
        time.sleep(0.005)

line = (f"serve rebuild: median {statistics.median(times):.0f} ms from save to new version "
        f"(5 edits of {os.path.relpath(path, os.path.dirname(os.path.dirname(path)))}; "
        f"min {min(times):.0f}, max {max(times):.0f})")
if errors:
    line += f"; a rebuild reported an error: {errors[0].strip().splitlines()[0][:200]}"
print(line)
EOF
    SUMMARY+=("$(cat "$WORK/serve.txt")")
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=
}
log "serve rebuild: 5 edits"
# Not in a subshell, so that the EXIT trap knows SERVER_PID.
measure_serve

# --- report ----------------------------------------------------------------------

{
    commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
    [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ] && commit="$commit+changes"
    echo "modulepers benchmark, $(date '+%Y-%m-%d %H:%M'), commit $commit"
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
    echo "tools: $("$BIN" --version 2>/dev/null), ${HUGO:+$("$HUGO" version | cut -d' ' -f1-2), }$(rustc --version 2>/dev/null)"
    echo "load average before the run: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "corpus: seed $SEED, $([ "$DOC_SIZE" -gt 0 ] && echo "$DOC_SIZE pages per folder" || echo "one folder"); wall = median of the timed runs after one warm-up; RSS = highest peak"
    echo
    printf '%-28s %7s %5s %16s %9s %14s\n' "case" "pages" "runs" "median wall (s)" "pages/s" "peak RSS (MB)"
    printf '%s\n' "${LINES[@]}"
    echo
    printf '%s\n' "${SUMMARY[@]}"
    [ $FAILED -eq 0 ] || echo "one or more builds FAILED (see the errors above)"
} | tee "$REPORT"

exit $FAILED
}
