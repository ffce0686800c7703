"""Printing an HTML report to PDF with Debian's chromium, headless (the report's print CSS lays out the pages)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from perimeter.core.errors import Unavailable

_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def print_pdf(html: str, out: Path, browser: str = "chromium", timeout: float = 120.0) -> None:
    """Write ``html`` as the PDF ``out``; raises :class:`Unavailable` when the browser is missing or fails."""
    executable = shutil.which(browser)
    if executable is None:
        raise Unavailable(f"cannot print the PDF: the browser {browser!r} is not installed (set report_browser)")
    with tempfile.TemporaryDirectory(prefix="perimeter-pdf-") as work:
        page = Path(work) / "report.html"
        page.write_text(html, encoding="utf-8")
        target = Path(work) / "report.pdf"
        command = [
            executable,
            *_FLAGS,
            f"--user-data-dir={Path(work) / 'profile'}",
            f"--print-to-pdf={target}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise Unavailable(f"{browser} did not print the report within {timeout:.0f} s") from None
        if done.returncode != 0 or not target.exists() or target.stat().st_size == 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise Unavailable(f"{browser} could not print the report (exit {done.returncode}): {detail[0]}")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(target), out)
