"""Scanned pages: a page picture -> words with boxes and ruling lines, read by the PDF page reader.

A page with no text layer (``--ocr auto``, the default) or every page (``--ocr always``) is rendered
with pypdfium2 at ``OCR_DPI`` and read like this:

1. the picture is turned upright if the scan is a little skewed (the angle whose row profile is
   sharpest, within ±``MAX_SKEW_DEG``);
2. coloured pixels (RAG shading) are found and kept as filled rectangles, then whitened, so black text
   on a green cell is still black on white;
3. ruling lines are found by morphology on the black pixels (runs of dark pixels at least
   ``RULE_MIN_LENGTH_PT`` long, horizontal and vertical: an opening with a line-shaped element, with
   numpy) and erased before OCR, so Tesseract does not read a rule as "|" or "_";
4. Tesseract (the ``tesseract`` program, through its TSV output; Debian ``tesseract-ocr
   tesseract-ocr-eng``) gives words with boxes and a confidence each;
5. the words become characters and the rules lines of a pdfplumber page, so the same code as for a
   born-digital page finds its ruled or unruled tables, paragraphs and headings (``page.page_to_out``).

The words' confidences (0..1) travel on the Layout (``Layout.word_confidence``) and lower the
confidence of the records read from them (``pipeline/run.py``).  Tesseract runs with the time left
of the document's deadline (``Settings.max_seconds``) and an address-space limit of its memory ceiling.

Why the tesseract program through subprocess and not pytesseract or ocrmypdf: pytesseract writes the
picture to a temporary file and runs the same program, adding a dependency and nothing we use;
ocrmypdf writes a text layer without the rules, fills and word confidences the table reader needs
(issue #22: OCR'd copies scored 0.35 record F1 against 0.86 from the text layer).
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractors.base import NoTextLayer, Settings

OCR_DPI = 200
MAX_SKEW_DEG = 2.0
SKEW_STEP_DEG = 0.1
RULE_MIN_LENGTH_PT = 24.0      # a horizontal dark run this long is a rule, never a glyph (a third of an inch)
RULE_MIN_HEIGHT_PT = 15.0      # a vertical one this long (the border of a one-line cell; taller than body glyphs)
RULE_MAX_THICKNESS_PT = 3.0    # thicker dark bands are not rules
DARK_LEVEL = 140               # grey level (0..255) below which a pixel is ink
COLOUR_MIN_CHROMA = 70         # max(R,G,B) - min(R,G,B) at least this: a coloured (shaded) pixel
FILL_MIN_SIZE_PT = 8.0         # smaller coloured patches are marks, not cell shading
FILL_GRID_PT = 4.0             # coloured pixels are grouped on a grid of this many points
FILL_NEAR_LEVELS = 120         # a pixel within this |R|+|G|+|B| distance of a fill's mean colour is that fill
OTHER_COLOUR = 4               # grid class of a colour that is no RAG colour
FILL_MIN_VALUE = 150           # ... and this bright (its largest channel): a rule blended into a fill is darker
BOLD_DENSITY_RATIO = 1.3      # a word whose strokes are this much wider than the page's common word's is bold
MIN_WORD_CONF = 10.0           # Tesseract words below this confidence (0..100) are noise and dropped
TESSERACT_PACKAGES = "tesseract-ocr tesseract-ocr-eng"
INSTALL_HINT = f"to read it by OCR, install Tesseract (Debian/Ubuntu: `apt-get install {TESSERACT_PACKAGES}`) and run again"


def tesseract_path() -> str | None:
    """The tesseract program on PATH, or None."""
    return shutil.which("tesseract")


@dataclass(slots=True)
class OcrWord:
    text: str
    x0: float                  # points, origin top-left of the page as displayed
    top: float
    x1: float
    bottom: float
    conf: float                # 0..1
    line: tuple[int, int, int]  # Tesseract (block, paragraph, line)
    bold: bool = False         # its strokes are thick (ink density well above the page's common one)


@dataclass(slots=True)
class OcrPage:
    """What OCR found on one page, in points: words, ruling lines (as pdfplumber line dicts), fills."""

    number: int
    width: float
    height: float
    words: list[OcrWord] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    rects: list[dict] = field(default_factory=list)
    skew_deg: float = 0.0


# --- the picture ----------------------------------------------------------------------------------------------


def render(pdf_path: Path, index: int, dpi: int = OCR_DPI) -> Any:
    """Page ``index`` (0-based) as an RGB PIL image at ``dpi``, with its size in points."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    try:
        page = pdf[index]
        w, h = page.get_size()
        img = page.render(scale=dpi / 72).to_pil().convert("RGB")
        page.close()
    finally:
        pdf.close()
    return img, float(w), float(h)


