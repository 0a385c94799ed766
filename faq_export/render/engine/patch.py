"""One patch of a library: what it replaces, and the versions it was written for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Patch:
    """One patch: what it replaces is made by ``replacements`` each time the patches are put
    in place, around what is there then (the library's functions, or a caller's wrapper of
    them), which the replacements call and which is put back afterwards."""

    name: str
    kind: Literal["speed", "correctness"]
    versions: dict[str, str]  # module -> its __version__ the patch was written for
    replacements: Callable[[], list[tuple[Any, str, Any]]]  # (owner, attribute, new value)
