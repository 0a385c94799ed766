"""SARIF for CI: `check --format sarif` and `build --sarif` write SARIF 2.1.0 that validates
against the OASIS schema, with rules and their help, results placed at a file and line (a
source finding at its line of faq.yaml), levels, and accepted findings as suppressions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from faq_export.cli import main
from tests.conftest import EVERY_NODE, FAQ, ROOT

SCHEMA = json.loads((ROOT / "tests" / "sarif" / "sarif-schema-2.1.0.json").read_text())
LINEAGEOS = ROOT / "tests" / "realworld" / "lineageos-faq.yaml"


def valid(text: str) -> dict:
    log = json.loads(text)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    (run,) = log["runs"]
    rules = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] in ("error", "warning")
        (location,) = result["locations"]
        assert location["physicalLocation"]["region"]["startLine"] >= 1
    return run


def test_a_build_writes_its_findings_at_their_lines_of_the_source(tmp_path: Path):
    sarif = tmp_path / "found.sarif"
    args = ["build", str(LINEAGEOS), "--out", str(tmp_path / "out"), "-q", "--format", "pdf"]
    assert main([*args, "--sarif", str(sarif)]) == 0
    run = valid(sarif.read_text(encoding="utf-8"))
    here = [r for r in run["results"] if r["ruleId"] == "FE-LINK-TEXT"]
    assert len(here) == 2 and all(r["level"] == "warning" for r in here)
    lines = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in here)
    assert lines == [75, 118]  # where `validate` places them
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
            "lineageos-faq.yaml"
        )
        for r in here
    )
    (rule,) = [d for d in run["tool"]["driver"]["rules"] if d["id"] == "FE-LINK-TEXT"]
    assert "WCAG 2.4.4" in rule["fullDescription"]["text"] and rule["help"]["text"]


def test_an_accepted_finding_is_a_suppressed_result(tmp_path: Path):
    sarif = tmp_path / "found.sarif"
    args = ["build", str(FAQ), "--out", str(tmp_path / "out"), "-q", "--format", "txt"]
    assert main([*args, "--sarif", str(sarif)]) == 0
    run = valid(sarif.read_text(encoding="utf-8"))
    (accepted,) = [r for r in run["results"] if r.get("suppressions")]
    assert accepted["suppressions"][0]["kind"] == "inSource"
    assert "video center" in accepted["suppressions"][0]["justification"]


def test_a_failed_build_still_writes_its_sarif(tmp_path: Path):
    sarif = tmp_path / "found.sarif"
    out = tmp_path / "out"
    args = ["build", str(LINEAGEOS), "--out", str(out), "-q", "--format", "txt", "--strict"]
    assert main([*args, "--sarif", str(sarif)]) == 1
    assert not out.exists()  # nothing was written but the report
    run = valid(sarif.read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in run["results"]] == ["FE-LINK-TEXT", "FE-LINK-TEXT"]


def test_check_judges_a_folder_and_writes_sarif(
    tmp_path: Path, every_node_outputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
):
    folder = tmp_path / "docs"
    folder.mkdir()
    for path in every_node_outputs.values():
        shutil.copy(path, folder)
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n")  # cut short: told apart, reported, exit 2
    (folder / "notes.txt").write_text("not judged", encoding="utf-8")
    assert main(["check", str(folder), "--format", "sarif", "--no-epubcheck"]) == 2
    out = capsys.readouterr()
    run = valid(out.out)
    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert sorted(Path(u).suffix for u in uris) == [".docx", ".epub", ".pdf"]
    assert "broken.pdf" in out.err


def test_a_folder_with_nothing_to_check_is_said(tmp_path: Path, capsys):
    assert main(["check", str(tmp_path)]) == 2
    assert "no file to check in this folder" in capsys.readouterr().err


def test_sarif_of_a_file_with_errors(tmp_path: Path, capsys):
    """A document's finding is placed in the document (line 1: it has no lines) with its
    place in words as a logical location."""
    assert main(["build", str(EVERY_NODE), "--format", "html", "--out", str(tmp_path), "-q"]) == 0
    page = next(tmp_path.glob("*.html"))
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r'<html lang="[^"]*"', "<html", text, count=1), encoding="utf-8")
    assert main(["check", str(page), "--format", "sarif"]) == 1
    run = valid(capsys.readouterr().out)
    errors = [r for r in run["results"] if r["level"] == "error"]
    assert errors and errors[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert errors[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(
        page.name
    )
