"""PDF reports: the text layer through PDFium (pypdfium2), scanned pages through OCR.

Choices:
- PDFium gives each line of text with its box; `layout` rebuilds the paragraphs, drops
  page numbers and running headers, and joins sentences cut by line and page ends.
- A page with (almost) no text but with images is a scan: it is OCR'd when Tesseract is
  installed, and the report's notes say which pages were, so every output marks the
  report for a reviewer's look. A PDF that is all scans and no OCR is an error naming the
  packages to install; a PDF with some scanned pages is read without them, and the notes
  say which pages are missing.
- A password-protected PDF is an error: its text cannot be read without the password.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from scorer.ingest import ocr
from scorer.ingest.ingested import IngestedReport, IngestError
from scorer.ingest.layout import Page, TextPiece, paragraphs

# Fewer visible characters than this on a page with an image: the page is a scan.
_MIN_TEXT_CHARS = 10
OCR_DPI = 200


def _text_page(page: pdfium.PdfPage) -> Page:
    """Returns the characters of a page's text layer, each with its box; `layout` puts them
    into lines by position, not by the order of the PDF's drawing commands (which draws the
    quotes of a fallback font apart from the words around them)."""
    height = page.get_size()[1]
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count)
        if len(text) != count:  # characters outside the BMP: one call per character
            text = "".join(textpage.get_text_range(i, 1)[:1] or " " for i in range(count))
        pieces = []
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            # The loose box is the character's whole square, so that a line ending in "、"
            # reaches as far as one ending in a character.
            left, bottom, right, top = textpage.get_charbox(i, loose=True)
            pieces.append(TextPiece(ch, left, height - top, right, height - bottom))
    finally:
        textpage.close()
    return Page(tuple(pieces), height)


def _has_image(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))


def _ocr_page(page: pdfium.PdfPage, executable: str) -> Page:
    scale = OCR_DPI / 72
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = ocr.pgm(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
    finally:
        bitmap.close()
    return Page(tuple(ocr.recognise(image, executable, OCR_DPI, scale)), page.get_size()[1])


def _page_list(numbers: list[int]) -> str:
    shown = ", ".join(str(n + 1) for n in numbers[:10]) + (" …" if len(numbers) > 10 else "")
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}"


def read_pdf(data: bytes) -> IngestedReport:
    """Returns the report in the bytes of a PDF; raises IngestError with the reason."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("the PDF is password-protected: save an unprotected copy") from None
        raise IngestError(f"a damaged or unreadable PDF ({exc})") from None
    try:
        if len(pdf) == 0:
            raise IngestError("the PDF has no pages")
        pages: list[Page] = []
        scans: list[int] = []
        for number in range(len(pdf)):
            page = pdf[number]
            text_page = _text_page(page)
            if sum(len(p.text.strip()) for p in text_page.pieces) < _MIN_TEXT_CHARS and _has_image(page):
                scans.append(number)
            pages.append(text_page)
        notes: list[str] = []
        if scans:
            try:
                executable = ocr.tesseract()
            except IngestError as exc:
                if len(scans) == len(pdf):
                    raise IngestError(f"a scanned PDF without a text layer, and {exc}") from None
                notes.append(f"{_page_list(scans)} are scanned images and were not read: {exc}")
            else:
                for number in scans:
                    pages[number] = _ocr_page(pdf[number], executable)
                notes.append(ocr.ocr_note(f"{_page_list(scans)} had no text layer (a scan)"))
        return IngestedReport("\n".join(paragraphs(pages)), tuple(notes))
    finally:
        pdf.close()