def skew_angle(gray: Any) -> float:
    """The small angle (degrees, counter-clockwise) that makes the text rows of ``gray`` sharpest.

    Scored on a downsampled ink mask: the variance of its row sums peaks when rows are level.
    """
    import numpy as np
    from PIL import Image

    small = gray.resize((max(1, gray.width // 4), max(1, gray.height // 4)))
    best, best_score = 0.0, -1.0
    steps = int(MAX_SKEW_DEG / SKEW_STEP_DEG)
    for k in range(-steps, steps + 1):
        angle = k * SKEW_STEP_DEG
        turned = small.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=255) if angle else small
        ink = (np.asarray(turned) < DARK_LEVEL).sum(axis=1).astype(np.float64)
        score = float(ink.var())
        if score > best_score + 1e-9:
            best, best_score = angle, score
    return best


def _runs(mask: Any, min_len: int) -> Any:
    """Opening of a boolean 2-D mask with a horizontal line of ``min_len`` pixels (runs shorter vanish)."""
    import numpy as np

    h, w = mask.shape
    if w < min_len:
        return np.zeros_like(mask)
    c = np.concatenate([np.zeros((h, 1), dtype=np.int32), np.cumsum(mask, axis=1, dtype=np.int32)], axis=1)
    full = (c[:, min_len:] - c[:, :-min_len]) == min_len        # window [j, j+min_len) all ink
    out = np.zeros((h, w + 1), dtype=np.int32)
    out[:, :w - min_len + 1] += full
    out[:, min_len:w + 1] -= full
    return np.cumsum(out, axis=1)[:, :w] > 0


def rule_segments(mask: Any, min_len: int, max_thick: int) -> list[tuple[int, int, int, int]]:
    """Horizontal rules of an ink mask as (x0, y0, x1, y1) pixel boxes (inclusive).

    The mask is opened with a ``min_len``-pixel line (glyph strokes vanish); consecutive rows holding
    what is left make one band (a rule's thickness), and the runs of the band's union are its rules.
    A band thicker than ``max_thick`` (a black bar, a photo) holds no rules.
    """
    import numpy as np

    opened = _runs(mask, min_len)
    segs: list[tuple[int, int, int, int]] = []
    rows = np.nonzero(opened.any(axis=1))[0]
    if not len(rows):
        return segs
    breaks = np.nonzero(np.diff(rows) > 1)[0]
    for y0, y1 in zip(np.concatenate([[rows[0]], rows[breaks + 1]]), np.concatenate([rows[breaks], [rows[-1]]])):
        if y1 - y0 + 1 > max_thick:
            continue
        band = opened[y0:y1 + 1].any(axis=0)
        d = np.diff(np.concatenate([[0], band.astype(np.int8), [0]]))
        for x0, x1 in zip(np.nonzero(d == 1)[0], np.nonzero(d == -1)[0]):
            segs.append((int(x0), int(y0), int(x1) - 1, int(y1)))
    return segs


def line_dict(x0: float, top: float, x1: float, bottom: float, page_h: float) -> dict:
    """A pdfplumber ``line`` object (points) for a rule found in the picture."""
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "y0": page_h - bottom, "y1": page_h - top, "doctop": top,
            "linewidth": max(bottom - top, x1 - x0) if min(bottom - top, x1 - x0) == 0 else min(bottom - top, x1 - x0),
            "stroke": True, "fill": False, "stroking_color": (0,), "non_stroking_color": (0,),
            "pts": [(x0, top), (x1, bottom)]}


def find_rules(ink: Any, scale: float, page_h: float) -> list[dict]:
    """Horizontal and vertical rules of an ink mask, as pdfplumber line dicts in points (centre lines)."""
    thick = max(2, int(RULE_MAX_THICKNESS_PT * scale))
    out = []
    for x0, y0, x1, y1 in rule_segments(ink, int(RULE_MIN_LENGTH_PT * scale), thick):
        y = (y0 + y1 + 1) / 2 / scale
        out.append(line_dict(x0 / scale, y, (x1 + 1) / scale, y, page_h))
    for top, left, bottom, right in rule_segments(ink.T, int(RULE_MIN_HEIGHT_PT * scale), thick):  # rows are x
        x = (left + right + 1) / 2 / scale
        out.append(line_dict(x, top / scale, x, (bottom + 1) / scale, page_h))
    return out


def find_fills(rgb: Any, scale: float, page_h: float) -> tuple[list[dict], Any]:
    """Coloured regions (cell shading) as pdfplumber rect dicts with their mean colour, and the mask of
    the fills' own pixels (to whiten before OCR).

    A fill pixel is strongly coloured and bright (``FILL_MIN_VALUE``): a rule or text drawn on a fill is
    darker and stays ink.  Pixels are grouped on a ``FILL_GRID_PT`` grid; neighbouring grid cells join
    one region only when they are the same RAG colour, so a green cell under an amber one stays two.
    """
    import numpy as np

    from extractors.base import rgb_to_rag

    chroma = rgb.max(axis=2) - rgb.min(axis=2)     # uint8: max >= min, no overflow
    fill = (chroma >= COLOUR_MIN_CHROMA) & (rgb.max(axis=2) >= FILL_MIN_VALUE)
    g = max(1, int(FILL_GRID_PT * scale))
    h, w = fill.shape
    gh, gw = h // g, w // g
    if not gh or not gw or not fill.any():
        return [], fill
    cells = fill[:gh * g, :gw * g].reshape(gh, g, gw, g)
    share = cells.mean(axis=(1, 3))
    sums = (rgb[:gh * g, :gw * g].reshape(gh, g, gw, g, 3) * cells[..., None]).sum(axis=(1, 3))
    means = sums / np.maximum(cells.sum(axis=(1, 3)), 1)[..., None]
    kind = np.zeros((gh, gw), dtype=np.int8)
    names = {"green": 1, "amber": 2, "red": 3}   # any other colour: OTHER_COLOUR
    for gy, gx in zip(*np.nonzero(share > 0.5)):
        r, gr, b = (float(v) / 255 for v in means[gy, gx])
        kind[gy, gx] = names.get(rgb_to_rag((r, gr, b)) or "", OTHER_COLOUR)
    rects = [_fill_rect(region, means, rgb, fill, g, scale, page_h) for region in _regions(kind)
             if kind[region[0]] != OTHER_COLOUR]   # only RAG shading is a cell's colour the readers use
    return [r for r in rects if r is not None], fill


def _regions(kind: Any) -> list[list[tuple[int, int]]]:
    """4-connected regions of equal non-zero values of a small 2-D grid (flood fill)."""
    import numpy as np

    gh, gw = kind.shape
    seen = np.zeros((gh, gw), dtype=bool)
    out = []
    for gy, gx in zip(*np.nonzero(kind)):
        if seen[gy, gx]:
            continue
        k = kind[gy, gx]
        stack, region = [(int(gy), int(gx))], []
        seen[gy, gx] = True
        while stack:
            cy, cx = stack.pop()
            region.append((cy, cx))
            for ny, nx in ((cy + 1, cx), (cy - 1, cx), (cy, cx + 1), (cy, cx - 1)):
                if 0 <= ny < gh and 0 <= nx < gw and kind[ny, nx] == k and not seen[ny, nx]:
                    seen[ny, nx] = True
                    stack.append((ny, nx))
        out.append(region)
    return out


def _fill_rect(region: list[tuple[int, int]], means: Any, rgb: Any, fill: Any, g: int, scale: float,
               page_h: float) -> dict | None:
    """The pdfplumber rect of one fill region (grid cells of ``g`` pixels), or None if too small.

    Its sides are the fill pixels' own extent, not the grid's: a fill framed by rules then has its
    sides within a rule's width of them (snapped together by the ruled reader), not a grid step away
    (which would add a rule of its own and split rows)."""
    import numpy as np

    ys, xs = [c[0] for c in region], [c[1] for c in region]
    gy0, gx0 = max(min(ys) - 1, 0) * g, max(min(xs) - 1, 0) * g
    mean = np.mean([means[c] for c in region], axis=0)
    pixels = rgb[gy0:(max(ys) + 2) * g, gx0:(max(xs) + 2) * g].astype(np.int16)
    box = fill[gy0:(max(ys) + 2) * g, gx0:(max(xs) + 2) * g] & \
        (np.abs(pixels - mean.astype(np.int16)).sum(axis=2) <= FILL_NEAR_LEVELS)   # this colour, not a neighbour's
    rows, cols = np.nonzero(box.mean(axis=1) > 0.3)[0], np.nonzero(box.mean(axis=0) > 0.3)[0]
    if not len(rows) or not len(cols):
        return None
    px0, py0, px1, py1 = gx0 + cols[0], gy0 + rows[0], gx0 + cols[-1] + 1, gy0 + rows[-1] + 1
    if (px1 - px0) / scale < FILL_MIN_SIZE_PT or (py1 - py0) / scale < FILL_MIN_SIZE_PT:
        return None
    colour = tuple(round(float(v) / 255, 3) for v in mean)
    x0, top, x1, bottom = px0 / scale, py0 / scale, px1 / scale, py1 / scale
    return {"object_type": "rect", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
            "height": bottom - top, "y0": page_h - bottom, "y1": page_h - top, "doctop": top, "fill": True,
            "stroke": False, "non_stroking_color": colour, "stroking_color": None, "linewidth": 0}


# --- Tesseract -------------------------------------------------------------------------------------------------


def limited(command: list[str], max_memory_mb: float) -> list[str]:
    """``command`` run under an address-space limit of ``max_memory_mb`` through util-linux ``prlimit``
    (a ``preexec_fn`` setting it in the child is not safe in a threaded worker such as Dask's); as it is
    when prlimit is missing.

    >>> limited(["tesseract", "x"], 1)[1:] if shutil.which("prlimit") else ["--as=1048576", "tesseract", "x"]
    ['--as=1048576', 'tesseract', 'x']
    """
    prlimit = shutil.which("prlimit")
    return [prlimit, f"--as={int(max_memory_mb * 1024 * 1024)}", *command] if prlimit else command


def tesseract_words(png: bytes, scale: float, deadline: float, max_memory_mb: float, name: str
                    ) -> list[OcrWord]:
    """Run Tesseract on a PNG; its words with boxes in points (pixels / ``scale``) and confidences 0..1."""
    exe = tesseract_path()
    if exe is None:
        raise NoTextLayer(f"{name}: a page has no text layer and Tesseract is not installed; {INSTALL_HINT}")
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("no time left of the document's deadline for OCR")
    try:
        done = subprocess.run(
            limited([exe, "stdin", "stdout", "-l", "eng", "--psm", "3", "--dpi", str(int(scale * 72)),
                     "-c", "tessedit_do_invert=0", "tsv"],   # no second pass for white-on-black text: a third faster
                    max_memory_mb),
            input=png, capture_output=True, timeout=left, check=False,
            env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"},
        )
    except subprocess.TimeoutExpired as e:
        raise TimeoutError("OCR ran past the document's deadline (--max-seconds)") from e
    if done.returncode != 0:
        raise RuntimeError(f"tesseract failed ({done.returncode}): {done.stderr.decode('utf-8', 'replace')[:200]}")
    words = []
    reader = csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                            quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        try:
            conf = float(row.get("conf") or -1)
        except ValueError:
            continue
        if not text or conf < MIN_WORD_CONF:
            continue
        x, y, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        words.append(OcrWord(text, x / scale, y / scale, (x + w) / scale, (y + h) / scale, conf / 100,
                             (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))))
    return words


