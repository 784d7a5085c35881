"""The progress of a batch on stderr: one bar on a terminal, plain lines in a log.

On a terminal, rich draws one bar for the batch (pages done of the pages known, the rate,
the time left, the file being read and its page) and prints each finished file above it,
`[i/N]` in the order files finish. Why rich: it keeps the lines printed above a live bar
(tqdm would need its own clearing and redrawing around every line), it measures Thai
combining marks as taking no column, and it comes with the Frictionless toolkit the exports
use anyway; it is imported only when stderr is a terminal. Elsewhere (a log, CI, a pipe)
there is no bar and no escape code: a line per finished file, one per page OCR reads (a
scan takes seconds a page), and for a long text-layer PDF a line every PLAIN_PAGE_SECONDS.
Every line fits WIDTH columns, a name cut at its start (its end names the file).
"""

from __future__ import annotations

import logging
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command line imports this before it needs the extraction stack
    from thaiplan.extract.model import PageStage
    from thaiplan.pipeline import DocumentSummary

#: Columns every line fits: the summary table, the totals and the progress lines.
WIDTH = 100
#: Columns the bar itself takes on its line, with the space after it.
BAR_COLUMNS = 24
#: Seconds between two lines about the text-layer pages of one file, without a terminal.
PLAIN_PAGE_SECONDS = 10.0


def shorten(text: str, width: int) -> str:
    """`text` cut at its start to `width` terminal columns: a path's end (the file's name
    and the folders nearest it) says the most.

    >>> shorten("../shared/corpus/real/budget2565_book17.pdf", 24)
    '…l/budget2565_book17.pdf'
    """
    if columns(text) <= width:
        return text
    tail = text
    while columns("…" + tail) > width and len(tail) > 1:
        tail = tail[1:]
    while tail and unicodedata.category(tail[0]) in ("Mn", "Me"):
        tail = tail[1:]  # never start on a Thai mark without its letter
    return "…" + tail


def columns(text: str) -> int:
    """Terminal columns: Thai vowel and tone marks combine with the letter before them."""
    return sum(unicodedata.category(ch) not in ("Mn", "Me") for ch in text)


def fitted(before: str, name: str, after: str, width: int = WIDTH) -> str:
    """`before + name + after` within `width` columns, the name cut at its start."""
    room = width - columns(before + after)
    return before + shorten(name, max(room, 12)) + after


def clock(seconds: float) -> str:
    """A duration as a clock: `0:42`, `12:05`, `1:02:05`.

    >>> clock(42.4), clock(725), clock(3725)
    ('0:42', '12:05', '1:02:05')
    """
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


@dataclass
class BatchState:
    """What is known of a batch: files to read and done, the pages of the finished files,
    and of each file being read its pages done and its page count (once a page is read)."""

    files: int = 0
    pdfs: set[str] = field(default_factory=set)  # the files to read that have pages
    files_done: int = 0
    pages_finished: int = 0
    paged_done: int = 0  # finished files that had pages
    reading: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (done, of)

    def page(self, name: str, done: int, total: int, stage: PageStage) -> None:
        """A page of `name` read. An OCR page counts within the page count the text layer
        gave: `total` OCR pages are the last of the file's pages to be done."""
        if stage == "text":
            self.reading[name] = (done, total)
            return
        pages = self.reading.get(name, (0, total))[1]
        self.reading[name] = (pages - total + done, pages)

    def finished(self, name: str, pages: int | None) -> None:
        self.reading.pop(name, None)
        self.pdfs.discard(name)
        self.files_done += 1
        self.pages_finished += pages or 0
        self.paged_done += bool(pages)

    @property
    def pages_done(self) -> int:
        return self.pages_finished + sum(done for done, _ in self.reading.values())

    @property
    def pages_known(self) -> int:
        return self.pages_finished + sum(total for _, total in self.reading.values())

    @property
    def files_unknown(self) -> int:
        """PDFs not yet started: their page counts are not known (a text export has none)."""
        return len(self.pdfs - self.reading.keys())

    def line(self, elapsed: float) -> str:
        """The bar's text: `3/10 files · 412/980+ pages · 35.2 pages/s · 0:16 left` (`+`:
        some files' pages are not known yet; time left counts them at the pages of an
        average file seen so far). Without pages (text exports), rate and time in files."""
        done, known = self.pages_done, self.pages_known
        files = f"{self.files_done}/{self.files} files"
        if not known:
            return " · ".join([files, *self._pace(self.files_done, self.files, elapsed, "files")])
        more = "+" if self.files_unknown else ""
        pages = f"{done:,}/{known:,}{more} pages"
        return " · ".join([files, pages, *self._pace(done, self.estimate, elapsed, "pages")])

    @property
    def estimate(self) -> float:
        """The batch's pages: those known, and for each PDF not started the pages of an
        average PDF started so far."""
        paged = len(self.reading) + self.paged_done
        return self.pages_known + (self.pages_known / paged) * self.files_unknown if paged else 0

    @staticmethod
    def _pace(done: float, total: float, elapsed: float, unit: str) -> list[str]:
        if done <= 0 or elapsed <= 0:
            return []
        rate = done / elapsed
        return [f"{rate:.1f} {unit}/s", f"{clock(max(0.0, total - done) / rate)} left"]


