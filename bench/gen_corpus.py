#!/usr/bin/env python3
"""Generate the benchmark corpus for bench/run.sh.

Writes the same N pages of Dutch text twice from one seed: once as a
modulepers site and once as a Hugo site with a minimal layout. Only the link
syntax differs between the two (`@/corpus/….md#kop-3` for modulepers, the
`ref` shortcode for Hugo), so both generators resolve every link.

    python3 bench/gen_corpus.py --pages 1000 --seed 42 \
        --modulepers /tmp/x/mp --hugo /tmp/x/hugo --themes themes

Standard library only; deterministic for a given --seed and --pages.
"""

import argparse
import os
import random
import shutil
import sys

# --- vocabulary -------------------------------------------------------------
# Real Dutch words from the mental-health domain, diacritics included.

SUBJECTS = [
    "ervaringsdeskundigen", "cliënten", "naasten", "hulpverleners",
    "zorgverleners", "het team", "de organisatie", "de psychiater",
    "de verpleegkundige", "de huisarts", "de POH-ggz", "het wijkteam",
    "de ervaringsdeskundige", "de cliëntenraad", "familieleden",
    "de opleiders", "de onderzoekers", "bestuurders", "beleidsmakers",
    "leidinggevenden", "de regiebehandelaar", "de begeleider",
    "de coöperatie", "de ggz-instelling", "de gemeente", "de patiënt",
]

PLURAL = {
    "ervaringsdeskundigen", "cliënten", "naasten", "hulpverleners",
    "zorgverleners", "familieleden", "de opleiders", "de onderzoekers",
    "bestuurders", "beleidsmakers", "leidinggevenden",
}

VERBS = [
    "ondersteunen", "versterken", "bespreken", "erkennen", "benutten",
    "onderzoeken", "bevorderen", "begeleiden", "waarderen", "verkennen",
    "stimuleren", "borgen", "verbeteren", "creëren", "delen", "herkennen",
    "vergroten", "evalueren", "organiseren", "financieren", "beschrijven",
    "doorbreken", "verbinden", "integreren", "bekrachtigen", "uitdragen",
]

OBJECTS = [
    "het herstel", "de ervaringsdeskundigheid", "de ondersteuning",
    "de eigen regie", "de zelfregie", "het perspectief van naasten",
    "de herstelondersteunende zorg", "de kwetsbaarheid", "de veerkracht",
    "het stigma", "het zelfstigma", "de maatschappelijke participatie",
    "de ideeën van cliënten", "de financiële middelen", "de hiërarchie",
    "de samenwerking", "het ervaringsverhaal", "de eigenheid",
    "de re-integratie", "de categorieën van zorg", "de privacy",
    "de tevredenheid", "de inclusie", "de hoop", "de zingeving",
    "de emancipatie", "de weerbaarheid", "het lotgenotencontact",
    "de behandelrelatie", "de gelijkwaardigheid", "de efficiëntie",
    "het vertrouwen", "de crisiskaart", "het signaleringsplan",
    "de triade", "de psycho-educatie", "de dagbesteding",
]

ADVERBS = [
    "bewust", "zorgvuldig", "samen", "methodisch", "structureel",
    "voortdurend", "expliciet", "gelijkwaardig", "respectvol", "open",
    "geïnformeerd", "doelgericht", "stapsgewijs", "actief", "daadwerkelijk",
]

PLACES = [
    "in de ggz", "in het sociaal domein", "binnen de organisatie",
    "in de eerstelijnszorg", "in de wijk", "tijdens de behandeling",
    "in de opleiding", "in het herstelproces", "na een crisis",
    "bij de intake", "in het multidisciplinaire overleg", "op de afdeling",
    "in de thuissituatie", "in de ambulante zorg", "in de kliniek",
]

CONNECTORS = [
    "Daarnaast", "Bovendien", "Tegelijkertijd", "Daarom", "Vervolgens",
    "Uiteindelijk", "Evengoed", "Niettemin", "In de praktijk", "Volgens de richtlijn",
    "Ook", "Waar mogelijk", "Bij twijfel",
]

