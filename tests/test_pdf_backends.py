"""The PDFium backend against pdfplumber: the same records from the seeds' PDF renderings and the bug cases.

Every record field is compared; source coordinates (``records.sources``) to ``SOURCE_TOLERANCE_PT``, because
PDFium keeps glyph positions in single precision (119.36000061 against pdfminer's 119.36) and its x
positions drift along a line (see extractors/pdf/backend_pdfium.py).  The files whose
records still differ are listed in ``KNOWN_DIFFERENT`` with the reason; the test fails when another file
starts to differ and when a listed file stops differing (then take it off the list), and its message
lists every differing record field.  The backend becomes the default only when the list is empty.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, shared_path

from extractors.base import Settings
from extractors.pdf import with_pdf_settings
from extractors.pdf.backend_pdfium import PdfiumPage
from pipeline.run import run_document

PLUMBER = with_pdf_settings(Settings(), backend="pdfplumber")
PDFIUM = with_pdf_settings(Settings(), backend="pdfium")
COORDINATES = ("x0", "top", "x1", "bottom")
# Source boxes may differ by this much: PDFium's x drift along a line (0.675 pt on seed-000) moves an
# unruled column's edge, which is whole points, by one (seed-000-unruled: 795 -> 794).
SOURCE_TOLERANCE_PT = 1.0

# File -> why its records differ between the backends (measured; see the module docstring).
KNOWN_DIFFERENT: dict[str, str] = {
    # The yellow highlight's top is 3.00000000000011 pt below the row's rule in pdfminer (so not framed by
    # rules: ruled.framed_by's tolerance is 3 pt) and 2.99994 pt in PDFium (single precision): framed, its
    # sides become rules, the row is split at its bottom and "Partner" falls out of "HR Business Partner".
    "control-pdf-highlighted-words-in-cell.pdf": "a knife edge at the 3 pt snap tolerance, float precision",
}


def equivalence_set() -> list[Path]:
    """Every PDF under tests/data (the seeds' renderings, regression PDFs, the invented documents of each
    kind, the damaged ones of tests/data/bad), the PDFs of ../shared/bugcases and the development layouts'
    PDFs (never a held-out one: a failure would print its records)."""
    hidden = {ln.strip() for ln in (Path(__file__).parent / "holdout_layouts.txt").read_text().splitlines()
              if ln.strip() and not ln.startswith("#")}
    layouts = [p for p in sorted(shared_path("corpus/layouts").glob("*.pdf")) if p.name not in hidden]
    return sorted(DATA.rglob("*.pdf")) + sorted(shared_path("bugcases").glob("*.pdf")) + layouts


def _plain(value: Any) -> Any:
    """A record field as lists, dicts and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {k: _plain(v) for k, v in dataclasses.asdict(value).items()}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def same(a: Any, b: Any, tolerance_pt: float = SOURCE_TOLERANCE_PT) -> bool:
    """Equal values, floats (the coordinates of sources) within ``tolerance_pt``."""
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= tolerance_pt
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], tolerance_pt) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y, tolerance_pt) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def record_differences(path: Path) -> list[str]:
    """One line per record field that differs between the backends on ``path`` (empty: the same records)."""
    a, b = run_document(path, PLUMBER, tag=False), run_document(path, PDFIUM, tag=False)
    lines = []
    if a.document.error_code != b.document.error_code:
        lines.append(f"{path.name}: error {a.document.error_code} -> {b.document.error_code}")
    old = {r.seq: r for r in a.records}
    new = {r.seq: r for r in b.records}
    lines += [f"{path.name} record {seq}: only pdfplumber" for seq in sorted(old.keys() - new.keys())]
    lines += [f"{path.name} record {seq}: only pdfium" for seq in sorted(new.keys() - old.keys())]
    for seq in sorted(old.keys() & new.keys()):
        for f in dataclasses.fields(old[seq]):
            if f.name in {"record_id", "doc_id"}:
                continue
            x, y = _plain(getattr(old[seq], f.name)), _plain(getattr(new[seq], f.name))
            if not same(x, y):
                lines.append(f"{path.name} record {seq} {f.name}: {str(x)[:200]} -> {str(y)[:200]}")
    return lines


