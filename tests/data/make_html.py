"""Render the gold seeds (../shared/gold/seeds/*.json) as council web pages in Word "save as web page" style.

Each seed becomes ``tests/data/html/seed-NNN-word-export.html`` with a copy of its gold beside it
("file" and "format" changed, records identical).  The page is what a council CMS shows when an
officer pastes a Word export into the site template:

- site furniture around the content: cookie banner, skip link, header with the main navigation
  ("Your Councillors", ...), breadcrumbs, a "Related pages" sidebar and an "Our A-Z" footer, scripts;
- the Word export itself: ``<div class=WordSection1>``, ``MsoNormal`` paragraphs in nested spans,
  ``&nbsp;`` in empty cells and after full stops, ``<o:p>`` tags, conditional comments, page breaks
  before new sections (``<br style='page-break-before:always'>``, seeds 001 and 004), Symbol-font
  ``·`` bullets as ``MsoListParagraph`` paragraphs with an ``mso-list:Ignore`` span, bold full-width
  section rows (``colspan``), the commitment column merged down its rows (``rowspan``, seed 004);
- struck-through decoy phrases (``<s>``, ``<strike>``, ``<del>``, ``text-decoration:line-through``)
  that must never reach a field: :data:`DECOYS`;
- seeds 000, 002 and 004 in windows-1252 with a ``<meta http-equiv>`` charset (Word's default),
  001 and 003 in UTF-8 with ``<meta charset>``; 001 and 003 use an older template without ``<main>``.

Seed 004 also becomes ``seed-004-merged-actions.html`` (UTF-8): the two records whose timescale lists
three deadlines are three rows each under an Action Title cell merged down them (``rowspan``), the
way the council's Word table had them.

The document model (:func:`seed_to_parts`) is shared with make_docx.py so both formats say the same.
Run from the repo root:  .venv/bin/python tests/data/make_html.py   (deterministic; re-running leaves git clean)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / "tests" / "shared"  # the in-repo copy of ../shared (tests/sync_shared.py)
SEEDS = SHARED / "gold" / "seeds"
OUT = REPO / "tests" / "data" / "html"

# Struck-through phrases planted in the renderings; none may appear in any extracted field.
DECOYS = (
    "Superseded by the 2019 service review",
    "Target date moved to December 2016",
    "Corporate Property team",
    "Action withdrawn at Cabinet",
    "Funding bid unsuccessful",
)
ROLE_ARTICLE = {"Community Leader": "a", "Service Provider": "a", "Employer": "an"}


# ---------------------------------------------------------------------------------------------------
# Document model shared by the HTML and DOCX renderings.

@dataclass
class Para:
    text: str
    bullet: bool = False
    bold: bool = False
    struck: bool = False            # a whole decoy paragraph
    decoy_tail: str | None = None   # struck phrase appended after the text
    bold_suffix: str | None = None  # e.g. " NEW" shown in bold after the action title
    bold_prefix: str | None = None  # e.g. "We will" shown in bold before the commitment text


@dataclass
class CellSpec:
    paras: list[Para]
    bold: bool = False
    rowspan: int = 1                # > 1: merged down (HTML rowspan, Word vMerge)
    covered: bool = False           # slot covered by a rowspan above (no <td> in HTML, vMerge continue in Word)
    rag: str | None = None          # RAG word shown in the cell: coloured fill


@dataclass
class Row:
    cells: list[CellSpec]
    full_width: bool = False        # one cell spanning all columns (colspan / gridSpan)
    header: bool = False


@dataclass
class TablePart:
    n_cols: int
    rows: list[Row]
    widths_cm: tuple[float, ...] = ()


@dataclass
class TextPart:
    text: str
    heading: int | None = None
    bold: bool = False
    bold_suffix: str | None = None  # "Objective: " + bold objective


@dataclass
class Document:
    stem: str
    title: str
    parts: list[TablePart | TextPart] = field(default_factory=list)


def _sentences(text: str) -> list[str]:
    """Split at sentence ends so that joining the pieces with one space gives ``text`` back."""
    return [s for s in re.split(r"(?<=[.:;])\s+(?=[A-Z])", text) if s]


def _plain(texts: list[str], bullets: bool = False) -> list[Para]:
    return [Para(t, bullet=bullets) for t in texts]


def _progress_paras(items: list[str], style: str) -> list[Para]:
    if style == "bullets":
        return _plain(items, bullets=True)
    if style == "paras":
        return _plain(items)
    # "lead": first item and items ending with ':' are paragraphs, the rest bullets (seed 000).
    return [Para(t, bullet=i > 0 and not t.endswith(":")) for i, t in enumerate(items)]


def _action_para(action: str) -> Para:
    for suffix in (" NEW FOCUS", " NEW"):
        if action.endswith(suffix):
            return Para(action[: -len(suffix)], bold_suffix=suffix)
    return Para(action)


def _commitment_paras(text: str) -> list[Para]:
    paras, in_list = [], False
    for s in _sentences(text):
        if s.startswith("We will "):
            paras.append(Para(s[len("We will "):], bold_prefix="We will "))
            in_list = s.endswith(":")
        else:
            paras.append(Para(s, bullet=in_list))
    return paras


def _plant_decoys(rows: list[Row], column: int, every: int = 3) -> None:
    """Add struck decoys to the data rows' cell ``column``: a tail, a whole paragraph or a tag variant."""
    data = [r for r in rows if not r.header and not r.full_width and not r.cells[column].covered]
    for i, row in enumerate(data):
        cell = row.cells[column]
        if not cell.paras or i % every != 1:
            continue
        decoy = DECOYS[(i // every) % len(DECOYS)]
        if (i // every) % 2 == 0:
            cell.paras[-1].decoy_tail = decoy
        else:
            cell.paras.append(Para(decoy, struck=True))


def seed_to_parts(gold: dict, stem: str) -> Document:
    """Lay out one seed's gold records as its council document did (header words per seed)."""
    seed = stem.split("-")[1]
    records = gold["records"]
    doc = Document(stem=stem, title=gold.get("title") or "Equality Action Plan")
    build = {"000": _seed_000, "001": _seed_001, "002": _seed_002, "003": _seed_003, "004": _seed_004}[seed]
    build(doc, records, gold)
    return doc


def _sections(records: list[dict]) -> list[tuple[dict, list[dict]]]:
    groups: list[tuple[dict, list[dict]]] = []
    for r in records:
        if groups and groups[-1][0]["section"] == r["section"] and groups[-1][0]["objective"] == r["objective"]:
            groups[-1][1].append(r)
        else:
            groups.append((r, [r]))
    return groups


def _header(words: list[str]) -> Row:
    return Row([CellSpec([Para(w, bold=True)], bold=True) for w in words], header=True)


def _seed_000(doc: Document, records: list[dict], gold: dict) -> None:
    doc.title = "Equality Action Plan update"
    doc.parts.append(TextPart("Equality Action Plan update", heading=1))
    separators = {"Community Leader": " - ", "Service Provider": " – ", "Employer": " – "}
    for first, recs in _sections(records):
        role = first["section"]
        rows = [Row([CellSpec([Para(f"As {ROLE_ARTICLE[role]} {role}{separators[role]}{first['objective']}", bold=True)],
                              bold=True)], full_width=True)]
        kind = None
        for r in recs:
            if r["kind"] != kind:
                kind = r["kind"]
                words = ["Measurement", "Current Performance"] if kind == "measure" else (
                    ["Action", "Current Performance"] if role == "Service Provider" else ["Action", "Progress update"])
                rows.append(_header(words))
            rows.append(Row([CellSpec([Para(r["action"])]),
                             CellSpec(_progress_paras(r["progress"], "paras" if kind == "measure" else "lead"))]))
        _plant_decoys(rows, 1)
        doc.parts.append(TablePart(2, rows, (7.0, 17.0)))


def _seed_001(doc: Document, records: list[dict], gold: dict) -> None:
    doc.parts.append(TextPart(gold["title"], heading=1))
    for first, recs in _sections(records):
        role = first["section"]
        doc.parts.append(TextPart(f"As {ROLE_ARTICLE[role]} {role}", heading=2))
        doc.parts.append(TextPart("Objective", bold=True))
        doc.parts.append(TextPart(first["objective"]))
        rows = [_header(["Agreed Actions", "Progress", "Issues & Next steps"])]
        for r in recs:
            rows.append(Row([CellSpec([Para(r["action"])]), CellSpec(_progress_paras(r["progress"], "bullets")),
                             CellSpec(_progress_paras(r["issues"], "bullets"))]))
        _plant_decoys(rows, 1)
        _plant_decoys(rows, 2, every=4)
        doc.parts.append(TablePart(3, rows, (7.0, 9.5, 7.5)))


def _seed_002(doc: Document, records: list[dict], gold: dict) -> None:
    doc.title = "Equality Action Plan 2017-18"
    doc.parts.append(TextPart("Equality Action Plan 2017-18", heading=1))
    rows = [_header(["Action Title", "Actions", "Responsible officer", "How will we know that this done?",
                     "To be delivered by:"])]
    for first, recs in _sections(records):
        role = first["section"]
        rows.append(Row([CellSpec([Para(f"As {ROLE_ARTICLE[role]} {role}: {first['objective']}", bold=True)],
                                  bold=True)], full_width=True))
        for r in recs:
            rows.append(Row([
                CellSpec([Para(r["action"])]),
                CellSpec(_plain(_sentences(r["detail"] or ""))),
                CellSpec(_plain(r["responsible"])),
                CellSpec(_plain(r["measures"], bullets=True)),
                CellSpec([Para(r["timescale"])] if r["timescale"] else []),
            ]))
    _plant_decoys(rows, 2)
    _plant_decoys(rows, 1, every=4)
    doc.parts.append(TablePart(5, rows, (5.0, 6.0, 4.5, 6.0, 2.5)))


def _seed_003(doc: Document, records: list[dict], gold: dict) -> None:
    doc.parts.append(TextPart(f"{gold['title']} {gold['period']}", heading=1))
    doc.parts.append(TextPart(
        "The Corporate Improvement Plan explains the key workstreams for the Council's improvement journey, the "
        "drivers for improvement as well as priority services and projects for improvement."))
    doc.parts.append(TextPart(
        "Progress on the improvement workstreams and the projects that sit in these workstreams is reported to "
        "Cabinet as part of the performance report every six months. The most recent progress report for 2013/14 "
        "is shown below."))
    rows: list[Row] = []
    section = None
    for r in records:
        if r["section"] != section:
            section = r["section"]
            rows.append(Row([CellSpec([Para(section, bold=True)], bold=True),
                             CellSpec([Para(r["section_status"], bold=True)], bold=True, rag=r["section_status"])]))
        status = r["status"] or ("For info" if r["action"] == "Other work" else "N/A")
        rows.append(Row([CellSpec([Para(r["action"], bold=True)], bold=True),
                         CellSpec([Para(status, bold=bool(r["status"]))], bold=bool(r["status"]), rag=r["status"])]))
        items = r["progress"]
        for start in range(0, len(items), 6):   # long updates run over several rows, as across pages
            rows.append(Row([CellSpec(_plain(items[start:start + 6]))], full_width=True))
    # Decoys only in full-width progress rows: a struck paragraph at the end of every fourth one.
    progress_rows = [row for row in rows if row.full_width]
    for i, row in enumerate(progress_rows):
        if i % 4 == 2:
            row.cells[0].paras.append(Para(DECOYS[i % len(DECOYS)], struck=True))
        elif i % 4 == 0 and i:
            row.cells[0].paras[-1].decoy_tail = DECOYS[(i + 1) % len(DECOYS)]
    doc.parts.append(TablePart(2, rows, (20.0, 4.0)))


def _seed_004(doc: Document, records: list[dict], gold: dict) -> None:
    doc.parts.append(TextPart(f"Appendix 2 – {gold['title']} {gold['period']}.", heading=1))
    for first, recs in _sections(records):
        role = first["section"]
        doc.parts.append(TextPart(f"As {ROLE_ARTICLE[role]} {role}", bold=True))
        doc.parts.append(TextPart("Objective: ", bold_suffix=first["objective"]))
        rows = [_header(["Commitments", "Action Title", "Actions", "Responsible Service", "Timescale for delivery"])]
        i = 0
        while i < len(recs):
            j = i
            while j < len(recs) and recs[j]["commitment"] == recs[i]["commitment"]:
                j += 1
            group = [row for r in recs[i:j] for row in _action_rows(r, split=doc.stem.endswith("merged-actions"))]
            group[0].cells[0] = CellSpec(_commitment_paras(recs[i]["commitment"]), rowspan=len(group))
            rows.extend(group)
            i = j
        _plant_decoys(rows, 2)
        _plant_decoys(rows, 3, every=4)
        doc.parts.append(TablePart(5, rows, (6.0, 5.0, 7.0, 4.0, 3.0)))


def _action_rows(r: dict, split: bool) -> list[Row]:
    """One row per record; with ``split``, a record whose timescale lists several deadlines ("March 2024;
    March 2024; March 2024") becomes one row per deadline under an Action Title cell merged down them, as
    the council's Word table had it.  The commitment cell (column 0) is left covered for the caller."""
    parts = (r["timescale"] or "").split("; ") if split else [r["timescale"]]
    n = len(parts)
    if n == 1:
        return [Row([CellSpec([], covered=True), CellSpec([_action_para(r["action"])]),
                     CellSpec(_plain(_sentences(r["detail"] or ""))), CellSpec(_plain(r["responsible"])),
                     CellSpec([Para(r["timescale"])] if r["timescale"] else [])])]
    sentences, services = _sentences(r["detail"] or ""), r["responsible"]
    rows = []
    for k, timescale in enumerate(parts):
        rows.append(Row([
            CellSpec([], covered=True),
            CellSpec([_action_para(r["action"])], rowspan=n) if k == 0 else CellSpec([], covered=True),
            CellSpec(_plain(_chunk(sentences, n, k))),
            CellSpec(_plain(_chunk(services, n, k))),
            CellSpec([Para(timescale)]),
        ]))
    return rows


def _chunk(items: list[str], n: int, k: int) -> list[str]:
    """The k-th of n consecutive chunks of ``items`` (earlier chunks one longer), e.g. 4 over 3 -> 2, 1, 1."""
    size, extra = divmod(len(items), n)
    start = k * size + min(k, extra)
    return items[start:start + size + (1 if k < extra else 0)]


def load_seeds() -> list[tuple[str, dict]]:
    """Return (seed number, gold) for every seed gold file, in order."""
    return [(p.name[:3], json.loads(p.read_text(encoding="utf-8"))) for p in sorted(SEEDS.glob("*.json"))]


def write_gold(gold: dict, path: Path, fmt: str) -> None:
    copy = dict(gold, file=path.name, format=fmt)
    path.with_suffix(".json").write_text(json.dumps(copy, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------------
# HTML rendering

FONT = "font-size:10.0pt;font-family:\"Arial\",sans-serif"
RAG_FILL = {"GREEN": "#00B050", "AMBER": "#FFC000", "RED": "#FF0000"}
STRIKE_TAGS = ("s", "strike", "del", "span style='text-decoration:line-through'")


def _word_text(text: str, nbsp_after_stop: bool) -> str:
    out = escape(text, quote=False)
    if nbsp_after_stop:
        # Word writes two spaces after a full stop as ".&nbsp; ".
        out = out.replace(". ", ".&nbsp; ", 1)
    return out


def _struck(text: str, n: int) -> str:
    tag = STRIKE_TAGS[n % len(STRIKE_TAGS)]
    close = tag.split()[0]
    return f"<{tag}>{escape(text, quote=False)}</{close}>"


class _Counter:
    n = 0


def _para_html(p: Para, counter: _Counter, in_cell: bool = True) -> str:
    counter.n += 1
    body = _word_text(p.text, nbsp_after_stop=counter.n % 3 == 0)
    inner = f"<span style='{FONT}'><span lang=EN-GB>{body}</span></span>"
    if p.struck:
        inner = f"<span style='{FONT}'>{_struck(p.text, counter.n)}</span>"
    if p.bold:
        inner = f"<b>{inner}</b>"
    if p.bold_prefix:
        inner = f"<b><span style='{FONT}'>{escape(p.bold_prefix.strip())}</span></b><span style='{FONT}'> </span>{inner}"
    if p.bold_suffix:
        inner += f"<span style='{FONT}'> </span><b><span style='{FONT}'>{escape(p.bold_suffix.strip())}</span></b>"
    if p.decoy_tail:
        inner += f"<span style='{FONT}'> {_struck(p.decoy_tail, counter.n)}</span>"
    inner += "<o:p></o:p>"
    if p.bullet:
        glyph = ("<![if !supportLists]><span style='font-size:10.0pt;font-family:Symbol;mso-fareast-font-family:Symbol;"
                 "mso-bidi-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt \"Times New Roman\"'>"
                 "&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>")
        return (f"<p class=MsoListParagraphCxSpMiddle style='margin-left:18.0pt;mso-add-space:auto;"
                f"text-indent:-18.0pt;mso-list:l0 level1 lfo1'>{glyph}{inner}</p>")
    return f"<p class=MsoNormal>{inner}</p>"


def _cell_html(cell: CellSpec, width_cm: float, counter: _Counter, colspan: int = 1, header: bool = False) -> str:
    attrs = f" width={int(width_cm * 37.8)} valign=top"
    if colspan > 1:
        attrs += f" colspan={colspan}"
    if cell.rowspan > 1:
        attrs += f" rowspan={cell.rowspan}"
    background = "background:#D9D9D9;" if header else (f"background:{RAG_FILL[cell.rag]};" if cell.rag in RAG_FILL else "")
    style = f"width:{width_cm:.1f}cm;border:solid windowtext 1.0pt;{background}padding:0cm 5.4pt 0cm 5.4pt"
    body = "".join(_para_html(p, counter) for p in cell.paras) or "<p class=MsoNormal>&nbsp;</p>"
    return f"  <td{attrs} style='{style}'>\n  {body}\n  </td>\n"


def _table_html(table: TablePart, counter: _Counter) -> str:
    out = ["<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
           "style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;"
           "mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"]
    widths = table.widths_cm or tuple(24.0 / table.n_cols for _ in range(table.n_cols))
    for i, row in enumerate(table.rows):
        extra = ";mso-yfti-firstrow:yes" if i == 0 else ""
        if row.header:
            extra += ";mso-row-margin-left:0cm"
        out.append(f" <tr style='mso-yfti-irow:{i}{extra}'>\n")
        if row.full_width:
            out.append(_cell_html(row.cells[0], sum(widths), counter, colspan=table.n_cols))
        else:
            for cell, width in zip(row.cells, widths):
                if not cell.covered:
                    out.append(_cell_html(cell, width, counter, header=row.header))
        out.append(" </tr>\n")
    out.append("</table>\n")
    return "".join(out)


def _text_html(part: TextPart, counter: _Counter) -> str:
    text = escape(part.text, quote=False)
    if part.heading:
        return f"<h{part.heading}><span style='font-family:\"Arial\",sans-serif'>{text}</span></h{part.heading}>\n"
    body = f"<span style='{FONT}'>{text}</span>"
    if part.bold:
        body = f"<b>{body}</b>"
    if part.bold_suffix:
        body += f"<b><span style='{FONT}'>{escape(part.bold_suffix)}</span></b>"
    return f"<p class=MsoNormal>{body}<o:p></o:p></p>\n"


SITE_TOP = """<div id="cookie-banner" class="cookie-banner" role="region" aria-label="Cookies on this site">
  <p>We use some essential cookies to make this website work. We'd like to set additional cookies to understand how you use the site.</p>
  <button type="button" class="button">Accept additional cookies</button> <button type="button" class="button">Reject additional cookies</button>
  <a href="/cookies">View cookies</a>
</div>
<a href="#main-content" class="skip-link">Skip to main content</a>
<header class="site-header" role="banner">
  <a href="/" class="site-header__logo">Maidstone Borough Council</a>
  <form role="search" action="/search"><label for="q">Search this site</label><input id="q" name="q" type="search"><button>Search</button></form>
  <nav class="site-nav" aria-label="Main menu"><ul>
    <li><a href="/bins-and-recycling">Bins and recycling</a></li><li><a href="/council-tax">Council Tax</a></li>
    <li><a href="/planning">Planning and building</a></li><li><a href="/councillors">Your Councillors</a></li>
    <li><a href="/jobs">Jobs and careers</a></li><li><a href="/report-it">Report it</a></li></ul></nav>
</header>
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>
  <li><a href="/">Home</a></li><li><a href="/council-and-democracy">Council and democracy</a></li>
  <li><a href="/equality">Equality and diversity</a></li><li>{title}</li></ol></nav>
"""
SITE_BOTTOM = """<aside class="related-links" role="complementary"><h2>Related pages</h2><ul>
  <li><a href="/equality-impact-assessments">Equality impact assessments</a></li>
  <li><a href="/your-councillors">Your Councillors</a></li></ul></aside>
<footer class="site-footer" role="contentinfo"><ul>
  <li><a href="/a-z">Our A-Z of services</a></li><li><a href="/contact">Contact us</a></li>
  <li><a href="/accessibility">Accessibility statement</a></li><li><a href="/privacy">Privacy and cookies</a></li></ul>
  <p>&copy; Maidstone Borough Council, Maidstone House, King Street, Maidstone ME15 6JQ</p></footer>
<script>window.dataLayer = window.dataLayer || []; document.getElementById("cookie-banner").hidden = false;</script>
"""


def document_to_html(doc: Document, charset: str, with_main: bool) -> bytes:
    counter = _Counter()
    body = []
    seen_table = False
    for part in doc.parts:
        if isinstance(part, TablePart):
            body.append(_table_html(part, counter))
            body.append("<p class=MsoNormal><o:p>&nbsp;</o:p></p>\n")
            seen_table = True
        else:
            if seen_table and part.text.startswith("As "):
                # Word keeps the document's page break before each new section in its web export.
                body.append("<span style='font-size:10.0pt;font-family:\"Arial\",sans-serif'><br clear=all "
                            "style='mso-special-character:line-break;page-break-before:always'>\n</span>\n")
            body.append(_text_html(part, counter))
    meta = (f'<meta http-equiv=Content-Type content="text/html; charset={charset}">' if charset != "utf-8"
            else '<meta charset="utf-8">')
    content = "<div class=WordSection1>\n" + "".join(body) + "</div>\n"
    if with_main:
        content = f'<main id="main-content" role="main">\n{content}</main>\n'
    else:
        content = f'<div id="content" class="content-area">\n{content}</div>\n'
    page = f"""<!DOCTYPE html>
<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" lang="en">
<head>
{meta}
<meta name=Generator content="Microsoft Word 15 (filtered medium)">
<title>{escape(doc.title)} | Maidstone Borough Council</title>
<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>Policy and Information</o:Author></o:DocumentProperties></xml><![endif]-->
<style>
<!-- p.MsoNormal {{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif;}}
p.MsoListParagraphCxSpMiddle {{margin-left:36.0pt;}} -->
.cookie-banner {{background:#1d1d1b;color:#fff}}
</style>
<script src="/static/site.js"></script>
</head>
<body lang=EN-GB style='tab-interval:36.0pt'>
{SITE_TOP.format(title=escape(doc.title))}{content}{SITE_BOTTOM}</body>
</html>
"""
    return page.encode(charset, errors="xmlcharrefreplace")


# Seeds 000/002/004: Word's windows-1252 export inside the current site template; 001/003: UTF-8 in the
# older template that has no <main>.
VARIANTS = {"000": ("windows-1252", True), "001": ("utf-8", False), "002": ("windows-1252", True),
            "003": ("utf-8", False), "004": ("windows-1252", True)}


BAD = REPO / "tests" / "data" / "bad"
_BAD_TABLE = """<table border=1><tr><th>Action</th><th>Progress update</th></tr>
<tr><td>Caf\u00e9 culture review \u2013 phase 2</td><td>\u00a35,000 spent on the \u2018Inclusive Maidstone\u2019 campaign; \u00bd of wards reached.</td></tr>
</table>"""


def write_bad_fixtures() -> None:
    """HTML that is awkward rather than wrong: declared/undeclared 8-bit encodings, scripts and remote
    resources that must never run or load, and tag soup."""
    BAD.mkdir(parents=True, exist_ok=True)
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            f"<title>Progress \u2013 2016</title></head><body>{_BAD_TABLE}</body></html>")
    (BAD / "bad-windows-1252.html").write_bytes(page.encode("cp1252"))
    # No declared charset and bytes that are not UTF-8 (\xe9, \xa3, \xbd): an old page saved as latin-1.
    page = f"<html><head><title>Progress</title></head><body>{_BAD_TABLE.replace(chr(0x2013), '-').replace(chr(0x2018), chr(39)).replace(chr(0x2019), chr(39))}</body></html>"
    (BAD / "bad-latin1-undeclared.html").write_bytes(page.encode("latin-1"))
    (BAD / "bad-scripts-and-remote.html").write_text("""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Scripts</title>
<link rel="stylesheet" href="http://example.invalid/site.css">
<script src="http://example.invalid/tracker.js"></script>
<script>document.write("<p>INJECTED BY SCRIPT</p>"); fetch("http://example.invalid/beacon");</script>
</head><body onload="alert('ONLOAD')">
<noscript><p>Please enable JavaScript NOSCRIPT</p></noscript>
<template><p>TEMPLATE CONTENT</p></template>
<iframe src="http://example.invalid/frame.html">IFRAME FALLBACK</iframe>
<object data="http://example.invalid/movie.swf">OBJECT FALLBACK</object>
<img src="http://example.invalid/logo.png" alt="Council logo">
<h1>Equality Action Plan</h1>
<p style="display:none">HIDDEN PARAGRAPH</p>
<table><tr><th>Action</th><th>Progress update</th></tr>
<tr><td>Publish the plan<svg><text>SVG TEXT</text></svg></td><td onclick="steal()">Published in May.<script>var x = "CELL SCRIPT";</script></td></tr>
</table>
<form action="http://example.invalid/submit"><input name="q" value="INPUT VALUE"><button>BUTTON TEXT</button></form>
</body></html>
""", encoding="utf-8")
    # Tag soup: unclosed cells/rows/paragraphs, a stray </div>, no </table>, bold crossing a cell boundary.
    (BAD / "bad-tag-soup.html").write_text("""<html><body><div><p>Intro paragraph<p>Second paragraph</div></div>
<table><tr><td>Action<td>Progress update
<tr><td><b>Fix the roof<td>Quotes received
<tr><td>Paint the hall<td><p>Started<p>Half done
</body></html>
""", encoding="utf-8")
    print(f"wrote {BAD.relative_to(REPO)}/bad-*.html")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    write_bad_fixtures()
    for seed, gold in load_seeds():
        stems = [f"seed-{seed}-word-export"] + ([f"seed-{seed}-merged-actions"] if seed == "004" else [])
        for stem in stems:
            path = OUT / f"{stem}.html"
            charset, with_main = VARIANTS[seed] if stem.endswith("word-export") else ("utf-8", True)
            path.write_bytes(document_to_html(seed_to_parts(gold, path.stem), charset, with_main))
            write_gold(gold, path, "html")
            print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
