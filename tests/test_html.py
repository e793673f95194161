"""HTML extractor: Word-export renderings of the gold seeds, the real Oxford City Council page, bad input."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from conftest import DATA
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from extractors import FORMATS, extract, extractor_for
from extractors.base import Cell, Layout, Settings, Table, Text
from extractors.html import HtmlExtractor, html_to_layout
from pipeline.evaluate import evaluate_results
from pipeline.run import run_document

HTML_DIR = DATA / "html"
BAD = DATA / "bad"
RENDERINGS = sorted(HTML_DIR.glob("*.html"))
DECOYS = (  # tests/data/make_html.py DECOYS: struck through in every rendering
    "Superseded by the 2019 service review",
    "Target date moved to December 2016",
    "Corporate Property team",
    "Action withdrawn at Cabinet",
    "Funding bid unsuccessful",
)
FURNITURE = ("Your Councillors", "Our A-Z", "cookies", "Skip to main content", "Council and democracy",
             "Related pages", "Accessibility statement", "Bins and recycling")
# Reached on 2026-11-23 with pipeline/structure.py as of that day (never lower; raise when it improves).
MIN_RECORD_F1 = 1.0
# (Seed 003 scored 0.967 until pipeline/structure.py counted a full-width row's colspan copies once.)
MIN_FIELD_SCORE: dict[str, float] = {}
DEFAULT_MIN_FIELD = 0.999


@pytest.fixture(scope="module")
def layouts() -> dict[str, Layout]:
    return {p.name: extract(p) for p in RENDERINGS}


def test_every_seed_has_an_html_rendering_with_gold():
    assert [p.name for p in RENDERINGS] == [f"seed-00{i}-word-export.html" for i in range(4)] + [
        "seed-004-merged-actions.html", "seed-004-word-export.html"]
    for p in RENDERINGS:
        gold = json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))
        assert (gold["file"], gold["format"]) == (p.name, "html")


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.name)
def test_rendering_scores_against_gold(path: Path):
    report = evaluate_results(HTML_DIR, [run_document(path, tag=False)])
    doc = next(d for d in report.documents if d.file == path.name)
    assert doc.f1 >= MIN_RECORD_F1, (doc.misses, doc.extras)
    assert doc.field_score >= MIN_FIELD_SCORE.get(path.name, DEFAULT_MIN_FIELD)


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.name)
def test_no_furniture_and_no_struck_text_in_any_block(path: Path, layouts):
    layout = layouts[path.name]
    assert layout.format == "html"
    text = "\n".join(layout.texts())
    for phrase in FURNITURE + DECOYS:
        assert phrase not in text, phrase
    assert "\xa0" not in text and "·" not in text     # &nbsp; collapsed, Symbol bullet glyphs dropped
    assert any(w.startswith(("W102 page 1:", "W102 page 1-3:")) for w in layout.warnings)
    assert sum(c.struck_chars for t in layout.tables() for r in t.rows for c in r if not c.spanned) > 40


def test_struck_decoys_are_in_the_page_source_with_every_strike_markup():
    source = "\n".join(p.read_bytes().decode("cp1252", errors="replace") for p in RENDERINGS)
    for markup in ("<s>", "<strike>", "<del>", "text-decoration:line-through"):
        assert markup in source
    for phrase in DECOYS:
        assert phrase in source


def test_declared_windows_1252_and_title(layouts):
    layout = layouts["seed-004-word-export.html"]
    assert dict(layout.meta)["title"] == "EDI Action Plan | Maidstone Borough Council"
    assert not any(w.startswith("W105") for w in layout.warnings)
    texts = layout.texts()
    assert "Appendix 2 – EDI Action Plan 2023-24." in texts           # en dash byte \x96 decoded


def test_rowspan_commitment_is_copied_into_every_row(layouts):
    """Seed 004: the first commitment cell spans the ten Community Leader rows."""
    table = layouts["seed-004-word-export.html"].tables()[0]
    header, rows = table.rows[0], table.rows[1:]
    assert [c.text for c in header] == ["Commitments", "Action Title", "Actions", "Responsible Service",
                                        "Timescale for delivery"]
    assert len(rows) == 10 and table.n_cols == 5
    first = rows[0][0]
    assert not first.spanned and first.text.startswith("We will work closely with our partners")
    assert first.items[1] == ("Identify opportunities for joined up working and improving our ability to share "
                              "information to support and engage our wider communities.")
    assert first.bullets[:3] == (False, True, True)
    for row in rows[1:]:
        assert row[0].spanned and row[0].items == first.items
    assert rows[0][1].text == "Delivery of One View project - Ongoing Project"
    assert rows[2][1].text == "Develop a greater understanding of our communities through the Implementation of " \
                              "the Community Insight system - NEW"
    assert rows[1][3].items == ("Housing", "Revenues and Benefits", "Policy, Communities and Engagement")


def test_action_title_merged_down_its_extra_rows(layouts):
    """seed-004-merged-actions: "Implement the Diversity Calendar" spans three rows, one per deadline."""
    rows = layouts["seed-004-merged-actions.html"].tables()[0].rows
    calendar = [r for r in rows if r[1].text.startswith("Implement the Diversity Calendar")]
    assert [(r[1].spanned, r[4].text) for r in calendar] == [(False, "March 2024"), (True, "March 2024"),
                                                             (True, "March 2024")]
    assert calendar[0][2].items == ("Developing the use of a Diversity Calendar that reflects the curiosity and "
                                    "diversity of staff and the wider community.", "Dates of meaning to the "
                                    "organisation to be tied into existing events, community events, well-being week.")
    assert calendar[1][2].items == ("Internal 'celebration' – information in Inside MBC newsletter, books and "
                                    "art/culture recommendations.",)
    assert len(rows) == 1 + 10 + 2 and all(r[0].spanned for r in rows[2:])


def test_colspan_section_row_and_bullets(layouts):
    """Seed 002: bold full-width section rows; measures as Symbol-font bullets."""
    table = layouts["seed-002-word-export.html"].tables()[0]
    assert len(table.rows) == 15 and table.n_cols == 5
    section = table.rows[1]
    assert section[0].text == "As a Community Leader: We will engage with residents in an open and meaningful way."
    assert section[0].bold and not section[0].spanned
    assert all(c.spanned and c.text == section[0].text for c in section[1:])
    row = table.rows[4]
    assert row[0].text.startswith("Embed the principles of good consultation")
    assert row[3].items == ("Improvement in standard and consistency of consultation.",
                            "Wider engagement with hard to reach groups demonstrated by responses received.")
    assert row[3].bullets == (True, True)
    assert not row[0].bold


def test_text_outside_tables_in_order(layouts):
    """Seed 001: headings and the Objective paragraphs outside the tables, in reading order."""
    blocks = layouts["seed-001-word-export.html"].blocks
    kinds = [(type(b).__name__, getattr(b, "text", None), getattr(b, "heading_level", None)) for b in blocks[:5]]
    assert kinds == [
        ("Text", "Equalities Actions Update", 1),
        ("Text", "As a Community Leader", 2),
        ("Text", "Objective", None),
        ("Text", "To lead by example, to ensure every individual resident is connected and supported.", None),
        ("Table", None, None),
    ]
    assert blocks[2].bold and not blocks[3].bold
    assert sum(isinstance(b, Table) for b in blocks) == 3


def test_word_page_breaks_number_the_pages(layouts):
    """Seeds 001 and 004 carry Word's <br style='page-break-before:always'> before each later section."""
    layout = layouts["seed-001-word-export.html"]
    assert layout.pages == 3 and [t.page for t in layout.tables()] == [1, 2, 3]
    assert [b.page for b in layout.blocks if isinstance(b, Text) and b.text == "Objective"] == [1, 2, 3]
    assert layouts["seed-002-word-export.html"].pages == 1


