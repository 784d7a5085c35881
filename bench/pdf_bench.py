"""Pages per second and peak memory: read_pdf against pdfplumber's bare extract_text.

    .venv/bin/python bench/pdf_bench.py FILE.pdf [--pages N]

Each variant runs in its own child process so peak RSS (ru_maxrss) is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_plumber(path: Path, pages: int | None) -> dict:
    import pdfplumber

    t = time.perf_counter()
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages[:pages]:
            page.extract_text()
            page.close()
            n += 1
    return {"pages": n, "seconds": time.perf_counter() - t}


def run_reader(path: Path, pages: int | None) -> dict:
    sys.path.insert(0, str(ROOT))
    from thaiplan.extract.readers.pdf import read_pdf

    t = time.perf_counter()
    doc = read_pdf(path, path.name)
    return {"pages": doc.page_count, "seconds": time.perf_counter() - t, "blocks": len(doc.blocks)}


def child(kind: str, path: Path, pages: int | None) -> None:
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    result = (run_plumber if kind == "pdfplumber" else run_reader)(path, pages)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", type=Path)
    ap.add_argument("--pages", type=int, default=None, help="pdfplumber only: first N pages")
    ap.add_argument("--child", choices=["pdfplumber", "read_pdf"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.pdf, args.pages)
        return 0
    print(f"{'variant':28} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak RSS MB':>12}")
    for kind in ("pdfplumber", "read_pdf"):
        out = (
            subprocess.run(
                [sys.executable, __file__, str(args.pdf), "--child", kind]
                + (["--pages", str(args.pages)] if args.pages else []),
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        r = json.loads(out)
        label = "pdfplumber extract_text" if kind == "pdfplumber" else "thaiplan read_pdf"
        print(
            f"{label:28} {r['pages']:6} {r['seconds']:8.1f} {r['pages'] / r['seconds']:8.2f} {r['peak_rss_mb']:12.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