CLAUSES = [
    "omdat herstel een persoonlijk proces is",
    "zodat cliënten hun eigen weg kunnen vinden",
    "waarbij naasten een belangrijke rol spelen",
    "terwijl de kwaliteit van zorg centraal staat",
    "want eigen ervaring is een waardevolle bron van kennis",
    "zonder dat de hulpverlener het overneemt",
    "opdat de cliënt zich gehoord en gezien voelt",
    "hoewel niet iedereen dezelfde behoefte heeft",
    "nadat er voldoende vertrouwen is ontstaan",
    "zoals beschreven in de generieke module",
]

HEADING_WORDS = [
    "Herstel", "Ervaringsdeskundigheid", "Ondersteuning van naasten",
    "Eigen regie", "Samenwerking in het team", "Rol van cliënten",
    "Financiële randvoorwaarden", "Implementatie", "Scholing en opleiding",
    "Kwaliteit en evaluatie", "Stigma en zelfstigma", "Ideeën voor de praktijk",
    "Organisatie van zorg", "Hiërarchie en gelijkwaardigheid",
    "Participatie", "Veerkracht", "Zingeving", "Signalering en crisis",
    "Triadisch werken", "Re-integratie", "Privacy en geheimhouding",
]

LINK_TEXTS = [
    "herstelondersteuning", "de rol van naasten", "ervaringsdeskundige inzet",
    "eigen regie", "samenwerking", "de financiële kant", "scholing",
    "het cliëntenperspectief", "zelfstigma", "de triade", "crisiszorg",
]

TABLE_HEADERS = [
    ("Doelgroep", "Rol", "Aandachtspunt"),
    ("Fase", "Activiteit", "Verantwoordelijke"),
    ("Aspect", "Huidige situatie", "Gewenste situatie"),
]


def cap(s):
    return s[0].upper() + s[1:]


def sentence(rng):
    kind = rng.randrange(5)
    subj = rng.choice(SUBJECTS)
    plural = subj in PLURAL
    if kind == 0:
        verb = rng.choice(VERBS)
        if not plural:  # "ondersteunen" -> "ondersteunt" is too irregular; use an auxiliary
            s = f"{cap(subj)} wil {rng.choice(OBJECTS)} {rng.choice(ADVERBS)} {rng.choice(PLACES)} {verb}"
        else:
            s = f"{cap(subj)} {verb} {rng.choice(OBJECTS)} {rng.choice(ADVERBS)} {rng.choice(PLACES)}"
    elif kind == 1:
        aux = "willen" if plural else "wil"
        s = f"{rng.choice(CONNECTORS)} {aux} {subj} {rng.choice(OBJECTS)} {rng.choice(ADVERBS)} {rng.choice(VERBS)}"
    elif kind == 2:
        aux = "kunnen" if plural else "kan"
        s = f"{cap(subj)} {aux} {rng.choice(OBJECTS)} {rng.choice(PLACES)} {rng.choice(VERBS)}, {rng.choice(CLAUSES)}"
    elif kind == 3:
        s = f"Het is belangrijk om {rng.choice(OBJECTS)} {rng.choice(ADVERBS)} te {rng.choice(VERBS)}, {rng.choice(CLAUSES)}"
    else:
        s = f"{cap(rng.choice(OBJECTS))} vraagt om aandacht van {subj} {rng.choice(PLACES)}, {rng.choice(CLAUSES)}"
    return s + "."


def paragraph(rng, n_sentences):
    return " ".join(sentence(rng) for _ in range(n_sentences))


def page_name(i):
    return f"{i:04d}-pagina-{i:04d}"


DOC_SIZE = 0  # pages per folder (document); 0: all in content/corpus/


def folder(i):
    return "corpus" if DOC_SIZE == 0 else f"corpus-{(i - 1) // DOC_SIZE + 1:03d}"


def folders(n):
    return sorted({folder(i) for i in range(1, n + 1)})


# --- page model -------------------------------------------------------------
# A page is a list of blocks; the two writers differ only in link syntax.