def test_workstream_rows_keep_bold_and_rag_fill(layouts):
    table = layouts["seed-003-word-export.html"].tables()[0]
    first, project = table.rows[0], table.rows[1]
    assert [c.text for c in first] == ["Incremental Improvement workstream", "AMBER"]
    assert first[0].bold and first[1].fill == "amber"
    assert project[0].text.startswith("More proactive use of Covalent") and project[1].fill == "green"


# ----------------------------------------------------------------------------------------------- sniffing

def test_sniff_claims_pages_but_not_the_seed_text_files(seeds_dir: Path, public_dir: Path):
    sniff = HtmlExtractor().sniff
    texts = sorted(seeds_dir.glob("*.txt"))
    assert sum(b"<ul" in p.read_bytes() or b"<b>" in p.read_bytes() for p in texts) >= 3   # inline tags
    for p in texts:
        assert not sniff(p.read_bytes()[:2048]), p.name
        assert extractor_for(p).format == "text"
    for p in RENDERINGS + sorted(BAD.glob("bad-*.html")):
        assert extractor_for(p).format == "html", p.name
    oxford = public_dir / "OxfordCityCouncil_OxfordCityCouncil.github.io" / "local-digital-fund-application.html"
    assert oxford.read_bytes().startswith(b"<table")
    assert extractor_for(oxford).format == "html"
    assert "html" in FORMATS


