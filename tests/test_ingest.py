"""Reading reports as they really arrive: every format, every encoding, archives, and every
kind of bad file, each with the one-line reason a clerk sees in `errors`."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import opencc
import pytest

from scorer.engine import score_file
from scorer.ingest import ArchiveMember, IngestError, find_reports, read_report
from scorer.normalize import normalize_text

from .conftest import SAMPLES
from .test_formats import report_lines, write_docx, write_html, write_pdf

DATA = Path(__file__).parent / "data"
# tests/data/shiqiao_2025.doc: a short fictional report written for these tests, saved as
# Word 97 by LibreOffice — no Python library writes .doc, so this one file is kept.
TOWNSHIP = SAMPLES / "township_tongxi_2025.txt"
TEXT = TOWNSHIP.read_text(encoding="utf-8")
LINES = report_lines(TEXT)


def statuses(path: Path, checklist) -> dict[str, str]:
    return {d.element_id: d.status for d in score_file(path, checklist).decisions}


def error_of(path: Path) -> str:
    with pytest.raises(IngestError) as caught:
        read_report(path)
    return str(caught.value)


@pytest.fixture()
def no_programs(monkeypatch, tmp_path):
    """A PATH with no antiword, LibreOffice or Tesseract on it."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


# --- plain text in every encoding -------------------------------------------------------

ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8 with BOM": lambda t: t.encode("utf-8-sig"),
    "gbk": lambda t: t.encode("gbk"),
    "gb18030": lambda t: t.encode("gb18030"),
    "utf-16 with BOM": lambda t: t.encode("utf-16"),
    "utf-16-le without BOM": lambda t: t.encode("utf-16-le"),
    "utf-16-be without BOM": lambda t: t.encode("utf-16-be"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_a_text_file_reads_the_same_in_every_encoding(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(ENCODINGS[encoding](TEXT))
    assert read_report(path).text.replace("\r\n", "\n") == TEXT


def test_a_gbk_file_says_how_it_was_decoded(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode("gbk"))
    assert read_report(path).notes == ("decoded as gb18030",)


def test_a_big5_file_of_a_traditional_report_is_decoded_as_big5(tmp_path):
    traditional = opencc.OpenCC("s2t").convert(TEXT)
    path = tmp_path / "report.txt"
    path.write_bytes(traditional.encode("big5", errors="replace"))
    report = read_report(path)
    assert "decoded as big5" in report.notes
    assert report.text.startswith("桐溪鎮人民政府關於2025年度法治政府建設")


def test_bytes_that_decode_only_into_mojibake_are_refused(tmp_path):
    path = tmp_path / "report.txt"
    # Valid GB18030 byte pairs that spell no Chinese anyone writes.
    path.write_bytes(bytes(range(0x81, 0xFE)) * 40)
    assert "unknown encoding" in error_of(path)


def test_an_empty_file_is_an_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n\n")
    assert error_of(path) == "the file is empty"


def test_binary_junk_named_txt_is_an_error(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(os.urandom(4096))
    assert "not a text file" in error_of(path)


# --- not a report -----------------------------------------------------------------------

def test_a_short_text_is_not_a_report(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text("关于召开法治政府建设工作会议的通知：定于3月5日召开。", encoding="utf-8")
    assert error_of(path) == "not a report: only 23 Chinese characters (a report has at least 100)"


def test_only_chinese_characters_count_towards_a_report(tmp_path):
    path = tmp_path / "short.txt"
    path.write_text("法治" * 40 + "，。ABC 123\U00020000" * 30, encoding="utf-8")  # U+20000: an ideograph outside the BMP
    assert error_of(path) == "not a report: only 80 Chinese characters (a report has at least 100)"


def test_a_text_without_rule_of_law_words_is_not_a_report(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text("今日菜单：红烧肉、清蒸鱼、炒青菜、番茄蛋汤。" * 10, encoding="utf-8")
    assert error_of(path) == "not a rule-of-law report: none of 法治, 依法, 法律, 法制, 执法, 法规 occurs"


# --- size limit -------------------------------------------------------------------------

def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.pdf"
    with path.open("wb") as f:
        f.truncate(51 * 1024**2)
    assert error_of(path) == ("the file is 51.0 MB, over the 50 MB limit (the environment variable "
                              "FAZHI_MAX_FILE_MB changes it)")


def test_the_size_limit_is_configurable(tmp_path, monkeypatch):
    path = tmp_path / "report.txt"
    path.write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv("FAZHI_MAX_FILE_MB", "0.01")
    assert "over the 0 MB limit" in error_of(path)
    monkeypatch.setenv("FAZHI_MAX_FILE_MB", "1")
    assert read_report(path).text == TEXT


# --- Word ---------------------------------------------------------------------------------

def test_a_docx_gives_the_statuses_of_its_text(tmp_path, checklist):
    docx = write_docx(LINES, tmp_path / "report.docx")
    assert statuses(docx, checklist) == statuses(TOWNSHIP, checklist)


def test_a_docx_table_becomes_one_line_per_row(tmp_path):
    from docx import Document

    doc = Document()
    for line in LINES[:6]:
        doc.add_paragraph(line)
    table = doc.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("事项", "件数", "办结率")):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("行政复议案件", "12件", "100%")):
        cell.text = text
    doc.save(tmp_path / "table.docx")
    assert read_report(tmp_path / "table.docx").text.splitlines()[-2:] == ["事项，件数，办结率", "行政复议案件，12件，100%"]


def test_a_docx_laid_out_in_a_one_cell_table_reads_as_paragraphs(tmp_path):
    from docx import Document

    doc = Document()
    cell = doc.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = LINES[0]
    for line in LINES[1:]:
        cell.add_paragraph(line)
    doc.save(tmp_path / "framed.docx")
    assert read_report(tmp_path / "framed.docx").text.splitlines() == LINES


def test_a_docx_running_header_with_the_unit_name_is_left_out(tmp_path):
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "桐溪镇人民政府办公室"
    for line in LINES:
        doc.add_paragraph(line)
    doc.save(tmp_path / "running.docx")
    assert read_report(tmp_path / "running.docx").text.splitlines() == LINES


def test_a_docx_title_in_the_page_header_comes_first(tmp_path):
    from docx import Document

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = LINES[0]
    for line in LINES[1:]:
        doc.add_paragraph(line)
    doc.save(tmp_path / "header.docx")
    assert read_report(tmp_path / "header.docx").text.splitlines()[0] == LINES[0]


def test_a_docx_date_in_the_footer_comes_last_and_page_numbers_do_not(tmp_path):
    from docx import Document

    doc = Document()
    for line in LINES[:-1]:
        doc.add_paragraph(line)
    doc.sections[0].footer.paragraphs[0].text = "— 1 —"
    doc.sections[0].footer.add_paragraph(LINES[-1])
    doc.save(tmp_path / "footer.docx")
    lines = read_report(tmp_path / "footer.docx").text.splitlines()
    assert lines[-1] == LINES[-1] == "2026年2月15日"
    assert "— 1 —" not in lines


def test_word_list_numbering_is_written_into_the_headings(tmp_path, checklist):
    """Headings numbered by Word ("一、" made by a list style, not typed) keep their markers."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for line in ("一、主要成效", "（一）强化组织领导", "（二）推进严格执法", "二、存在的不足"):
        bare = line.split("、", 1)[1] if "、" in line else line.split("）", 1)[1]
        paragraph = doc.add_paragraph(bare)
        level = 0 if "、" in line else 1
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))
        paragraph.add_run("。镇党委全面依法治镇，召开会议研究法治建设工作。" * 3)
    doc.save(tmp_path / "numbered.docx")
    starts = [line[:4] for line in read_report(tmp_path / "numbered.docx").text.splitlines()]
    assert starts == ["一、主要", "（一）强", "（二）推", "二、存在"]


def test_a_corrupt_docx_is_an_error(tmp_path):
    docx = write_docx(LINES, tmp_path / "report.docx")
    docx.write_bytes(docx.read_bytes()[:3000])
    assert error_of(docx) == "a corrupt Word file (not a valid .docx package)"


def test_a_password_protected_docx_is_an_error(tmp_path):
    # What Word writes for a password: an OLE container holding an EncryptedPackage stream.
    path = tmp_path / "secret.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    assert error_of(path) == "the Word file is password-protected: save an unprotected copy"


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword is not installed (apt-get install antiword)")
def test_a_doc_is_read_with_antiword(checklist):
    report = read_report(DATA / "shiqiao_2025.doc")
    lines = report.text.split("\n")
    assert "石桥镇人民政府关于2025年度法治政府建设情况的报告" in lines
    assert "行政复议案件，5件" in lines
    result = score_file(DATA / "shiqiao_2025.doc", checklist)
    assert (result.meta.issuer, result.meta.date.isoformat(), result.meta.profile) == (
        "石桥镇人民政府", "2026-02-10", "township")
    assert result.decision("lead.shufa").status == "met"


def test_a_doc_without_antiword_or_libreoffice_says_what_to_install(no_programs):
    assert error_of(DATA / "shiqiao_2025.doc") == (
        "cannot read Word 97–2003 (.doc) files on this machine: install antiword (Debian/Ubuntu: "
        "apt-get install antiword) or LibreOffice, or save the file as .docx")


# --- PDF ----------------------------------------------------------------------------------

def test_a_pdf_gives_the_statuses_of_its_text(tmp_path, checklist):
    pdf = write_pdf(LINES, tmp_path / "report.pdf")
    assert statuses(pdf, checklist) == statuses(TOWNSHIP, checklist)


def test_a_password_protected_pdf_is_an_error(tmp_path):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path = tmp_path / "secret.pdf"
    page = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    page.drawString(72, 720, "report")
    page.save()
    assert error_of(path) == "the PDF is password-protected: save an unprotected copy"


def test_a_damaged_pdf_is_an_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    assert error_of(path).startswith("a damaged or unreadable PDF")


def page_image(lines: list[str], dpi: int = 150, height_in: float = 11.69):
    """Returns a Pillow image of an A4 page (or a shorter one) printed with the text, as a
    scanner makes it: 16-point characters, paragraphs indented by two of them."""
    from PIL import Image, ImageDraw, ImageFont

    from .test_formats import cjk_font

    size = dpi * 16 // 72
    font = ImageFont.truetype(str(cjk_font()), size)
    image = Image.new("L", (dpi * 827 // 100, int(dpi * height_in)), 255)
    draw = ImageDraw.Draw(image)
    left, right, y = dpi * 11 // 10, image.width - dpi, dpi * 3 // 2
    for paragraph in lines:
        indent = 2 * size
        while paragraph:
            fits = (right - left - indent) // size
            draw.text((left + indent, y), paragraph[:fits], font=font, fill=0)
            paragraph, indent, y = paragraph[fits:], 0, y + size * 7 // 4
    return image


def scanned_pdf(lines: list[str], path: Path, dpi: int = 150) -> Path:
    """Writes an image-only PDF: a page image of the text, as a scanner makes it."""
    page_image(lines, dpi).save(path, "PDF", resolution=dpi)
    return path


def test_an_image_only_pdf_without_ocr_names_the_packages_to_install(tmp_path, no_programs):
    pdf = scanned_pdf(LINES[4:6], tmp_path / "scan.pdf")
    assert error_of(pdf) == ("a scanned PDF without a text layer, and OCR is not available: install "
                             "Tesseract (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")


def _has_chinese_ocr() -> bool:
    from scorer.ingest import ocr

    try:
        ocr.tesseract()
    except IngestError:
        return False
    return True


needs_ocr = pytest.mark.skipif(not _has_chinese_ocr(), reason="Tesseract with chi_sim is not installed "
                               "(apt-get install tesseract-ocr tesseract-ocr-chi-sim)")


@needs_ocr
def test_a_scanned_pdf_is_read_by_ocr_and_marked_in_the_outputs(tmp_path):
    import difflib
    import json

    from typer.testing import CliRunner

    from scorer.cli import app

    body = LINES[:1] + LINES[4:6]
    scanned_pdf(body, tmp_path / "scan.pdf")
    report = read_report(tmp_path / "scan.pdf")
    similarity = difflib.SequenceMatcher(None, normalize_text("\n".join(body)), normalize_text(report.text)).ratio()
    assert similarity > 0.9
    assert report.notes[0].startswith("OCR: page 1 had no text layer (a scan)")
    result = CliRunner().invoke(app, ["score", str(tmp_path), "--format", "json", "--out", str(tmp_path / "out")])
    notes = json.loads(result.stdout)["reports"][0]["notes"]
    assert notes[0].startswith("OCR:")
    assert "OCR: page 1 had no text layer" in (tmp_path / "out" / "results.md").read_text(encoding="utf-8")


# --- scanned images -----------------------------------------------------------------------

SCAN_BODY = LINES[:1] + LINES[4:7]  # title, a heading, the party's lead and the first-responsible duty


def image_bytes(image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def scanned_images(tmp_path_factory):
    """Returns the JSON of `fazhi score` over a folder holding a PNG scan at 150 dpi and a
    ZIP holding the same page as a JPEG without a resolution, and the folder of outputs."""
    import json

    from typer.testing import CliRunner

    from scorer.cli import app

    if not _has_chinese_ocr():
        pytest.skip("Tesseract with chi_sim is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
    folder = tmp_path_factory.mktemp("scans")
    page = page_image(SCAN_BODY)
    page.save(folder / "scan.png", dpi=(150, 150))
    with zipfile.ZipFile(folder / "scans.zip", "w") as archive:
        archive.writestr("scan.jpg", image_bytes(page.convert("RGB"), "JPEG", quality=85))
    out = tmp_path_factory.mktemp("out")
    result = CliRunner().invoke(app, ["score", str(folder), "--format", "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    reports = {Path(r["file"]).relative_to(folder).as_posix(): r for r in json.loads(result.stdout)["reports"]}
    return reports, out


SCAN_STATUSES = {"meta.title": "met", "part.achievements": "met", "lead.party_leadership": "met",
                 "lead.first_responsible_duty": "met", "part.first_responsible": "partial"}


def test_a_png_scan_is_read_by_ocr_and_gives_the_statuses_of_its_text(scanned_images):
    elements = scanned_images[0]["scan.png"]["elements"]
    assert {eid: elements[eid]["status"] for eid in SCAN_STATUSES} == SCAN_STATUSES


def test_a_jpeg_scan_inside_a_zip_is_a_report_of_its_own(scanned_images):
    elements = scanned_images[0]["scans.zip/scan.jpg"]["elements"]
    assert {eid: elements[eid]["status"] for eid in SCAN_STATUSES} == SCAN_STATUSES


def test_an_image_scan_is_marked_as_read_by_ocr_in_the_outputs(scanned_images):
    reports, out = scanned_images
    note = ("OCR: a scanned image; the text was recognised by Tesseract and may hold misread characters "
            "— check the statuses against the original")
    assert [r["notes"] for r in reports.values()] == [[note], [note]]
    assert (out / "results.md").read_text(encoding="utf-8").count("OCR: a scanned image") == 2


@needs_ocr
def test_a_multi_page_tiff_is_read_page_by_page(tmp_path):
    first, second = page_image(LINES[5:6], height_in=4), page_image(LINES[11:12], height_in=4)
    first.save(tmp_path / "scan.tif", save_all=True, append_images=[second], dpi=(150, 150), compression="tiff_lzw")
    report = read_report(tmp_path / "scan.tif")
    text = normalize_text(report.text)
    assert 0 <= text.find(LINES[5][:20]) < text.find(LINES[11][:20])
    assert report.notes[0].startswith("OCR: a scanned image of 2 pages;")


def test_an_image_without_ocr_names_the_packages_to_install(tmp_path, no_programs):
    (tmp_path / "scan.png").write_bytes(image_bytes(page_image(SCAN_BODY[:1], height_in=2), "PNG"))
    assert error_of(tmp_path / "scan.png") == ("a scanned PNG image, and OCR is not available: install "
                                               "Tesseract (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")


def test_an_image_that_cannot_be_decoded_is_an_error(tmp_path):
    (tmp_path / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    assert error_of(tmp_path / "scan.png") == "a damaged or unreadable PNG image (not a picture Pillow can decode)"


@needs_ocr
def test_a_cut_off_image_is_an_error(tmp_path):
    data = image_bytes(page_image(SCAN_BODY[:1], height_in=2), "JPEG")
    (tmp_path / "scan.jpg").write_bytes(data[:len(data) // 2])
    assert error_of(tmp_path / "scan.jpg").startswith("a damaged or unreadable JPEG image (image file is truncated")


@needs_ocr
def test_an_image_without_chinese_text_is_not_a_report(tmp_path):
    page_image(["Quarterly sales figures 2025", "Revenue grew by 12 percent."], height_in=2).save(tmp_path / "scan.png")
    assert error_of(tmp_path / "scan.png") == "not a report: only 0 Chinese characters (a report has at least 100)"


def test_a_16_bit_scan_keeps_its_black_text_and_white_paper():
    import numpy as np
    from PIL import Image

    from scorer.ingest.image import _greyscale

    # Ink at 5000 and paper at 60000 of 65535: clipped to 8 bits, both would be white.
    scan = Image.fromarray(np.array([[5000, 60000, 60000]], dtype=np.uint16))
    assert list(_greyscale(scan).tobytes()) == [0, 255, 255]


def test_a_transparent_background_becomes_white_paper():
    from PIL import Image

    from scorer.ingest.image import _greyscale

    scan = Image.new("RGBA", (3, 1), (0, 0, 0, 0))
    scan.putpixel((0, 0), (0, 0, 0, 255))
    assert list(_greyscale(scan).tobytes()) == [0, 255, 255]


@pytest.mark.parametrize(("magic", "name", "read_as"), [
    (b"\x89PNG\r\n\x1a\n", "scan.jpg", ".png"),
    (b"\xff\xd8\xff\xe0", "scan.jpeg", ".jpeg"),
    (b"II*\x00", "scan.pdf", ".tif"),
    (b"BM" + bytes(12) + (40).to_bytes(4, "little"), "scan.bmp", ".bmp"),
    ("BM 法治".encode(), "report.txt", ".txt"),
])
def test_an_image_is_known_by_its_content_whatever_its_name(magic, name, read_as):
    from scorer.ingest import detect_format

    assert detect_format(magic + bytes(100), Path(name).suffix) == read_as


# --- web pages ----------------------------------------------------------------------------

def test_a_web_page_gives_the_statuses_of_its_text(tmp_path, checklist):
    page = write_html(LINES, tmp_path / "report.html")
    assert statuses(page, checklist) == statuses(TOWNSHIP, checklist)


def test_an_old_table_layout_page_without_a_charset_gives_its_article(tmp_path):
    body = "<br>\n".join("&nbsp;&nbsp;" + line for line in LINES)
    page = (f"<html><body><table><tr><td><a href='/'>首页</a> | <a href='/zw'>政务公开</a></td></tr>"
            f"<tr><td>来源：县司法局　点击数：88</td></tr><tr><td class='zw'>{body}</td></tr>"
            f"<tr><td>版权所有：桐溪镇人民政府 ICP备00000000号</td></tr></table></body></html>")
    (tmp_path / "old.htm").write_bytes(page.encode("gbk"))
    assert [line.strip() for line in read_report(tmp_path / "old.htm").text.splitlines()] == LINES


def test_a_web_page_keeps_its_publication_date_in_the_notes_not_as_the_report_date(tmp_path, checklist):
    page = write_html(LINES[:-1], tmp_path / "undated.html")
    result = score_file(page, checklist)
    assert result.meta.date is None
    assert result.notes == ("web page published 2026-03-20 (not taken as the report's date)",)


def test_a_single_file_web_page_saved_as_doc_is_read_as_a_web_page(tmp_path):
    html = write_html(LINES, tmp_path / "page.html").read_bytes()
    mht = (b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"B\"\r\n\r\n--B\r\n"
           b"Content-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + __import__("base64").encodebytes(html) + b"\r\n--B--\r\n")
    (tmp_path / "report.doc").write_bytes(mht)
    report = read_report(tmp_path / "report.doc")
    assert report.text.splitlines()[0] == LINES[0]
    assert report.notes[0].startswith("read as a single-file web page (MHT)")


def test_a_pdf_named_doc_is_read_as_a_pdf(tmp_path):
    pdf = write_pdf(LINES, tmp_path / "report.pdf")
    misnamed = pdf.rename(tmp_path / "report.doc")
    report = read_report(misnamed)
    assert report.text.splitlines()[0] == LINES[0]
    assert report.notes == ("read as PDF: that is what the file holds, whatever its name (.doc) says",)


# --- traditional characters ---------------------------------------------------------------

def test_a_traditional_report_scores_as_its_simplified_original(tmp_path, checklist):
    path = tmp_path / "traditional.txt"
    path.write_text(opencc.OpenCC("s2t").convert(TEXT), encoding="utf-8")
    assert statuses(path, checklist) == statuses(TOWNSHIP, checklist)
    assert read_report(path).notes == ("written in traditional characters: converted to simplified before matching",)


# --- ZIP archives -------------------------------------------------------------------------

class _GbkName(zipfile.ZipInfo):
    """A member name stored as a Chinese Windows zip tool stores it: GBK bytes, no UTF-8 flag."""

    def _encodeFilenameFlags(self):  # zipfile's hook for the stored name bytes
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_named_zip(path: Path, members: dict[str, bytes]) -> Path:
    """Writes a ZIP the way a Chinese Windows zip tool does: member names in GBK."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(_GbkName(name), data, zipfile.ZIP_DEFLATED)
    raw = path.read_bytes()
    assert "桐溪镇".encode("gbk") in raw and "桐溪镇".encode() not in raw
    return path


def test_archive_members_are_named_after_the_archive(tmp_path):
    docx = write_docx(LINES, tmp_path / "d.docx").read_bytes()
    with zipfile.ZipFile(tmp_path / "batch.zip", "w") as archive:
        archive.writestr("桐溪镇.docx", docx)
        archive.writestr("乡镇/2025/桐溪镇.txt", TEXT.encode("utf-8"))
        archive.writestr("__MACOSX/._桐溪镇.docx", b"\0\5\26\7")
    sources = find_reports([tmp_path / "batch.zip"])
    assert [s.name for s in sources] == [f"{tmp_path}/batch.zip/乡镇/2025/桐溪镇.txt", f"{tmp_path}/batch.zip/桐溪镇.docx"]
    assert all(isinstance(s, ArchiveMember) for s in sources)
    assert [s.read().text.splitlines()[0] for s in sources] == [LINES[0], LINES[0]]


def test_gbk_member_names_from_windows_zip_tools_are_decoded(tmp_path):
    archive = gbk_named_zip(tmp_path / "报告.zip", {"青岚县/桐溪镇人民政府报告.txt": TEXT.encode("gbk")})
    (source,) = find_reports([archive])
    assert source.name == f"{archive}/青岚县/桐溪镇人民政府报告.txt"
    assert source.read().text.replace("\r\n", "\n") == TEXT


def test_an_archive_inside_an_archive_is_read(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("桐溪镇.txt", TEXT.encode("utf-8"))
    with zipfile.ZipFile(tmp_path / "outer.zip", "w") as archive:
        archive.writestr("2025/inner.zip", inner.getvalue())
    (source,) = find_reports([tmp_path / "outer.zip"])
    assert source.name == f"{tmp_path}/outer.zip/2025/inner.zip/桐溪镇.txt"
    assert source.read().text == TEXT


def test_a_zip_bomb_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive, \
            archive.open("report.txt", "w") as member:
        for _ in range(60):
            member.write(b"\0" * 1024**2)
    (source,) = find_reports([tmp_path / "bomb.zip"])
    with pytest.raises(IngestError) as caught:
        source.read()
    assert str(caught.value).startswith("zip bomb? report.txt in the archive expands")


def test_a_corrupt_zip_is_one_error(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04" + os.urandom(500))
    (source,) = find_reports([path])
    with pytest.raises(IngestError) as caught:
        source.read()
    assert str(caught.value).startswith("not a readable ZIP archive")


def test_an_archive_of_one_report_reads_as_that_report(tmp_path):
    with zipfile.ZipFile(tmp_path / "one.zip", "w") as archive:
        archive.writestr("桐溪镇.txt", TEXT.encode("utf-8"))
    assert read_report(tmp_path / "one.zip").text == TEXT


# --- a batch of everything ----------------------------------------------------------------

def test_a_folder_of_mixed_files_scores_the_good_and_lists_the_bad(tmp_path):
    import json

    from typer.testing import CliRunner

    from scorer.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(TOWNSHIP, folder / "a.txt")
    write_docx(LINES, folder / "b.docx")
    write_pdf(LINES, folder / "c.pdf")
    write_html(LINES, folder / "d.html")
    gbk_named_zip(folder / "e.zip", {"桐溪镇.txt": TEXT.encode("gbk"), "空白.txt": b""})
    (folder / "f.docx").write_bytes(b"not a word file")
    (folder / "g.txt").write_text("法治", encoding="utf-8")
    result = CliRunner().invoke(app, ["score", str(folder), "--format", "json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert sorted(Path(r["file"]).name for r in data["reports"]) == ["a.txt", "b.docx", "c.pdf", "d.html", "桐溪镇.txt"]
    assert len({r["score"] for r in data["reports"]}) == 1
    assert {Path(e["file"]).name: e["error"] for e in data["errors"]} == {
        "空白.txt": "the file is empty",
        "f.docx": "a corrupt Word file (not a valid .docx package)",
        "g.txt": "not a report: only 2 Chinese characters (a report has at least 100)",
    }
    assert "Found 8 file(s): scored 5, failed 3." in result.stderr
