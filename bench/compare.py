"""`make bench` / `make bench-large`: our whole build against pandoc's three builds, bare
WeasyPrint on our own HTML, and Typst, side by side on the same machine in one run.

The FAQs are made deterministically from content/faq.yaml: its questions repeated (lists,
links, emphasis kept) to 15, 100, 300 (`make bench`) or 1,000 and 3,000 questions
(`make bench-large`). Each tool runs as a whole process, as people run it, the tools taking
turns; the figures are wall time (median of the runs) and peak resident memory (the largest
process, from wait4).
pandoc builds the same content from Markdown: PDF through WeasyPrint (`pdf/ua-1`), EPUB and
DOCX; bare WeasyPrint renders the HTML our print template makes, with nothing of ours around
it; Typst (PDF/UA-1) is the distance to the fastest engine. Ratios, not seconds, are what to
compare between machines.

Writes output/bench/results.json, output/bench/results.md (a Markdown table) and
output/bench/plot.png (time and memory against questions).
"""

from __future__ import annotations

import copy
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
BIN = Path(PYTHON).parent
OUT = ROOT / "output" / "bench"
SETS = {"bench": (15, 100, 300), "large": (1000, 3000)}
TOOLS = ("ours", "pandoc", "weasyprint", "typst")
LABELS = {
    "ours": "our build (3 formats)",
    "pandoc": "pandoc's 3 builds",
    "weasyprint": "bare WeasyPrint on our HTML",
    "typst": "Typst, PDF/UA-1",
}


def runs_for(size: int) -> int:
    return 7 if size <= 100 else 3 if size <= 300 else 1


# --- the inputs ---------------------------------------------------------------------------


def make_inputs(size: int, folder: Path) -> dict[str, Path]:
    """faq.yaml with ``size`` questions, the same as Markdown (for pandoc), our print HTML
    (for bare WeasyPrint) and Typst (pandoc's Typst writer)."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 10_000
    data = yaml.load((ROOT / "content" / "faq.yaml").read_text(encoding="utf-8"))
    originals = [q for s in data["sections"] for q in s.get("questions", [])]
    grown = []
    for index in range(size):
        question = copy.deepcopy(originals[index % len(originals)])
        question["id"] = f"q{index + 1}"
        grown.append(question)
    data["sections"][-1]["questions"] = grown
    data.pop("accessibility", None)  # its acceptance names a place the copies do not all have
    source = folder / "faq.yaml"
    with source.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)

    meta = data["metadata"]
    markdown = [f"---\ntitle: {json.dumps(meta['title'])}\nlang: {meta['language']}\n---\n"]
    markdown.append(str(data.get("intro", "")))
    for section in data["sections"]:
        markdown.append(f"# {section['title']}\n")
        if section.get("body"):
            markdown.append(str(section["body"]))
        for number, question in enumerate(section.get("questions", []), 1):
            markdown.append(f"## {number}. {question['question']}\n")
            markdown.append(str(question["answer"]))
    md = folder / "faq.md"
    md.write_text("\n".join(markdown), encoding="utf-8")

    typ = folder / "faq.typ"
    _run([_pandoc(), str(md), "-s", "-t", "typst", "-o", str(typ)])

    html = folder / "faq.html"
    script = (
        "import sys; from pathlib import Path\n"
        "from faq_export.source import load_document\n"
        "from faq_export.render.pdf import render_html\n"
        "from faq_export.limits import DEFAULT\n"
        "limits = DEFAULT.with_values(['source_bytes=100000000'])\n"
        "Path(sys.argv[2]).write_text(render_html(load_document(Path(sys.argv[1]), limits)))\n"
    )
    _run([PYTHON, "-c", script, str(source), str(html)])
    return {"yaml": source, "md": md, "typ": typ, "html": html}


def _pandoc() -> str:
    import pypandoc  # type: ignore[import-untyped]

    return str(pypandoc.get_pandoc_path())


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} … failed:\n{result.stderr[-2000:]}")


# --- the measurements ---------------------------------------------------------------------


def measure(commands: list[list[str]], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds for ``commands`` run one after the other, and the peak RSS (MB) of the largest
    process (its waited-for children included)."""
    start = time.perf_counter()
    peak = 0
    for command in commands:
        # stderr to a file, not a pipe: a pipe nobody reads until the end blocks a process
        # that writes more than 64 KiB to it.
        with tempfile.TemporaryFile() as errors:
            process = subprocess.Popen(
                command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors
            )
            _, status, usage = os.wait4(process.pid, 0)
            if status != 0:
                errors.seek(0)
                error = errors.read().decode("utf-8", "replace")
                raise SystemExit(f"{command[:3]} failed ({status}): {error[-3000:]}")
        peak = max(peak, usage.ru_maxrss)
    return time.perf_counter() - start, peak / 1024


