"""extractors/text.py on the seed renderings, and bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import EmptyFile, UnsupportedFormat, extract, extractor_for
from extractors.base import Table, Text
from extractors.text import find_running_headers, parse_inline, text_to_layout


def tables(layout):
    return [b for b in layout.blocks if isinstance(b, Table)]


def test_running_headers_become_page_breaks(seeds_dir: Path):
    layout = extract(seeds_dir / "001_bc951520d11eea04.txt")
    assert layout.pages == 12
    assert dict(layout.meta) == {"running_header": "Appendix 1 Equalities Actions Update"}
    assert layout.warnings == ("W103 11 running header/footer lines removed ('Appendix 1 Equalities Actions Update')",)
    texts = [b.text for b in layout.blocks if isinstance(b, Text)]
    assert "Appendix 1 Equalities Actions Update" not in texts
    # The row that continues on page 2 keeps its page number.
    first = tables(layout)[0]
    assert [c.page for c in first.rows[3]] == [2, 2, 2]
    assert first.rows[3][0].is_empty


def test_seed_table_shapes(seeds_dir: Path):
    shapes = {}
    for p in sorted(seeds_dir.glob("*.txt")):
        layout = extract(p)
        shapes[p.name[:3]] = (layout.pages, len(tables(layout)), sum(len(t.rows) for t in tables(layout)))
    assert shapes == {
        "000": (1, 3, 53),
        "001": (12, 3, 33),
        "002": (1, 0, 0),      # the table was flattened to one paragraph per cell
        "003": (1, 5, 54),
        "004": (5, 1, 38),
    }


def test_inline_html_cell_items():
    items, bold, struck = parse_inline(
        '<ul style="list-style-type: none"> • Report taken (January 2020). • Compassionate Maidstone Awards '
        '<ul><li>○ Creation of dashboards</li></ul></ul>'
    )
    assert items == (
        ("Report taken (January 2020).", True),
        ("Compassionate Maidstone Awards", True),
        ("Creation of dashboards", True),
    )
    assert (bold, struck) == (False, ())


def test_struck_text_is_dropped_and_counted(seeds_dir: Path):
    layout = extract(seeds_dir / "004_59fe58fd6413823e.txt")
    struck = [c for t in tables(layout) for r in t.rows for c in r if c is not None and c.struck_chars]
    assert len(struck) == 1
    assert struck[0].struck_chars == 48
    assert "work stream on c" not in struck[0].text


def test_bold_cells_and_markdown_rows(seeds_dir: Path):
    layout = extract(seeds_dir / "003_8ba6588832b7b595.txt")
    rows = [r for t in tables(layout) for r in t.rows]
    waste = next(r for r in rows if r[0] is not None and r[0].text == "Waste & Recycling – new contract")
    assert [(c.text, c.bold) for c in waste] == [("Waste & Recycling – new contract", True), ("GREEN", True)]
    headings = [(b.heading_level, b.text) for b in layout.blocks if isinstance(b, Text) and b.heading_level]
    assert (4, "Finance") in headings and (2, "Organisational culture") in headings


def test_bullet_typed_with_a_tab_is_a_list_item(seeds_dir: Path):
    layout = extract(seeds_dir / "000_183e9267aebdd3be.txt")
    items = [b.text for b in layout.blocks if isinstance(b, Text) and b.list_item]
    assert "Visits to Gateway – reduced from 6.4% to 3.8%;" in items


def test_site_navigation_is_dropped(seeds_dir: Path):
    layout = extract(seeds_dir / "002_be210f0cadcd6921.txt")
    texts = [b.text for b in layout.blocks if isinstance(b, Text)]
    assert "Your Councillors" not in texts and "Our A-Z" not in texts
    assert texts[0] == "Responsible officer"
    assert texts[-1] == "May 2018"


def test_running_header_needs_a_table_around_it():
    lines = ["Appendix 1 Plan Update", "", "a\tb", "", "Appendix 1 Plan Update", "", "c\td"]
    assert find_running_headers(lines) == {"Appendix 1 Plan Update"}
    # A repeated paragraph in a table flattened to paragraphs (seed 002's officer) is content.
    assert find_running_headers(["Policy and Information team", "", "x", "", "Policy and Information team"]) == set()


def test_empty_file(tmp_path: Path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(EmptyFile, match="empty.txt: the file is empty"):
        extract(p)
    p.write_bytes(b"\n \n\t\n")
    with pytest.raises(EmptyFile, match="holds no text"):
        extract(p)


def test_binary_file_is_unsupported(tmp_path: Path):
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(UnsupportedFormat, match=r"image.png: not PDF, XLSX, ODS, DOCX, HTML or text .*convert it"):
        extractor_for(p)


def test_latin1_text_is_decoded_with_a_warning(seeds_dir: Path, tmp_path: Path):
    text = (seeds_dir / "004_59fe58fd6413823e.txt").read_text(encoding="utf-8")
    text = text.replace("–", "-").replace("’", "'")
    p = tmp_path / "latin1.txt"
    p.write_bytes(text.replace("Maidstone", "Maidstoné").encode("latin-1", errors="replace"))
    layout = extract(p)
    assert any(w.startswith("W105 text decoded as") for w in layout.warnings)
    cells = [c.text for t in tables(layout) for r in t.rows for c in r if c is not None]
    assert any("Maidstoné" in c for c in cells)


def test_json_and_xml_data_files_are_not_reports(gold_seeds_dir: Path, public_dir: Path):
    for p in (gold_seeds_dir / "004_59fe58fd6413823e.json", public_dir / "icdar2013/competition-dataset-eu/eu-001-str.xml"):
        with pytest.raises(UnsupportedFormat, match=f"{p.name}: not PDF, XLSX, ODS, DOCX, HTML or text"):
            extractor_for(p)


def test_page_numbers_and_navigation_are_dropped_and_counted_but_years_kept(seeds_dir: Path):
    layout = extract(seeds_dir / "002_be210f0cadcd6921.txt")
    assert "W103 3 running header/footer lines removed ('page numbers and site navigation')" in layout.warnings
    flat = text_to_layout("Action\n\nResponsible\n\nTimescale\n\nRun the staff survey\n\nHR team\n\n2025\n\n7 of 12\n", Path("x.txt"))
    assert [b.text for b in flat.blocks] == ["Action", "Responsible", "Timescale", "Run the staff survey", "HR team", "2025"]


def test_site_furniture_phrases_are_read_from_their_data_file(tmp_path: Path):
    from extractors.text import PATTERNS_DIR, site_furniture_pattern

    shipped = site_furniture_pattern(PATTERNS_DIR / "site_furniture.jsonl")
    assert [bool(shipped.match(t)) for t in ("Your Councillors", "Home ›", "page 7 of 12", "2025", "Contact us today")] \
        == [True, True, True, False, False]
    own = tmp_path / "furniture.jsonl"
    own.write_text('{"pattern": "back to top"}\n\n{"pattern": "print this page"}\n', encoding="utf-8")
    assert bool(site_furniture_pattern(own).match("Print this page")) and not site_furniture_pattern(own).match("our a-z")
    own.write_text('{"pattern": "ok"}\n{"pattern": "(unclosed"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"furniture.jsonl line 2: expected \{\"pattern\": REGEX\} with a valid regex"):
        site_furniture_pattern(own)
