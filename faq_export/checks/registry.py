"""Rules as small registered functions, each with its metadata beside it.

A checker is a ``Registry`` of checks over a context that parses its file once (a
``functools.cached_property`` per parse). Each check is registered with the ``Rule`` it
judges, and yields ``Hit``s: where and what. The registry turns them into ``Finding``s with the
rule's id, severity and fix, so a rule's severity is decided in one place whatever finds it.
A rule shared by several checkers (``FE-LINK-TEXT``) is one ``Rule`` object registered in each.

The model is markdown-it-py's ``Ruler``: a list of named functions run in order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from faq_export.checks.findings import Finding, Rule, Severity

C = TypeVar("C")
E, W = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Hit:
    """One problem a check found: where a reader finds it, and what is wrong."""

    where: str
    message: str
    source: str | None = None  # path:line:column in the FAQ source
    target: str | None = None  # section or question id
    subject: str | None = None  # the text judged, when the same text is judged in each format


Check = Callable[[C], Iterable[Hit]]


class Registry(Generic[C]):
    def __init__(self, name: str) -> None:
        self.name = name
        self.checks: list[tuple[Rule, Check[C]]] = []

    @property
    def rules(self) -> dict[str, Rule]:
        return {rule.id: rule for rule, _ in self.checks}

    def check(self, rule: Rule) -> Callable[[Check[C]], Check[C]]:
        """Register the decorated function as the check of ``rule``."""

        def register(function: Check[C]) -> Check[C]:
            if any(known.id == rule.id for known, _ in self.checks):
                raise ValueError(f"{self.name}: rule {rule.id} is registered twice")
            self.checks.append((rule, function))
            return function

        return register

    def run(self, context: C) -> list[Finding]:
        return [
            Finding(
                rule.id,
                rule.severity,
                hit.where,
                hit.message,
                rule.fix,
                source=hit.source,
                target=hit.target,
                subject=hit.subject,
                ours=rule.ours or None,
            )
            for rule, check in self.checks
            for hit in check(context)
        ]