# ----------------------------------------------------------------------------------------- the real page

@pytest.fixture(scope="module")
def oxford(public_dir: Path) -> Layout:
    return extract(public_dir / "OxfordCityCouncil_OxfordCityCouncil.github.io" / "local-digital-fund-application.html")


def test_oxford_nested_tables_in_reading_order(oxford: Layout):
    """A 1x1 wrapper table holds a label/value form table, which holds an Output/Action table (in the answer
    to question 5, under its own sentence) and a Resource/Cost table (the whole answer to question 11).
    The wrapper vanishes; a table nested in a cell with text of its own stays in that cell's text, one
    line per row (issue 12: ../shared/bugcases/min-html-nested-table-*); one that is the cell's only
    content is a table of its own, and the form is split around it: form (43 rows), Resource (6), form (4).
    Until 2026-11-30 the Output/Action table was split out too (34/8/9/6/4 rows)."""
    assert all(isinstance(b, Table) for b in oxford.blocks)
    assert [(len(t.rows), t.n_cols) for t in oxford.tables()] == [(43, 2), (6, 4), (4, 2)]
    form, resources, totals = oxford.tables()
    assert [c.text for c in form.rows[0]] == ["Lead authority", "Lead authority"]
    assert form.rows[0][1].spanned and form.rows[0][0].bold
    assert form.rows[1][1].text == "Oxford City Council"
    assert form.rows[18][1].items == ("North West", "South East", "West Midlands", "Yorkshire and the Humber")
    assert form.rows[18][1].bullets == (True,) * 4
    assert form.rows[32][0].text == "5. Impacts expected from funding"
    answer = form.rows[33][1].items
    assert answer[0].startswith("By 29 March 2019 the project will have") and answer[1] == "Output | Action"
    assert len(answer) == 9 and answer[-1].startswith("Case studies (use cases) | The outputs from our user research")
    assert form.rows[-1][0].text == "11. Team resources and your contribution to the project"
    assert [c.text for c in resources.rows[0]] == ["Resource", "Quantity required",
                                                   "Total cost/value for this application", "Who will pay"]
    assert [c.text for c in resources.rows[1]] == ["Digital agency services, to include a range of specialisms",
                                                   "Duration of the project", "£72,500", "Fund"]
    assert [c.text for c in totals.rows[1]] == ["", "£80,000"]
    assert totals.rows[3][1].text == "£27,000"


def test_oxford_runs_through_the_pipeline_without_an_exception(public_dir: Path):
    """A funding application form is not an action plan: extraction succeeds; the pipeline finds no records."""
    result = run_document(public_dir / "OxfordCityCouncil_OxfordCityCouncil.github.io" /
                          "local-digital-fund-application.html", tag=False)
    assert result.document.format == "html" and result.records == ()
    assert result.ok or "no action, measure or project table found in 1 page(s) (3 table(s), 0 paragraph(s))" \
        in result.document.error


# -------------------------------------------------------------------------------------------- bad input

def test_windows_1252_declared_in_meta():
    layout = extract(BAD / "bad-windows-1252.html")
    row = layout.tables()[0].rows[1]
    assert [c.text for c in row] == ["Café culture review – phase 2",
                                     "£5,000 spent on the ‘Inclusive Maidstone’ campaign; ½ of wards reached."]
    assert dict(layout.meta)["title"] == "Progress – 2016" and layout.warnings == ()


def test_latin1_without_declared_charset_falls_back_with_warning():
    layout = extract(BAD / "bad-latin1-undeclared.html")
    assert [c.text for c in layout.tables()[0].rows[1]] == [
        "Café culture review - phase 2", "£5,000 spent on the 'Inclusive Maidstone' campaign; ½ of wards reached."]
    assert layout.warnings == ("W105 text decoded as windows-1252 (not UTF-8); check accented characters and £ "
                               "signs, and if they are wrong run again with --encoding NAME --force",)


