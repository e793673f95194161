"""Write the invented item-heading pages that tests/test_item_headings.py reads (issue 18, a new user's
"Our commitments" page): each item is a heading (an HTML h3, a Word Heading 3, a bold Word paragraph, a
plain-text title line) over its "Lead:" / "Status:" / "Due:" lines and one unlabelled description
paragraph, either AFTER the label lines or BEFORE them; a page intro paragraph stands above the first
item.

- ``pledges-h3-description-after.html``  (windows-1252, no charset declared; an h2 theme between items)
- ``pledges-h3-description-before.html``
- ``pledges-heading3-description-after.docx``
- ``pledges-bold-titles-description-before.docx``
- ``pledges-title-lines-description-after.txt``
- ``pledges-title-lines-description-before.txt``
- ``pledges-h3-long-descriptions-before.html``, ``pledges-bold-titles-long-descriptions-before.docx``,
  ``pledges-title-lines-long-descriptions-before.txt``, ``pledges-h3-long-descriptions-after.html``: the
  same pledges with descriptions of two, three, one and four paragraphs (the trial's page had two: its
  second paragraph became the action, the title and first paragraph were set aside)

Run ``.venv/bin/python tests/data/item_headings/make_item_headings.py``; the files are committed beside
it (a DOCX zip holds the time it was written; its content is the same every time).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docx import Document

OUT = Path(__file__).resolve().parent

COUNCIL = "Hollinsford Borough Council"
PAGE = "Our pledges to residents 2025 to 2028"
INTRO = "Each pledge below shows the service leading it, where it stands and when it is due – updated every quarter."
# (theme, title, lead, status, due, description)
PLEDGES = [
    ("Thriving neighbourhoods", "Reopen the Hollinsford lido for summer swimming", "Leisure Services", "On track",
     "June 2026", "The pool tank has been relined and the changing rooms are being rebuilt by a local contractor."),
    ("Thriving neighbourhoods", "Spend £450,000 on new street lighting in Marsh End", "Highways", "Behind schedule",
     "October 2025", "Supply problems with the lamp columns mean the last two streets will be finished in winter."),
    ("A cleaner borough", "Collect food waste from every household", "Waste and Recycling", "Complete",
     "April 2025", "Weekly food waste collections now reach all 41,000 homes in the borough."),
    ("A cleaner borough", "Plant a community orchard in each ward", "Parks and Countryside", "Cancelled",
     "March 2027", "The pledge was withdrawn when the grant that paid for the trees ended."),
]

# The descriptions of LONG pages: two, three, one and four paragraphs (the first of each is PLEDGES').
LONG = [
    (PLEDGES[0][5], "Lifeguards are being recruited over the winter."),
    (PLEDGES[1][5], "Residents chose the lamp design at two drop-in sessions.",
     "The new lamps use a third of the power of the old ones."),
    (PLEDGES[2][5],),
    (PLEDGES[3][5], "Two wards had already planted orchards of their own.",
     "The saplings bought so far went to school grounds.", "Friends groups will still be supported.")
]


def _html(description_first: bool, themes: bool, descriptions: list[tuple[str, ...]] | None = None) -> str:
    parts = [f"<html><head><title>{PAGE} - {COUNCIL}</title></head><body>",
             f"<h1>{COUNCIL}</h1>", f"<h2>{PAGE}</h2>", f"<p>{escape(INTRO)}</p>"]
    theme = None
    for n, (th, title, lead, status, due, desc) in enumerate(PLEDGES):
        if themes and th != theme:
            parts.append(f"<h2>{th}</h2>")
            theme = th
        labels = f"<p>Lead: {lead}</p><p>Status: {status}</p><p>Due: {due}</p>"
        body = "".join(f"<p>{escape(d)}</p>" for d in (descriptions[n] if descriptions else (desc,)))
        parts.append(f"<h3>{escape(title)}</h3>" + (body + labels if description_first else labels + body))
    parts.append("</body></html>")
    return "\n".join(parts)


def _docx(path: Path, description_first: bool, bold_titles: bool,
          descriptions: list[tuple[str, ...]] | None = None) -> None:
    doc = Document()
    doc.add_paragraph(COUNCIL)
    doc.add_heading(PAGE, level=1)
    doc.add_paragraph(INTRO)
    for n, (_, title, lead, status, due, desc) in enumerate(PLEDGES):
        if bold_titles:
            doc.add_paragraph().add_run(title).bold = True
        else:
            doc.add_heading(title, level=3)
        lines = [f"Lead: {lead}", f"Status: {status}", f"Due: {due}"]
        body = list(descriptions[n] if descriptions else (desc,))
        for text in ([*body, *lines] if description_first else [*lines, *body]):
            doc.add_paragraph(text)
    doc.save(path)


def _text(description_first: bool, descriptions: list[tuple[str, ...]] | None = None) -> str:
    out = [COUNCIL, "", PAGE, "", INTRO, ""]
    for n, (_, title, lead, status, due, desc) in enumerate(PLEDGES):
        labels = [f"Lead: {lead}", f"Status: {status}", f"Due: {due}"]
        body = [line for d in (descriptions[n] if descriptions else (desc,)) for line in (d, "")][:-1]
        block = [title, "", *body, "", *labels] if description_first else [title, *labels, "", *body]
        out += [*block, "", ""]
    return "\n".join(out)


def main() -> None:
    (OUT / "pledges-h3-description-after.html").write_bytes(_html(False, themes=True).encode("cp1252"))
    (OUT / "pledges-h3-description-before.html").write_text(_html(True, themes=False), encoding="utf-8")
    _docx(OUT / "pledges-heading3-description-after.docx", description_first=False, bold_titles=False)
    _docx(OUT / "pledges-bold-titles-description-before.docx", description_first=True, bold_titles=True)
    (OUT / "pledges-title-lines-description-after.txt").write_text(_text(False), encoding="utf-8")
    (OUT / "pledges-title-lines-description-before.txt").write_text(_text(True), encoding="utf-8")
    (OUT / "pledges-h3-long-descriptions-before.html").write_text(_html(True, False, LONG), encoding="utf-8")
    (OUT / "pledges-h3-long-descriptions-after.html").write_text(_html(False, False, LONG), encoding="utf-8")
    _docx(OUT / "pledges-bold-titles-long-descriptions-before.docx", True, True, LONG)
    (OUT / "pledges-title-lines-long-descriptions-before.txt").write_text(_text(True, LONG), encoding="utf-8")


if __name__ == "__main__":
    main()