def plan_headings(seed, n):
    """Number of headings of every page, decided up front so links can point
    at a heading that exists on the target page."""
    rng = random.Random(f"{seed}:headings")
    return [rng.randint(3, 5) for _ in range(n)]


def make_page(seed, i, n, heading_counts):
    rng = random.Random(f"{seed}:page:{i}")
    title = f"Pagina {i}: {rng.choice(HEADING_WORDS)} {rng.choice(PLACES)}"
    n_headings = heading_counts[i - 1]
    n_paragraphs = rng.randint(6, 10)
    n_footnotes = rng.randint(1, 2)

    # Three links to three other pages; about half carry an anchor.
    others = [j for j in rng.sample(range(1, n + 1), min(n, 4)) if j != i][:3]
    links = []
    for j in others:
        anchor = f"kop-{rng.randint(1, heading_counts[j - 1])}" if rng.random() < 0.6 else None
        links.append((j, anchor, rng.choice(LINK_TEXTS)))

    blocks = []  # ("p", text with {LINKk}/{FNk} slots) | ("h", level, text, id) | ("ul", items) | ("table", ...)
    # Spread the headings over the paragraphs: heading before paragraph k.
    heading_at = sorted(rng.sample(range(1, n_paragraphs), min(n_headings - 1, n_paragraphs - 1)))
    heading_at = [0] + heading_at
    list_at = rng.randrange(n_paragraphs)
    table_at = rng.randrange(n_paragraphs)
    link_slots = sorted(rng.sample(range(n_paragraphs), len(links))) if links else []
    fn_slots = sorted(rng.sample(range(n_paragraphs), n_footnotes))
    h = 0
    for k in range(n_paragraphs):
        if k in heading_at:
            h += 1
            level = 2 if h == 1 or rng.random() < 0.55 else 3
            blocks.append(("h", level, f"{h}. {rng.choice(HEADING_WORDS)}", f"kop-{h}"))
        sents = [sentence(rng) for _ in range(rng.randint(4, 8))]
        for li, slot in enumerate(link_slots):
            if slot == k:
                pos = rng.randrange(len(sents))
                sents[pos] = sents[pos][:-1] + f" (zie ook {{LINK{li}}})."
        for fi, slot in enumerate(fn_slots):
            if slot == k:
                pos = rng.randrange(len(sents))
                sents[pos] = sents[pos][:-1] + f"[^n{fi + 1}]."
        blocks.append(("p", " ".join(sents)))
        if k == list_at:
            items = [cap(f"{rng.choice(OBJECTS)} {rng.choice(PLACES)}") for _ in range(rng.randint(3, 5))]
            blocks.append(("ul", items))
        if k == table_at:
            head = rng.choice(TABLE_HEADERS)
            rows = [
                (cap(rng.choice(SUBJECTS)), cap(rng.choice(VERBS)), cap(rng.choice(OBJECTS)))
                for _ in range(rng.randint(2, 4))
            ]
            blocks.append(("table", head, rows))
    # Headings beyond the paragraphs (if n_headings > n_paragraphs) never
    # happen: n_paragraphs >= 6 > 5 >= n_headings.
    assert h == n_headings, (i, h, n_headings)
    footnotes = [paragraph(rng, 1) for _ in range(n_footnotes)]
    return title, blocks, links, footnotes


def render(page, link_fmt):
    title, blocks, links, footnotes = page
    out = [f'---\ntitle: "{title}"\n---\n']
    link_md = [f"[{text}]({link_fmt(j, anchor)})" for j, anchor, text in links]
    for b in blocks:
        if b[0] == "h":
            out.append(f"{'#' * b[1]} {b[2]} {{#{b[3]}}}\n")
        elif b[0] == "p":
            text = b[1]
            for li, md in enumerate(link_md):
                text = text.replace(f"{{LINK{li}}}", md)
            out.append(text + "\n")
        elif b[0] == "ul":
            out.append("".join(f"- {item}\n" for item in b[1]))
        elif b[0] == "table":
            head, rows = b[1], b[2]
            lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            out.append("\n".join(lines) + "\n")
    for fi, note in enumerate(footnotes):
        out.append(f"[^n{fi + 1}]: {note}\n")
    return "\n".join(out)