def commands(tool: str, inputs: dict[str, Path], out: Path) -> list[list[str]]:
    if tool == "ours":
        # 3,000 questions are 2.5 MB of YAML, more than the default limit of 2,000,000 bytes.
        big = "--limit=source_bytes=100000000"
        build = [PYTHON, "-m", "faq_export", big, "build", str(inputs["yaml"]), "--out", str(out)]
        return [[*build, "-q"]]
    if tool == "pandoc":
        pandoc = _pandoc()
        md = str(inputs["md"])
        return [
            [
                pandoc, md, "-o", str(out / "faq.pdf"), "--pdf-engine=weasyprint",
                "--pdf-engine-opt=--pdf-variant=pdf/ua-1", "--toc",
            ],
            [pandoc, md, "-o", str(out / "faq.epub"), "--toc"],
            [pandoc, md, "-o", str(out / "faq.docx"), "--toc"],
        ]  # fmt: skip
    if tool == "weasyprint":
        script = (
            "import sys; from pathlib import Path; import weasyprint\n"
            "from faq_export.fonts import font_folders\n"
            "from faq_export.resources import TEMPLATE_DIR\n"
            "from faq_export.sandbox import SandboxFetcher\n"
            "fetcher = SandboxFetcher((TEMPLATE_DIR, *font_folders()), {})\n"
            "weasyprint.HTML(string=Path(sys.argv[1]).read_text(), url_fetcher=fetcher,\n"
            "    base_url=TEMPLATE_DIR.as_uri() + '/').write_pdf(sys.argv[2],\n"
            "    pdf_variant='pdf/a-2a', presentational_hints=True)\n"
        )
        return [[PYTHON, "-c", script, str(inputs["html"]), str(out / "bare.pdf")]]
    script = (
        "import sys, typst\n"
        "typst.compile(sys.argv[1], output=sys.argv[2], pdf_standards=['ua-1'])\n"
    )
    return [[PYTHON, "-c", script, str(inputs["typ"]), str(out / "faq-typst.pdf")]]