@pytest.mark.slow
def test_pdfium_backend_gives_pdfplumbers_records_on_the_equivalence_set() -> None:
    files = equivalence_set()
    assert len(files) == 43
    differing: dict[str, list[str]] = {}
    for path in files:
        lines = record_differences(path)
        if lines:
            differing[path.name] = lines
    listing = "\n".join(line for lines in differing.values() for line in lines)
    assert sorted(differing) == sorted(KNOWN_DIFFERENT), f"records that differ between the backends:\n{listing}"


def test_pdfium_characters_match_pdfminers_boxes_on_a_seed_rendering() -> None:
    """Every character of the ruled seed-000 page 1, in pdfminer's order, same box (x to 0.7 pt, y to 0.01 pt), same font."""
    import pdfplumber
    import pypdfium2

    path = DATA / "pdf" / "seed-000-ruled.pdf"
    with pdfplumber.open(path) as pdf:
        reference = pdf.pages[0].chars
    doc = pypdfium2.PdfDocument(str(path))
    try:
        page = PdfiumPage(doc, 0)
        chars = page.chars
        assert (page.width, page.height) == pytest.approx((841.89, 595.28), abs=0.01)
        page.close()
    finally:
        doc.close()
    assert len(chars) == len(reference) == 3307
    assert "".join(c["text"] for c in chars) == "".join(c["text"] for c in reference)
    for ours, theirs in zip(chars, reference, strict=True):
        # PDFium positions glyphs by whole thousandths of an em: x drifts along a line (0.675 pt at most here).
        assert [ours["x0"], ours["x1"]] == pytest.approx([theirs["x0"], theirs["x1"]], abs=0.7)
        assert [ours["top"], ours["bottom"]] == pytest.approx([theirs["top"], theirs["bottom"]], abs=0.01)
        assert ours["size"] == pytest.approx(theirs["size"], abs=0.01)
        assert ours["fontname"] == theirs["fontname"].split("+", 1)[-1]   # PDFium drops the subset tag


def test_pdfium_reads_rules_and_shading_as_pdfminer_does() -> None:
    """The highlighted-cell bug case: 10 ruling lines and the one yellow highlight rect, same places."""
    import pdfplumber
    import pypdfium2

    path = shared_path("bugcases", "control-pdf-highlighted-words-in-cell.pdf")
    with pdfplumber.open(path) as pdf:
        ref = pdf.pages[0].objects
        ref_lines = sorted(tuple(round(o[k], 2) for k in COORDINATES) for o in ref["line"])
        ref_rects = sorted(tuple(round(o[k], 2) for k in COORDINATES) for o in ref["rect"])
    doc = pypdfium2.PdfDocument(str(path))
    try:
        page = PdfiumPage(doc, 0)
        lines = sorted(tuple(round(o[k], 2) for k in COORDINATES) for o in page.lines)
        rects = page.rects
        page.close()
    finally:
        doc.close()
    assert len(lines) == 10 and lines == ref_lines
    assert [tuple(round(r[k], 2) for k in COORDINATES) for r in rects] == ref_rects
    assert rects[0]["fill"] and not rects[0]["stroke"]


def test_run_pdf_backend_option_reads_with_pdfium(tmp_path: Path) -> None:
    """`run --pdf-backend pdfium`: the seed-000 ruled rendering gives its 24 records, the same actions."""
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.store import read_table

    src = DATA / "pdf" / "seed-000-ruled.pdf"
    for backend in ("pdfplumber", "pdfium"):
        result = CliRunner().invoke(cli, ["-q", "run", str(src), "--out", str(tmp_path / backend), "--no-tag",
                                          "--workers", "1", "--pdf-backend", backend])
        assert result.exit_code == 0, result.output
    plumber = sorted(read_table(tmp_path / "pdfplumber", "records").to_pylist(), key=lambda r: r["seq"])
    pdfium = sorted(read_table(tmp_path / "pdfium", "records").to_pylist(), key=lambda r: r["seq"])
    assert len(pdfium) == len(plumber) == 24
    assert [r["action"] for r in pdfium] == [r["action"] for r in plumber]
    assert pdfium[0]["action"] == plumber[0]["action"] != ""


def test_pdf_backend_setting_names_the_choices() -> None:
    from extractors.pdf.settings import PdfSettings

    with pytest.raises(ValueError, match="PdfSettings.backend must be one of pdfplumber, pdfium, not 'mupdf'"):
        PdfSettings(backend="mupdf")
