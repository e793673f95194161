"""A one-file run reads the document while the tagger is built (issue #20: start-up under 1.5 s).

The first tagged document of an in-process run goes through
:func:`pipeline.batch.read_while_tagger_builds`: a runner forked first builds the tagger while this
process reads the file untagged in its own runner, then the first runner tags it.  It must give exactly what
the ordinary guarded path gives, and the deadline must still hold.  Each check runs in a fresh
interpreter, because the overlap only happens where the tagger is not built yet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PDF = REPO / "tests" / "data" / "new_user" / "kpi-report-q2.pdf"
TEXT = REPO / "data" / "raw" / "002_be210f0cadcd6921.txt"

SCRIPT = """
import json, sys
from pathlib import Path
from extractors import Settings
from pipeline import batch
path = Path(sys.argv[1])
settings = Settings.resolve(None)
first, _ = batch.read_while_tagger_builds(path, settings, None)
again, _ = batch.process_document(str(path), settings, True)
def shape(result):
    doc = result.document
    return {"error": doc.error_code, "records": [r.action for r in result.records],
            "entities": sorted((e.field, e.start, e.end, e.label, e.text) for e in result.entities)}
print(json.dumps({"overlapped": shape(first), "ordinary": shape(again), "warm": sorted(batch._warm)}))
"""


def _run(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(path)], cwd=REPO, capture_output=True, text=True,
                         timeout=300, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_overlapped_first_document_equals_the_ordinary_path_pdf():
    got = _run(PDF)
    assert got["warm"] == [False, True]
    assert got["overlapped"]["error"] is None
    assert len(got["overlapped"]["records"]) == 4
    assert got["overlapped"]["entities"], "the overlapped path tagged nothing"
    assert got["overlapped"] == got["ordinary"]


def test_overlapped_first_document_equals_the_ordinary_path_text():
    got = _run(TEXT)
    assert len(got["overlapped"]["records"]) == 11
    assert got["overlapped"] == got["ordinary"]


def test_overlapped_tagging_keeps_the_deadline():
    """A tagger that hangs on the first document ends in E107 at the deadline, not a stalled run."""
    script = """
import sys, time
from pathlib import Path
from extractors import Settings
from pipeline import batch, nlp
nlp.tag_records = lambda records: time.sleep(60) or iter(())
from dataclasses import replace
settings = replace(Settings.resolve(None), max_seconds=3)
t = time.monotonic()
result, _ = batch.read_while_tagger_builds(Path(sys.argv[1]), settings, None)
print(result.document.error_code, round(time.monotonic() - t))
"""
    out = subprocess.run([sys.executable, "-c", script, str(TEXT)], cwd=REPO, capture_output=True, text=True,
                         timeout=120, check=True)
    code, seconds = out.stdout.split()
    assert code == "E107"
    assert int(seconds) < 30


def test_a_slow_tagger_build_is_not_charged_to_the_first_documents_deadline():
    """Under load the tagger's build can outlast a short --max-seconds; the document must still pass."""
    script = """
import sys, time
from dataclasses import replace
from pathlib import Path
from extractors import Settings
from pipeline import batch
build = batch.build_tagger
def slow_build():
    time.sleep(4)
    build()
batch.build_tagger = slow_build
settings = replace(Settings.resolve(None), max_seconds=2)
result, _ = batch.read_while_tagger_builds(Path(sys.argv[1]), settings, None)
print(result.document.error_code, len(result.records), bool(result.entities))
"""
    out = subprocess.run([sys.executable, "-c", script, str(TEXT)], cwd=REPO, capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.split() == ["None", "11", "True"]