def _grown(mask: Any, px: int = 2) -> Any:
    """A boolean mask grown by ``px`` pixels up, down, left and right (a rule's anti-aliased edges)."""
    import numpy as np

    out = mask.copy()
    for k in range(1, px + 1):
        out[k:, :] |= mask[:-k, :]
        out[:-k, :] |= mask[k:, :]
        out[:, k:] |= mask[:, :-k]
        out[:, :-k] |= mask[:, k:]
    return np.asarray(out)


def ocr_page(pdf_path: Path, index: int, settings: Settings, deadline: float, dpi: int | None = None) -> OcrPage:
    """OCR page ``index`` (0-based) of a PDF: words, rules and fills in points (see the module docstring)."""
    import numpy as np
    from PIL import Image

    img, w_pt, h_pt = render(pdf_path, index, dpi or OCR_DPI)
    scale = img.width / w_pt
    rgb = np.asarray(img)
    rects, coloured = find_fills(rgb, scale, h_pt)   # on the picture as scanned: a fill is a box either way
    grey_img = img.convert("L")
    if coloured.any():
        grey = np.asarray(grey_img).copy()
        grey[coloured] = 255
        grey_img = Image.fromarray(grey)
    angle = skew_angle(grey_img)
    if angle:
        grey_img = grey_img.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
    grey = np.asarray(grey_img).copy()
    ink = grey < DARK_LEVEL
    lines = find_rules(ink, scale, h_pt)
    grey[_grown(_runs(ink, int(RULE_MIN_LENGTH_PT * scale)) | _runs(ink.T, int(RULE_MIN_HEIGHT_PT * scale)).T)] = 255
    buf = io.BytesIO()
    Image.fromarray(grey).save(buf, format="PPM")  # uncompressed: PNG's deflate cost more than OCR's layout pass
    words = tesseract_words(buf.getvalue(), scale, deadline, settings.max_memory_mb, pdf_path.name)
    mark_bold(words, grey < DARK_LEVEL, scale)
    return OcrPage(index + 1, w_pt, h_pt, words, lines, rects, angle)


