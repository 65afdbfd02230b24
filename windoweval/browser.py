"""Headless Chromium, offline: print report pages to PDF, dump a page's DOM, take a screenshot.

无头 Chromium(离线):把报告页面打印为 PDF、导出页面 DOM、截图。

Debian's ``chromium`` (``apt-get install chromium fonts-noto-cjk``; the fonts
draw the Chinese text).  Set ``WINDOWEVAL_CHROMIUM`` to use another binary.
Every run gets a fresh profile directory and no network: host names resolve
to nothing and any request goes to a closed local port, so a page that
reached for a CDN would show it (and fail) here first.
"""
from __future__ import annotations

from .errors import BuildFailed
import contextlib
import os
import urllib.parse
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["find_chromium", "BrowserError", "BrowserRun", "run_chromium", "print_pdf", "served", "dump_dom", "screenshot",
           "INSTALL_HINT"]

INSTALL_HINT = "apt-get install chromium fonts-noto-cjk"
_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BASE_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-dev-shm-usage",
              "--hide-scrollbars", "--mute-audio", "--no-default-browser-check"]
OFFLINE_FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                 "--proxy-bypass-list=<-loopback>"]


class BrowserError(BuildFailed):
    """Chromium is missing, failed or timed out.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": "/nonexistent/chromium"}):  # doctest: +NORMALIZE_WHITESPACE
    ...     try:
    ...         run_chromium(["--version"])
    ...     except BrowserError as e:
    ...         print(e.exit_code, "Chromium not found" in str(e))
    4 True
    """


def find_chromium() -> str | None:
    """The Chromium binary: ``$WINDOWEVAL_CHROMIUM``, else the first of chromium, chromium-browser, google-chrome on
    PATH.

    Examples
    --------
    >>> import sys
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": sys.executable}):
    ...     find_chromium() == sys.executable
    True
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": "/nonexistent/chromium"}):
    ...     find_chromium() is None
    True
    """
    env = os.environ.get("WINDOWEVAL_CHROMIUM")
    if env:
        return env if (Path(env).exists() or shutil.which(env)) else None
    for n in _NAMES:
        p = shutil.which(n)
        if p:
            return p
    return None


@dataclass
class BrowserRun:
    """What a Chromium run gave: its exit code, standard output and standard error.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": "/bin/echo"}):   # a stand-in binary: echoes its arguments
    ...     run = run_chromium(["http://127.0.0.1:1/page.html"])
    >>> type(run).__name__, run.returncode, run.stdout.split()[-1], run.stderr
    ('BrowserRun', 0, 'http://127.0.0.1:1/page.html', '')
    """

    returncode: int
    stdout: str
    stderr: str


def run_chromium(args: list[str], *, timeout: float = 120, offline: bool = True, logging: bool = False) -> BrowserRun:
    """Run headless Chromium with ``args`` (the page URL last), a throw-away profile and no network.

    Examples
    --------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": "/bin/echo"}):   # a stand-in binary: echoes its arguments
    ...     args = run_chromium(["--dump-dom", "http://127.0.0.1:1/page.html"]).stdout.split()
    >>> "--headless" in " ".join(args), any(a.startswith("--user-data-dir=") for a in args), args[-1]
    (True, True, 'http://127.0.0.1:1/page.html')
    """
    exe = find_chromium()
    if exe is None:
        raise BrowserError(f"找不到 Chromium,请安装 / Chromium not found: {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="windoweval-chromium-") as prof:
        cmd = [exe, *BASE_FLAGS, f"--user-data-dir={prof}", *(OFFLINE_FLAGS if offline else []),
               *(["--enable-logging=stderr", "--v=0"] if logging else []), *args]
        env = {**os.environ, "HOME": prof}   # chromium writes caches under $HOME
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                               stdin=subprocess.DEVNULL, errors="replace")
        except subprocess.TimeoutExpired as e:
            raise BrowserError(f"Chromium 超时 / timed out after {timeout:.0f} s: {' '.join(args)}") from e
    return BrowserRun(p.returncode, p.stdout, p.stderr)


def _url(page: str | os.PathLike) -> str:
    s = str(page)
    return s if "://" in s else Path(s).resolve().as_uri()


@contextlib.contextmanager
def served(page: str | os.PathLike):
    """The URL of ``page`` served over HTTP on the loopback, from its own folder only, while the block runs
    (yielded as ``(url, port)``).

    The printed page then has an ``http://127.0.0.1`` origin, so Chromium refuses it every
    ``file://`` URL (an ``<iframe src="file:///etc/passwd">`` cannot be read into the PDF), and
    the only address it may reach is this server (see :data:`OFFLINE_FLAGS`).

    Examples
    --------
    >>> import tempfile
    >>> page = Path(tempfile.mkdtemp()) / "page.html"
    >>> _ = page.write_text("<p id=n></p><script>document.getElementById('n').textContent = 1 + 1</script>")
    >>> import urllib.request
    >>> with served(page) as (url, port):
    ...     body = urllib.request.urlopen(url).read().decode()
    >>> url == f"http://127.0.0.1:{port}/page.html", "textContent" in body
    (True, True)
    """
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    page = Path(page).resolve()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(page.parent)))
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/{urllib.parse.quote(page.name)}", srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()


