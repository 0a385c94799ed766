"""A module imported when first used, so that commands which never use it start at once
(`faq-export --help` and `validate` never load pikepdf)."""

from __future__ import annotations

import importlib
import types
from typing import Any


class LazyModule(types.ModuleType):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._real: types.ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        # Called only for names not yet here: each is fetched once, then found directly.
        if self._real is None:
            self._real = importlib.import_module(self.__name__)
        value = getattr(self._real, attribute)
        setattr(self, attribute, value)
        return value