def mark_bold(words: list[OcrWord], ink: Any, scale: float) -> None:
    """Set ``bold`` on words whose strokes (the mean length of their horizontal ink runs) are
    BOLD_DENSITY_RATIO times as wide as the page's common word's: headers and section rows are bold, and
    the readers use it."""
    import numpy as np

    densities = []
    for w in words:
        box = ink[int(w.top * scale):int(w.bottom * scale) + 1, int(w.x0 * scale):int(w.x1 * scale) + 1]
        runs = int(np.count_nonzero(box[:, 1:] & ~box[:, :-1]) + np.count_nonzero(box[:, 0])) if box.size else 0
        densities.append(float(box.sum()) / runs if runs else 0.0)   # mean stroke width, in pixels
    common = _median([d for d, w in zip(densities, words) if len(w.text) > 2])
    for d, w in zip(densities, words):
        w.bold = common > 0 and len(w.text) > 1 and d >= BOLD_DENSITY_RATIO * common


# --- words -> a pdfplumber page ---------------------------------------------------------------------------------


DESCENDERS = frozenset("gjpqy,;()[]{}|/")
ASCENDERS = frozenset("bdfhklt0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
CAP_EM_SHARE = 0.72       # a capital or ascender stands this share of the font size above the baseline
TOP_EM_SHARE = 0.9        # a PDF glyph box starts this share of the size above the baseline ...
BOTTOM_EM_SHARE = 0.22    # ... and ends this share below it
SAME_SIZE_SHARE = 0.15    # line sizes this close to the page's common size are that size


def line_boxes(words: list[OcrWord]) -> dict[tuple[int, int, int], tuple[float, float, float]]:
    """(top, bottom, font size) of every Tesseract line, in points, as a PDF would give its glyphs.

    Word boxes hug the ink (a word with a "g" reaches lower, one in lower case starts lower), so a
    line's baseline is the median bottom of its words without descenders and its cap line the median
    top of words with capitals or ascenders; sizes near the page's most common one are made that one,
    so body text has one size and line gaps are even, as the row and paragraph readers expect.
    """
    by_line: dict[tuple[int, int, int], list[OcrWord]] = {}
    for w in words:
        by_line.setdefault(w.line, []).append(w)
    raw: dict[tuple[int, int, int], tuple[float, float]] = {}
    for key, ws in by_line.items():
        flat = [w.bottom for w in ws if not set(w.text) & DESCENDERS] or [w.bottom - 0.2 * (w.bottom - w.top) for w in ws]
        tall = [w.top for w in ws if set(w.text) & ASCENDERS] or [w.top - 0.3 * (w.bottom - w.top) for w in ws]
        baseline, cap = _median(flat), _median(tall)
        raw[key] = (baseline, max((baseline - cap) / CAP_EM_SHARE, 1.0))
    sizes = sorted(size for _, size in raw.values())
    common = _median(sizes) if sizes else 10.0
    out = {}
    for key, (baseline, size) in raw.items():
        if abs(size - common) <= SAME_SIZE_SHARE * common:
            size = common
        size = round(size, 1)
        out[key] = (baseline - TOP_EM_SHARE * size, baseline + BOTTOM_EM_SHARE * size, size)
    return out


def _median(values: list[float]) -> float:
    v = sorted(values)
    return v[len(v) // 2] if v else 0.0


def page_chars(page: OcrPage) -> list[dict]:
    """pdfplumber ``char`` objects for the OCR words: each word's box split evenly among its letters, a
    space between words of one Tesseract line, every letter of a line on the line's band."""
    bands = line_boxes(page.words)
    chars: list[dict] = []
    previous: OcrWord | None = None
    for w in sorted(page.words, key=lambda w: (w.line, w.x0)):
        top, bottom, size = bands[w.line]
        if previous is not None and previous.line == w.line and w.x0 > previous.x1:
            chars.append(_char(" ", previous.x1, w.x0, top, bottom, size, page.height, previous.bold and w.bold))
        step = (w.x1 - w.x0) / max(len(w.text), 1)
        for k, ch in enumerate(w.text):
            chars.append(_char(ch, w.x0 + k * step, w.x0 + (k + 1) * step, top, bottom, size, page.height, w.bold))
        previous = w
    return chars


def _char(text: str, x0: float, x1: float, top: float, bottom: float, size: float, page_h: float,
          bold: bool = False) -> dict:
    return {"object_type": "char", "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top, "y0": page_h - bottom, "y1": page_h - top, "doctop": top,
            "size": size, "fontname": "OCR-Bold" if bold else "OCR", "upright": True, "matrix": (1, 0, 0, 1, x0, page_h - bottom),
            "adv": x1 - x0, "non_stroking_color": (0,), "stroking_color": None}


def plumber_page(page: Any, ocr: OcrPage) -> Any:
    """A pdfplumber page (a view of ``page``) whose objects are the OCR page's characters, rules and fills."""
    from pdfplumber.page import DerivedPage

    objects = {"char": page_chars(ocr), "line": ocr.lines, "rect": ocr.rects}

    class OcrView(DerivedPage):
        def __init__(self) -> None:
            super().__init__(page)
            self.bbox = (0.0, 0.0, ocr.width, ocr.height)

        @property
        def objects(self) -> dict:
            return objects

    return OcrView()


def should_ocr(n_words: int, settings: Settings) -> bool:
    """OCR this page? ``--ocr always``: yes; ``never``: no; ``auto``: when it has no text layer."""
    mode = getattr(settings, "ocr", "auto")
    return mode == "always" or (mode == "auto" and n_words == 0)


def word_confidences(ocr: OcrPage) -> tuple[tuple[int, float, float, float, float, float], ...]:
    """(page, x0, top, x1, bottom, confidence) of every OCR word: what ``Layout.word_confidence`` keeps."""
    return tuple((ocr.number, round(w.x0, 1), round(w.top, 1), round(w.x1, 1), round(w.bottom, 1), round(w.conf, 3))
                 for w in ocr.words)


def mean_confidence(words: tuple[tuple[int, float, float, float, float, float], ...],
                    boxes: list[tuple[int, float, float, float, float]]) -> float | None:
    """Mean confidence of the OCR words whose centres fall in any of ``boxes`` ((page, x0, top, x1, bottom)).

    >>> mean_confidence(((1, 10, 10, 20, 20, 0.9), (1, 30, 10, 40, 20, 0.5), (2, 10, 10, 20, 20, 0.1)),
    ...                 [(1, 0, 0, 50, 50)])
    0.7
    >>> mean_confidence(((1, 10, 10, 20, 20, 0.9),), [(2, 0, 0, 50, 50)]) is None
    True
    """
    confs = []
    for page, x0, top, x1, bottom, conf in words:
        cx, cy = (x0 + x1) / 2, (top + bottom) / 2
        if any(p == page and bx0 <= cx <= bx1 and btop <= cy <= bbottom for p, bx0, btop, bx1, bbottom in boxes):
            confs.append(conf)
    return round(sum(confs) / len(confs), 3) if confs else None


def deadline_of(settings: Settings, started: float) -> float:
    """The monotonic time OCR must finish by: the document's start plus ``max_seconds``, less a margin."""
    return started + settings.max_seconds * 0.95


__all__ = ["INSTALL_HINT", "OcrPage", "OcrWord", "deadline_of", "mean_confidence", "ocr_page", "plumber_page",
           "should_ocr", "tesseract_path", "word_confidences"]


W154 = "W154 {n} pages without a text layer were read by OCR (Tesseract): pages {pages}; mean word confidence {conf:.2f}"
W155 = f"W155 {{n}} pages have no text layer and were not read (pages {{pages}}): {INSTALL_HINT}"
BULLET_LOOKALIKES = frozenset("¢•«©@°®*eo»")   # what Tesseract reads a round bullet glyph as


@dataclass(slots=True)
class OcrRun:
    """OCR across one document: the deadline, the word confidences kept, which pages were read or not."""

    deadline: float
    words: list[tuple[int, float, float, float, float, float]] = field(default_factory=list)
    read: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)     # pages left unread: no Tesseract

    def warnings(self) -> list[str]:
        out = []
        if self.read:
            conf = sum(w[5] for w in self.words) / len(self.words) if self.words else 0.0
            out.append(W154.format(n=len(self.read), pages=_pages(self.read), conf=conf))
        if self.missing:
            out.append(W155.format(n=len(self.missing), pages=_pages(self.missing)))
        return out


def _pages(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:20])) + (", …" if len(numbers) > 20 else "")