#: The browser window a page is laid out in before it is printed: the A4 content box (210 mm less the
#: pages' 12 mm margins a side, at 96 css px per inch), so the charts are drawn no wider than the paper.
PRINT_WINDOW = "--window-size=703,1000"


def _served_flags(port: int) -> list[str]:
    # every host name resolves to nothing; every request goes to a closed proxy but this one server
    return ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--proxy-server=http://127.0.0.1:9",
            f"--proxy-bypass-list=<-loopback>;127.0.0.1:{port}", "--disable-file-system",
            "--block-new-web-contents"]


def print_pdf(page: str | os.PathLike, pdf: str | os.PathLike, *, timeout: float = 120, fragment: str = "") -> Path:
    """Print ``page`` (an HTML file) to ``pdf``, after its scripts have drawn the charts.

    ``fragment`` is added to the page's address (``lang=en``: the English side of a two-language page).

    The page is served from its folder over the loopback (:func:`served`): no ``file://`` URL
    and no network is within its reach.

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> page = Path(tempfile.mkdtemp()) / "page.html"
    >>> _ = page.write_text("<p id=n></p><script>document.getElementById('n').textContent = 1 + 1</script>")
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": "/nonexistent/chromium"}):   # no Chromium: refused, exit 4
    ...     try:
    ...         print_pdf(page, page.with_suffix(".pdf"))
    ...     except BrowserError as e:
    ...         print(e.exit_code)
    4

    With Chromium installed (a few seconds a page; tests/test_browser.py runs it):

    >>> print_pdf(page, page.with_suffix(".pdf")).read_bytes()[:5]   # doctest: +SKIP
    b'%PDF-'
    """
    pdf = Path(pdf).resolve()
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with served(page) as (url, port):
        r = run_chromium(["--no-pdf-header-footer", "--print-to-pdf-no-header", "--virtual-time-budget=10000",
                          "--run-all-compositor-stages-before-draw", f"--print-to-pdf={pdf}", PRINT_WINDOW, *_served_flags(port),
                          url + (f"#{fragment}" if fragment else "")], timeout=timeout, offline=False)
    if r.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise BrowserError(f"PDF 打印失败 / printing {page} to PDF failed (exit {r.returncode}): {r.stderr[-800:]}")
    return pdf


def dump_dom(page: str | os.PathLike, *, timeout: float = 120, as_printed: bool = False) -> BrowserRun:
    """The page's DOM after its scripts ran (``stdout``), with the browser's console log (``stderr``).

    ``as_printed``: open the page as :func:`print_pdf` does (served over the loopback, no file access).

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> page = Path(tempfile.mkdtemp()) / "page.html"
    >>> _ = page.write_text("<p id=n></p><script>document.getElementById('n').textContent = 1 + 1</script>")
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": "/nonexistent/chromium"}):   # no Chromium: refused, exit 4
    ...     try:
    ...         dump_dom(page)
    ...     except BrowserError as e:
    ...         print(e.exit_code)
    4

    With Chromium installed (a few seconds a page; tests/test_browser.py runs it):

    >>> "<p id=\\"n\\">2</p>" in dump_dom(page).stdout   # doctest: +SKIP
    True
    """
    if not as_printed:
        return run_chromium(["--virtual-time-budget=10000", "--dump-dom", _url(page)], timeout=timeout, logging=True)
    with served(page) as (url, port):
        return run_chromium(["--virtual-time-budget=10000", "--dump-dom", PRINT_WINDOW, *_served_flags(port), url],
                            timeout=timeout, logging=True, offline=False)


def screenshot(page: str | os.PathLike, png: str | os.PathLike, *, size=(1280, 2400), timeout: float = 120) -> Path:
    """A PNG screenshot of ``page``.

    Examples
    --------
    >>> import tempfile
    >>> from unittest import mock
    >>> page = Path(tempfile.mkdtemp()) / "page.html"
    >>> _ = page.write_text("<p id=n></p><script>document.getElementById('n').textContent = 1 + 1</script>")
    >>> with mock.patch.dict(os.environ, {"WINDOWEVAL_CHROMIUM": "/nonexistent/chromium"}):   # no Chromium: refused, exit 4
    ...     try:
    ...         screenshot(page, page.with_suffix(".png"), size=(200, 100))
    ...     except BrowserError as e:
    ...         print(e.exit_code)
    4

    With Chromium installed (a few seconds a page; tests/test_browser.py runs it):

    >>> screenshot(page, page.with_suffix(".png"), size=(200, 100)).read_bytes()[1:4]   # doctest: +SKIP
    b'PNG'
    """
    png = Path(png).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    r = run_chromium(["--virtual-time-budget=10000", f"--window-size={size[0]},{size[1]}", f"--screenshot={png}",
                      _url(page)], timeout=timeout)
    if not png.exists():
        raise BrowserError(f"截图失败 / screenshot of {page} failed (exit {r.returncode}): {r.stderr[-800:]}")
    return png
