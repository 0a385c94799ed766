"""The layers of the package (`.importlinter`, checked by `make lint` with import-linter): every
module of faq_export is in one of them, so a new module cannot slip past the contract."""

from __future__ import annotations

import configparser
import pkgutil

import faq_export
from tests.conftest import ROOT


def test_every_top_level_module_is_in_a_layer():
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter")
    layers = config["importlinter:contract:layers"]["layers"]
    named = {name.strip() for line in layers.splitlines() for name in line.split(":")}
    modules = {f"faq_export.{m.name}" for m in pkgutil.iter_modules(faq_export.__path__)}
    assert modules - named == set()