def pdf_pages(path: Path) -> int:
    import pikepdf

    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def bench(sizes: tuple[int, ...]) -> dict[str, Any]:
    """Each size's tools run in rounds, one run of every tool a round (after one untimed
    round at the first size, which fills the caches a first build makes), so that a change
    in the machine's load in the middle of the run weighs on every tool alike; the ratio
    to pandoc is the median of the rounds' ratios."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["SOURCE_DATE_EPOCH"] = "1790000000"
    results: dict[str, Any] = {}
    for index, size in enumerate(sizes):
        with tempfile.TemporaryDirectory() as work:
            folder = Path(work)
            inputs = make_inputs(size, folder)
            for tool in TOOLS:
                (folder / tool).mkdir()
            if index == 0:
                for tool in TOOLS:
                    measure(commands(tool, inputs, folder / tool), folder, env)
            timings: dict[str, list[tuple[float, float]]] = {tool: [] for tool in TOOLS}
            for _ in range(runs_for(size)):
                for tool in TOOLS:
                    timings[tool].append(
                        measure(commands(tool, inputs, folder / tool), folder, env)
                    )
            row: dict[str, Any] = {"runs": runs_for(size)}
            for tool in TOOLS:
                row[tool] = {
                    "seconds": round(statistics.median(t for t, _ in timings[tool]), 3),
                    "peak_rss_mb": round(max(m for _, m in timings[tool]), 1),
                }
                print(
                    f"{size:>5} questions  {LABELS[tool]:30} {row[tool]['seconds']:8.2f} s "
                    f"{row[tool]['peak_rss_mb']:8.0f} MB",
                    flush=True,
                )
            row["pdf_pages"] = pdf_pages(next((folder / "ours").glob("*.pdf")))
            ratios = [
                ours / pandoc
                for (ours, _), (pandoc, _) in zip(timings["ours"], timings["pandoc"], strict=True)
            ]
            row["ours_over_pandoc"] = round(statistics.median(ratios), 2)
            results[str(size)] = row
    return results


# --- the report ---------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
    }


def table(results: dict[str, Any]) -> str:
    lines = [
        "| questions (PDF pages) | our build (3 formats) | pandoc's 3 builds | ours / pandoc "
        "| bare WeasyPrint on our HTML | Typst, PDF/UA-1 |",
        "|---|---|---|---|---|---|",
    ]
    for size, row in sorted(results.items(), key=lambda item: int(item[0])):

        def cell(tool: str, row: dict[str, Any] = row) -> str:
            return f"{row[tool]['seconds']:.2f} s, {row[tool]['peak_rss_mb']:.0f} MB"

        lines.append(
            f"| {int(size):,} ({row['pdf_pages']}) | {cell('ours')} | {cell('pandoc')} | "
            f"{row['ours_over_pandoc']:.2f} | {cell('weasyprint')} | {cell('typst')} |"
        )
    return "\n".join(lines) + "\n"


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import NullFormatter

    sizes = sorted(int(s) for s in results)
    figure, (seconds, memory) = plt.subplots(1, 2, figsize=(11, 4.2))
    for tool, style in zip(TOOLS, ("o-", "s--", "^-.", "d:"), strict=True):
        seconds.plot(sizes, [results[str(s)][tool]["seconds"] for s in sizes], style,
                     label=LABELS[tool])  # fmt: skip
        memory.plot(sizes, [results[str(s)][tool]["peak_rss_mb"] for s in sizes], style,
                    label=LABELS[tool])  # fmt: skip
    for axis, label in ((seconds, "wall time (s)"), (memory, "peak memory (MB)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xticks(sizes)
        axis.set_xticklabels([f"{size:,}" for size in sizes])
        axis.xaxis.set_minor_formatter(NullFormatter())
        axis.set_xlabel("questions")
        axis.set_ylabel(label)
        axis.grid(True, which="both", alpha=0.3)
    seconds.legend(fontsize=8)
    seconds.set_title("Time to build, by number of questions")
    memory.set_title("Peak memory, by number of questions")
    figure.tight_layout()
    figure.savefig(path, dpi=110)


def main() -> int:
    """compare.py [bench|large|report] [SIZE…]: measure (``report`` only redraws the table
    and the plot from results.json)."""
    which = sys.argv[1] if len(sys.argv) > 1 else "bench"
    sizes = tuple(int(s) for s in sys.argv[2:]) or SETS.get(which, ())
    OUT.mkdir(parents=True, exist_ok=True)
    report = OUT / "results.json"
    previous = json.loads(report.read_text()) if report.exists() else {}
    results = {**previous.get("sizes", {}), **bench(sizes)}
    data = {"machine": machine(), "sizes": results}
    report.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    markdown = table(results)
    (OUT / "results.md").write_text(markdown, encoding="utf-8")
    plot(results, OUT / "plot.png")
    print()
    print(markdown)
    print(f"machine: {data['machine']}")
    print(f"wrote {report}, {OUT / 'results.md'}, {OUT / 'plot.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
