"""Article-body extraction benchmark: Broadsheet vs trafilatura and readability, one run.

Scores on ../shared/datasets/extraction-dev with the benchmark's own metric
(../shared/tools/extract_eval.py, imported, not copied) and prints F1, precision,
recall and median milliseconds per page for every extractor.

    .venv/bin/python bench/extraction.py [--limit N] [--repeat N] [--per-page] [--json out.json]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATASET = SHARED / "datasets" / "extraction-dev"
sys.path.insert(0, str(REPO))


def is_held_aside(file_id: str) -> bool:
    """Whether a WCXB page belongs to the slice kept aside from development (about a third).

    Decided by a hash of the file id before any result was looked at; the failures of this
    slice are never inspected while developing, so its figures stand for unseen pages.
    """
    return hashlib.sha256(file_id.encode()).digest()[0] % 3 == 0


def load_scorer() -> ModuleType:
    """The shared scorer module (../shared/tools/extract_eval.py)."""
    path = SHARED / "tools" / "extract_eval.py"
    spec = importlib.util.spec_from_file_location("extract_eval", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["extract_eval"] = module
    spec.loader.exec_module(module)
    return module


def broadsheet_body(html: str, url: str | None) -> str:
    from broadsheet.extraction import extract_article

    article = extract_article(html, url)
    return article.text if article else ""


def trafilatura_default(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False) or ""


def trafilatura_precision(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, favor_precision=True) or ""


def readability_text(html: str, url: str | None) -> str:
    import lxml.html
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    root = lxml.html.fragment_fromstring(summary, create_parent="div")
    blocks = root.xpath(".//p|.//li|.//h1|.//h2|.//h3|.//h4|.//blockquote|.//pre|.//td")
    for block in blocks:
        block.tail = "\n" + (block.tail or "")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return root.text_content()


EXTRACTORS = {
    "broadsheet": broadsheet_body,
    "trafilatura-default": trafilatura_default,
    "trafilatura-precision": trafilatura_precision,
    "readability-lxml": readability_text,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, default=DATASET)
    ap.add_argument("--only", action="append", choices=sorted(EXTRACTORS), help="run only these")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--repeat", type=int, default=1, help="timed passes, fastest kept")
    ap.add_argument("--no-interleave", action="store_true", help="run extractors one after another")
    ap.add_argument("--bootstrap", type=int, default=200)
    ap.add_argument("--per-page", action="store_true", help="print per-page F1 of every extractor")
    ap.add_argument("--json", type=Path, help="write results here")
    args = ap.parse_args(argv)
    if not (args.dataset / "ground-truth.json").is_file():
        print(f"dataset not found: {args.dataset}", file=sys.stderr)
        return 2

    scorer = load_scorer()
    pages = scorer.load_dataset(args.dataset)[: args.limit or None]
    htmls = [page.read_html() for page in pages]
    names = args.only or list(EXTRACTORS)
    runs = scorer.run_extractors(
        [EXTRACTORS[name] for name in names],
        pages,
        htmls,
        pass_url=True,
        warmup=1,
        repeat=args.repeat,
        interleave=not args.no_interleave,
        verbose=False,
    )
    options = argparse.Namespace(
        ngram=4, tokenizer="word", bootstrap=args.bootstrap, seed=0, per_page=True
    )
    results = []
    print(f"{len(pages)} pages from {args.dataset}")
    print(f"{'extractor':<24} {'F1':>6} {'P':>6} {'R':>6} {'median ms':>10} {'mean ms':>8} errors")
    for name, run in zip(names, runs, strict=True):
        res = scorer.build_result(
            name, {}, pages, run.preds, options, times=run.wall, errors=run.errors
        )
        results.append(res)
        m, t = res["metrics"], res["timing"]
        print(
            f"{name:<24} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} "
            f"{t['median_ms']:10.1f} {t['mean_ms']:8.1f} {res['errors']}"
        )
    if "broadsheet" in names and "trafilatura-default" in names:
        ours = results[names.index("broadsheet")]["timing"]["median_ms"]
        base = results[names.index("trafilatura-default")]["timing"]["median_ms"]
        print(f"median time ratio broadsheet / trafilatura-default: {ours / base:.2f}x")
    if args.per_page:
        print("\nper-page F1 (" + ", ".join(names) + ")")
        for i, page in enumerate(pages):
            row = " ".join(f"{res['per_page'][i]['f1']:.3f}" for res in results)
            print(f"{page.page_id[:12]} {row}  {page.url}")
    if args.json:
        import json

        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