def mark_bullets(words: list[OcrWord]) -> list[OcrWord]:
    """A one-character word Tesseract read for a bullet glyph ("¢", "e", "@") at the start of a line,
    with words after it, becomes "•" (what the PDF reader takes for a bullet)."""
    first: dict[tuple[int, int, int], OcrWord] = {}
    count: dict[tuple[int, int, int], int] = {}
    for w in words:
        count[w.line] = count.get(w.line, 0) + 1
        if w.line not in first or w.x0 < first[w.line].x0:
            first[w.line] = w
    for key, w in first.items():
        if count[key] > 1 and len(w.text) == 1 and w.text in BULLET_LOOKALIKES:
            w.text = "\u2022"
    return words


def ocr_page_out(path: Path, page: Any, number: int, settings: Settings, carried: Any, pdf_settings: Any,
                 run: OcrRun) -> Any:
    """Read page ``number`` (1-based) by OCR into a ``PageOut``, or return None when Tesseract is missing."""
    from extractors.pdf.page import page_to_out

    if tesseract_path() is None:
        run.missing.append(number)
        return None
    ocr = ocr_page(path, number - 1, settings, run.deadline)
    mark_bullets(ocr.words)
    run.read.append(number)
    run.words.extend(word_confidences(ocr))
    return page_to_out(plumber_page(page, ocr), number, settings, carried, pdf_settings)