class BatchProgress:
    """Told of each file done (`__call__`), each page read (`page`) and the number of files
    to read (`start`); draws on `stream` (stderr), a bar only when it is a terminal."""

    def __init__(
        self,
        stream: IO[str] | None = None,
        interactive: bool | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.interactive = self.stream.isatty() if interactive is None else interactive
        self.now = now
        self.began = now()
        self.state = BatchState()
        self.said: dict[str, float] = {}  # name -> when its pages were last told, without a bar
        self.bar: Any = None  # rich's Progress, on a terminal
        self.task: Any = None
        self.current = ("", "")  # the file and the page the bar shows
        self.moved: list[logging.StreamHandler] = []  # log handlers sent through the bar

    def start(self, names: list[str]) -> None:
        """The run knows which files it will read: the bar starts."""
        self.state.files = len(names)
        self.state.pdfs = {name for name in names if name.lower().endswith(".pdf")}
        self.began = self.now()
        if self.interactive and names and self.bar is None:
            self._open_bar()

    def __call__(self, doc: DocumentSummary) -> None:
        self.state.finished(doc.source_path, doc.page_count)
        self.said.pop(doc.source_path, None)
        self.current = ("", "")
        of = f"/{self.state.files}" if self.state.files else ""
        after = f": {doc.status}" + (f", {doc.page_count} pages" if doc.page_count else "")
        self._print(fitted(f"[{self.state.files_done}{of}] ", doc.source_path, after))
        self._redraw()

    def page(self, source_path: str, done: int, total: int, stage: PageStage = "ocr") -> None:
        self.state.page(source_path, done, total, stage)
        what = f": OCR page {done} of {total}" if stage == "ocr" else f": page {done} of {total}"
        if self.bar is not None:
            self.current = (source_path, what)
            self._redraw()
            return
        now = self.now()
        if stage == "ocr" or now - self.said.get(source_path, self.began) >= PLAIN_PAGE_SECONDS:
            self.said[source_path] = now
            self._print(fitted("", source_path, what))

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
        for handler in self.moved:
            handler.setStream(self.stream)
        self.moved = []

    def _open_bar(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn

        console = Console(file=self.stream, width=WIDTH, highlight=False, force_terminal=True)
        self.bar = Progress(
            BarColumn(bar_width=BAR_COLUMNS - 2),
            TextColumn("{task.description}", markup=False),
            console=console,
            transient=True,
        )
        self.task = self.bar.add_task("", total=None)
        self.bar.start()
        self._log_above_the_bar()
        self._redraw()

    def _log_above_the_bar(self) -> None:
        """Log handlers writing to our stream (-v) write through rich while the bar is up,
        so a log line prints above the bar instead of through it."""
        proxy = sys.stderr  # rich's, while the bar is live on stderr
        if proxy is self.stream:
            return
        for logger in (logging.getLogger(), logging.getLogger("thaiplan")):
            for handler in logger.handlers:
                if isinstance(handler, logging.StreamHandler) and handler.stream is self.stream:
                    handler.setStream(proxy)
                    self.moved.append(handler)

    def _redraw(self) -> None:
        if self.bar is None:
            return
        state = self.state
        text = state.line(self.now() - self.began)
        name, what = self.current
        if name:  # the file being read, in the room the bar (BAR_COLUMNS) and stats leave
            text = fitted(f"{text} · ", name, what, WIDTH - BAR_COLUMNS)
        total = state.estimate or state.files
        done = state.pages_done if state.pages_known else state.files_done
        self.bar.update(self.task, completed=done, total=total or None, description=text)

    def _print(self, line: str) -> None:
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=self.stream, flush=True)
