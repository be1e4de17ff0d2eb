"""Reports scanned to image files (PNG, JPEG, TIFF, BMP): read by OCR, page by page.

Choices:
- Each image file is one report; the pages of a multi-page TIFF are the pages of that
  report, read in order. A folder of page images is a folder of reports, one per image:
  nothing in the files says which images belong together.
- Pillow decodes the image, so a damaged file is an error that says so, and hands
  Tesseract the greyscale page as the PDF reader does for a scanned page: a photo's EXIF
  orientation is applied, transparency is laid on white, and 16-bit or floating-point scans
  are stretched to 8 bits (Pillow would clip them to white).
- The resolution stored in the file goes to Tesseract when it is one scanners use
  (100–1200 dpi); cameras and screenshots write 72 or 96 dpi whatever the page shows, so
  then Tesseract estimates the resolution from the size of the characters.
- The words are put into paragraphs by `layout`, as for a PDF, and the report's notes say
  "OCR: …" so that every output marks the report for a reviewer's look.
"""

from __future__ import annotations

import io
import math
import warnings
from collections.abc import Iterator

from PIL import Image, ImageOps, UnidentifiedImageError

from scorer.ingest import ocr
from scorer.ingest.ingested import IngestedReport, IngestError
from scorer.ingest.layout import Page, paragraphs

# Each format: its name, how its files start, and the suffixes they go by (the first is
# the one the notes use).
_FORMATS: tuple[tuple[str, tuple[bytes, ...], tuple[str, ...]], ...] = (
    ("PNG", (b"\x89PNG\r\n\x1a\n",), (".png",)),
    ("JPEG", (b"\xff\xd8\xff",), (".jpg", ".jpeg")),
    ("TIFF", (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"), (".tif", ".tiff")),
    ("BMP", (b"BM",), (".bmp",)),
)
IMAGE_SUFFIXES = tuple(suffix for _, _, suffixes in _FORMATS for suffix in suffixes)
# "BM" may start a text as well; the size of a BMP's info header, 14 bytes in, is one of these.
_BMP_INFO_SIZES = (12, 16, 40, 52, 56, 64, 108, 124)
_SCANNER_DPI = range(100, 1201)


def _format_of(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """Returns (name, suffixes) of the image format the bytes hold, or None."""
    for name, magics, suffixes in _FORMATS:
        if data.startswith(magics) and (name != "BMP" or int.from_bytes(data[14:18], "little") in _BMP_INFO_SIZES):
            return name, suffixes
    return None


def image_suffix(data: bytes, suffix: str) -> str | None:
    """Returns the suffix of the image format the bytes hold — `suffix` itself when it is
    one of that format's — or None when they hold no image."""
    found = _format_of(data)
    if found is None:
        return None
    return suffix if suffix in found[1] else found[1][0]


def _pages(image: Image.Image) -> Iterator[Image.Image]:
    """Yields the pages of the image: every frame of a TIFF, the first frame of the rest
    (the other frames of a PNG or GIF are an animation, not pages)."""
    frames = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
    for index in range(frames):
        image.seek(index)
        yield image


def _greyscale(page: Image.Image) -> Image.Image:
    """Returns the page upright, 8-bit grey, transparency laid on white."""
    page = ImageOps.exif_transpose(page)
    if page.mode in ("I", "F") or page.mode.startswith("I;16"):
        page = page.convert("F")
        low, high = page.getextrema()
        scale = 255 / (high - low) if high > low else 1.0
        return page.point(lambda v: (v - low) * scale).convert("L")
    if page.mode in ("RGBA", "LA", "PA") or "transparency" in page.info:
        rgba = page.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("L")
    return page.convert("L")


def _dpi(page: Image.Image) -> int | None:
    """Returns the page's resolution when the file gives one a scanner uses, else None."""
    dpi = page.info.get("dpi")
    value = float(dpi[0]) if dpi else 0.0  # a TIFF may give 0/0: not a number
    return round(value) if math.isfinite(value) and round(value) in _SCANNER_DPI else None


def read_image(data: bytes) -> IngestedReport:
    """Returns the report on a scanned image's pages, read by OCR; raises IngestError when
    the image is damaged or OCR is not available."""
    found = _format_of(data)
    kind = f"{found[0]} image" if found else "image"
    with warnings.catch_warnings():
        # Pillow warns of images over 89 million pixels (a 1000-dpi A4 scan has 97 million)
        # and refuses those over twice that, below.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            raise IngestError(f"the {kind} is too large to read ({exc})") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise IngestError(f"a damaged or unreadable {kind} (not a picture Pillow can decode)") from None
        try:
            executable = ocr.tesseract()
        except IngestError as exc:
            raise IngestError(f"a scanned {kind}, and {exc}") from None
        pages: list[Page] = []
        for number, page in enumerate(_pages(image), start=1):
            try:
                grey = _greyscale(page)
            except Exception as exc:  # noqa: BLE001 — image decoders raise many kinds on damaged data
                where = f"page {number}: " if number > 1 else ""
                raise IngestError(f"a damaged or unreadable {kind} ({where}{exc})") from None
            pgm = ocr.pgm(grey.width, grey.height, grey.width, grey.tobytes())
            pages.append(Page(tuple(ocr.recognise(pgm, executable, _dpi(page), 1.0)), grey.height))
    what = "a scanned image" if len(pages) == 1 else f"a scanned image of {len(pages)} pages"
    return IngestedReport("\n".join(paragraphs(pages)), (ocr.ocr_note(what),))