def test_forced_encoding_overrides_the_declaration():
    layout = extract(BAD / "bad-windows-1252.html", Settings(encoding="latin-1"))
    assert layout.tables()[0].rows[1][0].text == "Café culture review \x96 phase 2"


def test_scripts_never_run_and_nothing_is_fetched(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the HTML extractor tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    layout = extract(BAD / "bad-scripts-and-remote.html")
    assert layout.texts() == ["Equality Action Plan", "Action", "Progress update", "Publish the plan",
                                 "Published in May."]


def test_tag_soup_is_recovered():
    layout = extract(BAD / "bad-tag-soup.html")
    assert [b.text for b in layout.blocks if isinstance(b, Text)] == ["Intro paragraph", "Second paragraph"]
    table = layout.tables()[0]
    assert [[c.text for c in r] for r in table.rows] == [
        ["Action", "Progress update"], ["Fix the roof", "Quotes received"], ["Paint the hall", "Started\nHalf done"]]
    assert table.rows[2][1].items == ("Started", "Half done")


def test_inline_layout_model_details():
    layout = html_to_layout(
        b"<table><tr><td rowspan=2 colspan=2><b>Both</b></td><td>a</td></tr><tr><td>b</td></tr>"
        b"<tr><td><p>x<del> gone</del></p><p><strike>all gone</strike></p></td><td></td><td>c</td></tr></table>")
    rows = layout.tables()[0].rows
    assert [[(c.text, c.spanned) for c in r] for r in rows] == [
        [("Both", False), ("Both", True), ("a", False)],
        [("Both", True), ("Both", True), ("b", False)],
        [("x", False), ("", False), ("c", False)],
    ]
    assert rows[0][0].bold and rows[2][0].struck_chars == len("gone") + len("all gone")
    assert isinstance(rows[2][1], Cell) and rows[2][1].is_empty
    assert layout.warnings == ("W102 page 1: 12 characters of struck-through text dropped",)


def test_older_word_export_symbol_and_wingdings_bullets():
    layout = html_to_layout(
        b"<p class=MsoNormal style='margin-left:36pt;text-indent:-18pt'><span style='font-family:Symbol'>\xb7</span>"
        b"<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span>Report to Cabinet</p>"
        b"<p class=MsoNormal><span style='font-family:Wingdings'>\xa7</span>&nbsp; Second point</p>"
        b"<p class=MsoNormal>\xa7 5 of the Act</p>", settings=Settings(encoding="latin-1"))
    assert [(b.text, b.list_item) for b in layout.blocks] == [
        ("Report to Cabinet", True), ("Second point", True), ("\xa7 5 of the Act", False)]


_SOUP = st.one_of(
    st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=3>", "<td rowspan=0>",
                     "<td colspan=99999>", "<td rowspan=x>", "<p>", "</p>", "<b>", "</b>", "<s>", "</s>", "<del>",
                     "<ul>", "<li>", "</li>", "</ul>", "<br>", "<div style='page-break-before:always'>", "</div>",
                     "<span style='mso-list:Ignore'>·</span>", "<nav>", "</nav>", "<script>", "</script>",
                     "<p class=MsoListParagraph>", "&nbsp;", "<!-- c -->", "<h2>", "</h2>", "<caption>"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)


@given(st.lists(_SOUP, max_size=80))
@hsettings(max_examples=200, deadline=None)
def test_any_tag_soup_gives_a_well_formed_layout(parts):
    layout = html_to_layout("".join(parts).encode("utf-8"))
    for block in layout.blocks:
        if isinstance(block, Text):
            assert block.text and block.text == " ".join(block.text.split())
            continue
        assert block.rows and all(len(r) == block.n_cols for r in block.rows)
        for row in block.rows:
            for cell in row:
                assert cell.text == "\n".join(cell.items) and len(cell.bullets) == len(cell.items)
                assert all(item and item == " ".join(item.split()) for item in cell.items)


def test_utf16_page_with_bom_is_sniffed_and_decoded():
    data = "<!DOCTYPE html><html><body><p>Café – £5</p></body></html>".encode("utf-16")   # BOM + UTF-16-LE
    assert HtmlExtractor().sniff(data[:2048])
    assert [b.text for b in html_to_layout(data).blocks] == ["Café – £5"]


def test_docstring_examples():
    import doctest

    import extractors.html

    assert doctest.testmod(extractors.html).failed == 0
