"""Word 97–2003 .doc reports, through Debian's `antiword`, else LibreOffice.

No Python library reads .doc reliably, so an external program does: antiword (small, fast,
reads Chinese Word 97+ files) when it is installed, LibreOffice (`soffice --headless
--convert-to txt`) when antiword is missing or refuses the file (Word 6/95 files, files made
by WPS). With neither installed the error says what to install.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from scorer.ingest.ingested import IngestedReport, IngestError

INSTALL_HINT = ("install antiword (Debian/Ubuntu: apt-get install antiword) or LibreOffice, "
                "or save the file as .docx")
_TIMEOUT_S = 120
_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")


def _antiword_text(path: Path, antiword: str) -> str:
    done = subprocess.run([antiword, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                          timeout=_TIMEOUT_S, check=False)
    message = done.stderr.decode("utf-8", errors="replace").strip()
    if "ncrypt" in message:
        raise IngestError("the Word file is password-protected: save an unprotected copy")
    if done.returncode != 0:
        raise IngestError(f"antiword cannot read the file ({message.splitlines()[-1] if message else 'no reason given'})")
    return done.stdout.decode("utf-8", errors="replace")


def _libreoffice_text(path: Path, soffice: str) -> str:
    with tempfile.TemporaryDirectory(prefix="fazhi-lo-") as out:
        # A profile of its own, so that a LibreOffice the user has open does not take the job.
        profile = Path(out, "profile").as_uri()
        done = subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
             "txt:Text (encoded):UTF8", "--outdir", out, str(path)],
            capture_output=True, timeout=_TIMEOUT_S, check=False)
        converted = Path(out, path.stem + ".txt")
        if done.returncode != 0 or not converted.exists():
            raise IngestError("LibreOffice cannot read the file (corrupt or not a Word document)")
        return converted.read_text(encoding="utf-8-sig", errors="replace")


def _tidy(text: str) -> str:
    """Returns antiword's text with table rows as "cell，cell" lines and picture marks dropped."""
    lines = []
    for line in text.splitlines():
        row = _TABLE_ROW.match(line.strip())
        if row:
            line = "，".join(c.strip() for c in row.group(1).split("|") if c.strip())
        lines.append(line.replace("[pic]", ""))
    return "\n".join(lines)


def read_doc(data: bytes) -> IngestedReport:
    """Returns the report in the bytes of a .doc file; raises IngestError with the reason."""
    antiword = shutil.which("antiword")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not antiword and not soffice:
        raise IngestError(f"cannot read Word 97–2003 (.doc) files on this machine: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="fazhi-doc-") as tmp:
        path = Path(tmp, "report.doc")
        path.write_bytes(data)
        try:
            if antiword:
                try:
                    return IngestedReport(_tidy(_antiword_text(path, antiword)))
                except IngestError as exc:
                    if not soffice or "password" in str(exc):
                        raise
            assert soffice is not None
            return IngestedReport(_libreoffice_text(path, soffice), ("read with LibreOffice",))
        except subprocess.TimeoutExpired:
            raise IngestError(f"reading the .doc file took more than {_TIMEOUT_S} s") from None
        except OSError as exc:
            raise IngestError(f"cannot run the .doc reader ({exc.strerror or exc})") from None
