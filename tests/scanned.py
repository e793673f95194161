"""Scanned copies of PDFs for the OCR tests and benchmarks: each page rendered to a picture with pypdfium2,
turned a little, speckled with noise, and wrapped back into a PDF that has no text layer (Pillow).

>>> scan_pdf(Path("tests/data/pdf/seed-001-ruled.pdf"), Path("/tmp/scan.pdf"))   # doctest: +SKIP
"""

from __future__ import annotations

import random
from pathlib import Path

SCAN_DPI = 200


def scan_pdf(src: Path, out: Path, *, dpi: int = SCAN_DPI, max_angle: float = 0.6, noise: float = 6.0,
             seed: int = 0) -> int:
    """Write ``out``: ``src``'s pages as pictures at ``dpi``, each turned by up to ``max_angle`` degrees
    and with Gaussian noise of ``noise`` grey levels; return the number of pages.  Deterministic per ``seed``."""
    import numpy as np
    import pypdfium2
    from PIL import Image

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    pages = []
    pdf = pypdfium2.PdfDocument(str(src))
    try:
        for page in pdf:
            img = page.render(scale=dpi / 72).to_pil().convert("RGB")
            page.close()
            img = img.rotate(rng.uniform(-max_angle, max_angle), resample=Image.BICUBIC, expand=False,
                             fillcolor=(255, 255, 255))
            a = np.asarray(img, dtype=np.float32)
            a = a + nrng.normal(0, noise, a.shape[:2])[..., None]
            pages.append(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)))
    finally:
        pdf.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    pages[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return len(pages)