def link_modulepers(j, anchor):
    return f"@/{folder(j)}/{page_name(j)}.md" + (f"#{anchor}" if anchor else "")


def link_hugo(j, anchor):
    target = f"/{folder(j)}/{page_name(j)}.md" + (f"#{anchor}" if anchor else "")
    return f'{{{{< ref "{target}" >}}}}'


# --- site skeletons ---------------------------------------------------------

SITE_YAML = """title: Bench
language: nl
base_url: https://example.org/
theme: modulepers
audiences:
  - slug: lezers
    name: Lezers
"""

HUGO_TOML = """baseURL = "https://example.org/"
languageCode = "nl"
defaultContentLanguage = "nl"
title = "Bench"
disableKinds = ["taxonomy", "term", "RSS"]

[markup.goldmark]
# Hugo's defaults, spelled out: GFM tables, footnotes, {#id} on headings.
[markup.goldmark.parser.attribute]
title = true
[markup.tableOfContents]
startLevel = 2
endLevel = 3
"""

BASEOF = """<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>{{ .Title }} · {{ .Site.Title }}</title>
</head>
<body>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"""

SINGLE = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<nav class="toc">{{ .TableOfContents }}</nav>
<article>{{ .Content }}</article>
{{ end }}
"""

LIST = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<nav class="toc">{{ .TableOfContents }}</nav>
<article>{{ .Content }}</article>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ul>
{{ end }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--modulepers", help="folder for the modulepers site")
    ap.add_argument("--hugo", help="folder for the Hugo site")
    ap.add_argument("--themes", help="themes/ folder to copy into the modulepers site")
    ap.add_argument("--doc-size", type=int, default=0,
                    help="pages per folder (a modulepers document); 0 (default): one folder content/corpus/")
    args = ap.parse_args()
    n = args.pages
    global DOC_SIZE
    DOC_SIZE = max(0, args.doc_size)
    if n < 5:
        sys.exit("--pages must be at least 5")

    heading_counts = plan_headings(args.seed, n)
    if args.modulepers:
        root = args.modulepers
        write(os.path.join(root, "site.yaml"), SITE_YAML)
        write(os.path.join(root, "content", "_index.md"), "---\ntitle: Bench\n---\n")
        for f in folders(n):
            t = "Corpus" if f == "corpus" else f"Corpus {f[7:]}"
            write(
                os.path.join(root, "content", f, "_index.md"),
                f"---\ntitle: {t}\ndocument:\n  short_title: {t}\n---\n",
            )
        if args.themes:
            shutil.copytree(args.themes, os.path.join(root, "themes"), dirs_exist_ok=True)
    if args.hugo:
        root = args.hugo
        write(os.path.join(root, "hugo.toml"), HUGO_TOML)
        write(os.path.join(root, "content", "_index.md"), "---\ntitle: Bench\n---\n")
        for f in folders(n):
            t = "Corpus" if f == "corpus" else f"Corpus {f[7:]}"
            write(os.path.join(root, "content", f, "_index.md"), f"---\ntitle: {t}\n---\n")
        write(os.path.join(root, "layouts", "_default", "baseof.html"), BASEOF)
        write(os.path.join(root, "layouts", "_default", "single.html"), SINGLE)
        write(os.path.join(root, "layouts", "_default", "list.html"), LIST)

    total = 0
    for i in range(1, n + 1):
        page = make_page(args.seed, i, n, heading_counts)
        name = page_name(i) + ".md"
        if args.modulepers:
            text = render(page, link_modulepers)
            total += len(text.encode("utf-8"))
            write(os.path.join(args.modulepers, "content", folder(i), name), text)
        if args.hugo:
            write(os.path.join(args.hugo, "content", folder(i), name), render(page, link_hugo))
    if args.modulepers:
        print(f"{n} pages, {total / 1e6:.1f} MB of Markdown", file=sys.stderr)


if __name__ == "__main__":
    main()
