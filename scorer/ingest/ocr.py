"""OCR of scanned pages with Tesseract (Debian: tesseract-ocr + tesseract-ocr-chi-sim).

Tesseract runs as a program: the page image goes in on stdin as a greyscale PGM, the
words come back as TSV with their boxes, which `layout` turns into paragraphs like the
text of any PDF. When Tesseract or its Simplified Chinese data is missing, the error
names the packages to install. The scanned pages of PDFs (`pdf`) and image files
(`image`) are read this way, and the report's notes say so (`ocr_note`).
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from scorer.ingest.ingested import IngestError
from scorer.ingest.layout import TextPiece

LANGUAGE = "chi_sim"
PACKAGES = "tesseract-ocr tesseract-ocr-chi-sim"
_TIMEOUT_S = 300


def ocr_note(what: str) -> str:
    """Returns the note of a report read by OCR, which every output shows; `what` says
    which pages were scans ("page 2 had no text layer (a scan)", "a scanned image")."""
    return (f"OCR: {what}; the text was recognised by Tesseract and may hold misread characters "
            f"— check the statuses against the original")


@functools.lru_cache(maxsize=4)
def _languages(executable: str) -> frozenset[str]:
    try:
        done = subprocess.run([executable, "--list-langs"], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    listing = (done.stdout + done.stderr).decode("utf-8", errors="replace").split()
    return frozenset(listing)


def tesseract() -> str:
    """Returns the path of a Tesseract that reads Simplified Chinese; raises IngestError
    naming the Debian packages when there is none."""
    executable = shutil.which("tesseract")
    if executable is None:
        raise IngestError(f"OCR is not available: install Tesseract (apt-get install {PACKAGES})")
    if LANGUAGE not in _languages(executable):
        raise IngestError("OCR is not available: Tesseract has no Simplified Chinese data "
                          "(apt-get install tesseract-ocr-chi-sim)")
    return executable


def pgm(width: int, height: int, stride: int, pixels: bytes) -> bytes:
    """Returns a greyscale image (one byte a pixel, rows `stride` bytes apart) as PGM."""
    if stride == width:
        rows = pixels[:width * height]
    else:
        rows = b"".join(pixels[y * stride:y * stride + width] for y in range(height))
    return f"P5\n{width} {height}\n255\n".encode() + rows


def recognise(image: bytes, executable: str, dpi: int | None, scale: float) -> list[TextPiece]:
    """Returns the words Tesseract reads on a page image, their boxes divided by `scale`;
    without `dpi` Tesseract estimates the resolution from the size of the characters."""
    resolution = ["--dpi", str(dpi)] if dpi else []
    try:
        done = subprocess.run([executable, "stdin", "stdout", "-l", LANGUAGE, *resolution, "tsv"],
                              input=image, capture_output=True, timeout=_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise IngestError(f"OCR of a page took more than {_TIMEOUT_S} s") from None
    except OSError as exc:
        raise IngestError(f"cannot run Tesseract ({exc.strerror or exc})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise IngestError(f"Tesseract failed ({message[-1] if message else 'no reason given'})")
    pieces = []
    for row in done.stdout.decode("utf-8", errors="replace").splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (float(c) / scale for c in cols[6:10])
        pieces.append(TextPiece(cols[11].strip(), left, top, left + width, top + height))
    return pieces
