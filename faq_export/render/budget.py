"""Templates with a budget: a print template is a program, perhaps someone else's, and it
runs under limits (docs/limits.md) as the source does.

Jinja's sandbox stops a template reaching Python; it does not stop one running for ever or
filling memory (two nested ``range(100000)`` loops, ``'x' * 1000000000``, a macro or an
include that calls itself). Here every loop, call and piece of output is counted while the
template renders:

- each loop's items and each call tick a counter, and the time (``template_seconds``) and
  the memory the rendering has taken (``template_memory``) are looked at every 1,024 ticks;
- every piece of output is counted where it is made, in macros and blocks too
  (``template_output`` characters);
- calls inside calls and templates inside templates (include, import, extends) are counted
  (``template_depth``);
- the operations that make a large value out of a small one are measured before they run:
  ``*``, ``+``, ``**`` and ``%``, ``format``, and the filters and methods that pad, repeat,
  join or replace; ``range`` is refused above 100,000 items, as Jinja's sandbox does.

A template that goes beyond a limit stops with ``file:line: what, and what to do`` (exit 2),
as does an error of the template's own code (``1 / 0``).
"""

from __future__ import annotations

import functools
import os
import re
import string
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
from markupsafe import escape

from faq_export.errors import RenderError
from faq_export.limits import DEFAULT, Limits

TICKS_PER_LOOK = 1024  # ticks between two looks at the clock and the memory
MAX_ITEMS = 10 * MAX_RANGE  # items of one list a template makes (1,000,000)
MAX_DIGITS = 4000  # digits of one number (Python prints at most 4,300)
MAX_BITS = int(MAX_DIGITS * 3.33)


class TemplateLimitError(Exception):
    """The template went beyond one of its limits, or asked for too large a value."""

    def __init__(self, what: str, hint: str) -> None:
        super().__init__(f"{what}; {hint}")
        self.what = what
        self.hint = hint


def _resident_bytes() -> int:
    """This process's resident memory now (Linux), or its peak (elsewhere)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class Budget:
    """What one rendering may spend, and what it has spent."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = time.monotonic() + limits.template_seconds
        self.memory_at_start = _resident_bytes()
        self.written = 0
        self.depth = 0
        self.ticks = 0

    def tick(self) -> None:
        self.ticks += 1
        if not self.ticks % TICKS_PER_LOOK:
            self.look()

    def look(self) -> None:
        """The clock and the memory, against their limits."""
        if time.monotonic() > self.deadline:
            seconds = self.limits.template_seconds
            raise TemplateLimitError(
                f"the template ran for more than {seconds:,} seconds",
                "look for a loop inside a loop, or raise the limit with "
                f"--limit template_seconds={seconds * 10}",
            )
        grown = _resident_bytes() - self.memory_at_start
        if grown > self.limits.template_memory:
            raise TemplateLimitError(
                f"the template took more than {self.limits.template_memory:,} bytes of memory",
                "look for a list or text that grows in a loop, or raise the limit with "
                f"--limit template_memory={self.limits.template_memory * 2}",
            )

    def output(self, characters: int) -> None:
        """``characters`` more written, in the output or in a macro's or block's."""
        self.written += characters
        if self.written > self.limits.template_output:
            raise TemplateLimitError(
                f"the template wrote more than {self.limits.template_output:,} characters",
                "look for a loop that writes too much, or raise the limit with "
                f"--limit template_output={self.limits.template_output * 2}",
            )
        self.tick()

    def loop(self, iterable: Any) -> Counted:
        return Counted(iterable, self)

    def sized(self, value: Any) -> Any:
        """``value``, once it is known to be no larger than one value may be."""
        if isinstance(value, str):
            self.size(len(value))
        return value

    def size(self, characters: int, items: bool = False) -> None:
        """Refuse a value of more than the output limit's characters (or MAX_ITEMS items)
        before it is made; a large one is a moment to look at the clock and memory."""
        most = MAX_ITEMS if items else self.limits.template_output
        if characters > most:
            kind = "items" if items else "characters"
            raise TemplateLimitError(
                f"the template asks for a {'list' if items else 'text'} of {characters:,} "
                f"{kind}, more than {most:,}",
                "make it shorter"
                + ("" if items else ", or raise the limit with --limit template_output=N"),
            )
        if characters > 100_000:
            self.look()
        else:
            self.tick()

    def number(self, bits: int) -> None:
        if bits > MAX_BITS:
            raise TemplateLimitError(
                f"the template asks for a number of more than {MAX_DIGITS:,} digits",
                "use smaller numbers",
            )


class Counted:
    """An iterable whose every item ticks the budget; its length is the iterable's (for
    ``loop.length`` and ``loop.last``)."""

    __slots__ = ("budget", "iterable")

    def __init__(self, iterable: Any, budget: Budget) -> None:
        self.iterable = iterable
        self.budget = budget

    def __iter__(self) -> Iterator[Any]:
        tick = self.budget.tick
        for item in self.iterable:
            tick()
            yield item

    def __len__(self) -> int:
        return len(self.iterable)


class BudgetedCodeGenerator(CodeGenerator):
    """Jinja's code with the budget's counters: each loop's items, each output's template
    text (the values written go through ``finalize``), each joined text."""

    counted: set[int]  # the loops' iterables still to be written

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        if not (frame.require_output_check and self.has_known_extends):
            text = sum(len(n.data) for n in node.nodes if isinstance(n, nodes.TemplateData))
            if text:
                self.writeline(f"environment.budget.output({text})")
        super().visit_Output(node, frame)

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        # Jinja allows no node types of our own: the iterable is marked, and ``visit``
        # writes it counted.
        self.counted = getattr(self, "counted", set())
        self.counted.add(id(node.iter))
        super().visit_For(node, frame)

    def visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        counted = getattr(self, "counted", None)
        if counted and id(node) in counted:
            counted.discard(id(node))
            self.write("environment.budget.loop(")
            super().visit(node, *args, **kwargs)
            self.write(")")
            return None
        return super().visit(node, *args, **kwargs)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.budget.sized(")
        super().visit_Concat(node, frame)
        self.write(")")


# '%' conversions: the width and precision, digits or '*'.
PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?[a-zA-Z%]")


def _numbers(value: Any) -> Iterator[int]:
    if isinstance(value, bool):
        return
    if isinstance(value, int):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            if isinstance(item, int) and not isinstance(item, bool):
                yield item
    elif isinstance(value, dict):
        yield from _numbers(list(value.values()))


def _length(value: Any) -> int:
    return len(value) if isinstance(value, Sized) else 0


class BudgetedEnvironment(SandboxedEnvironment):
    """The sandbox with a budget (``Budget``): see the module's notes."""

    code_generator_class = BudgetedCodeGenerator
    intercepted_binops = frozenset({"*", "+", "**", "%"})

    def __init__(self, budget: Budget, **options: Any) -> None:
        super().__init__(finalize=self._written, **options)
        self.budget = budget
        self.globals["range"] = self._range
        lipsum: Callable[..., Any] = self.globals["lipsum"]  # type: ignore[assignment]
        self.globals["lipsum"] = self._guarded(lipsum, self._lipsum_size)
        for name, measure in {
            "center": lambda v, width=80: width,
            "indent": self._indent_size,
            "replace": self._replace_size,
            "join": self._join_size,
            "wordwrap": lambda v, width=79, b=True, wrapstring=None, *a, **k: (
                _length(v) * (1 + _length(wrapstring or "\n"))
            ),
            "urlize": lambda v, *a, **k: (
                _length(v) * (1 + sum(_length(x) for x in (*a, *k.values()) if isinstance(x, str)))
            ),
            "format": lambda v, *a, **k: self._percent_size(v, a or k),
            "tojson": lambda v, indent=None: (
                _length(str(v))
                * (1 + (_length(indent) if isinstance(indent, str) else int(indent or 0)))
            ),
        }.items():
            self.filters[name] = self._guarded(self.filters[name], measure)
        for name in ("batch", "slice"):
            self.filters[name] = self._guarded(self.filters[name], self._count_size, items=True)

    @jinja2.pass_eval_context
    def _written(self, eval_ctx: Any, value: Any) -> Any:
        """Each value written, escaped as Jinja would, and counted."""
        text = escape(value) if eval_ctx.autoescape else str(value)
        self.budget.output(len(text))
        return text

    def _guarded(
        self, function: Callable[..., Any], measure: Callable[..., int], items: bool = False
    ) -> Callable[..., Any]:
        """``function`` with the size ``measure`` gives its arguments refused when too large,
        and its result measured."""
        pass_arg = getattr(function, "jinja_pass_arg", None)

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            own = args[1:] if pass_arg is not None else args
            self.budget.size(measure(*own, **kwargs), items=items)
            return self.budget.sized(function(*args, **kwargs))

        return guarded

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise TemplateLimitError(
                f"the template asks for a range of {len(numbers):,} numbers, more than "
                f"{MAX_RANGE:,}",
                "use a smaller range",
            )
        self.budget.tick()
        return numbers

    @staticmethod
    def _lipsum_size(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> int:
        return n * max * 10

    @staticmethod
    def _indent_size(value: Any, width: Any = 4, first: bool = False, blank: bool = False) -> int:
        lines = str(value).count("\n") + 1
        step = len(width) if isinstance(width, str) else int(width)
        return _length(value) + lines * step

    @staticmethod
    def _replace_size(value: Any, old: Any = "", new: Any = "", count: Any = None) -> int:
        text, old, new = str(value), str(old), str(new)
        found = text.count(old) if old else len(text) + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        return len(text) + found * len(new)

    @staticmethod
    def _join_size(value: Any, d: Any = "", attribute: Any = None) -> int:
        if not isinstance(value, (list, tuple)):
            return 0  # a generator: its result is measured
        return sum(_length(str(item)) for item in value) + len(value) * _length(str(d))

    @staticmethod
    def _count_size(value: Any, number: int = 1, *args: Any, **kwargs: Any) -> int:
        return int(number)

    def _percent_size(self, text: Any, values: Any) -> int:
        """An upper bound of ``text % values`` from its widths and precisions."""
        if not isinstance(text, str):
            return 0
        widths = 0
        for width, precision in PERCENT.findall(text):
            for number in (width, precision):
                if number == "*":
                    widths += sum(abs(n) for n in _numbers(values))
                elif number:
                    widths += int(number)
        return len(text) + widths

    def _format_size(self, text: str, args: Any, kwargs: Any) -> int:
        widths = 0
        try:
            fields = list(string.Formatter().parse(text))
        except ValueError:
            return 0  # the format itself fails: its error says why
        for _, _, spec, _ in fields:
            if not spec:
                continue
            if "{" in spec:
                widths += sum(abs(n) for n in (*_numbers(list(args)), *_numbers(kwargs)))
            widths += sum(int(n) for n in re.findall(r"\d+", spec))
        return len(text) + widths

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = self.budget
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(times, int) and isinstance(text, (str, list, tuple)):
                    budget.size(len(text) * max(times, 0), items=not isinstance(text, str))
            if isinstance(left, int) and isinstance(right, int):
                budget.number(abs(left).bit_length() + abs(right).bit_length())
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                budget.size(len(left) + len(right), items=not isinstance(left, str))
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
                budget.number(abs(left).bit_length() * min(right, MAX_BITS + 1))
        elif operator == "%" and isinstance(left, str):
            budget.size(self._percent_size(left, right))
        else:
            budget.tick()
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        budget = __self.budget
        # str.format comes wrapped by the sandbox (its __wrapped__ is the method).
        method = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(method, "__self__", None)
        if isinstance(owner, (str, list, dict, set)):
            name = getattr(method, "__name__", "")
            args = __self._measure_method(owner, name, args, kwargs)
        budget.tick()
        budget.depth += 1
        if budget.depth > budget.limits.template_depth:
            raise _too_deep(budget.limits.template_depth, "macros and calls")
        try:
            return super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1

    def _measure_method(
        self, owner: Any, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[Any, ...]:
        """Refuse a method call on a text or list that would make too large a value; a
        generator given to one is made a list first (``xs.extend(xs|map(…))`` would never
        end)."""
        args = tuple(
            list(a) if isinstance(a, Iterable) and not isinstance(a, Sized) else a for a in args
        )
        budget = self.budget
        if isinstance(owner, str):
            if name == "format":
                budget.size(self._format_size(owner, args, kwargs))
            elif name == "format_map" and args and isinstance(args[0], dict):
                budget.size(self._format_size(owner, (), args[0]))
            elif name in ("center", "ljust", "rjust", "zfill") and args:
                budget.size(int(args[0]))
            elif name == "expandtabs":
                budget.size(len(owner) + owner.count("\t") * int(args[0] if args else 8))
            elif name == "replace" and len(args) >= 2:
                budget.size(self._replace_size(owner, *args))
            elif name == "join" and args:
                items = args[0]
                budget.size(
                    sum(_length(x) for x in items) + len(owner) * _length(items)
                    if isinstance(items, (list, tuple))
                    else 0
                )
            elif name == "translate" and args and isinstance(args[0], dict):
                longest = max((_length(v) for v in args[0].values()), default=1)
                budget.size(len(owner) * max(longest, 1))
        elif name in ("extend", "update", "append", "insert", "add", "setdefault"):
            added = _length(args[-1]) if args and name in ("extend", "update") else 1
            budget.size(len(owner) + added, items=True)
        return args

    def get_template(self, name: Any, parent: Any = None, globals: Any = None) -> Any:
        """A template, refused when templates are already inside each other too deep (an
        include, import or extends of itself)."""
        nested = 0
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_name == "root" and frame.f_globals.get("environment") is self:
                nested += 1
            frame = frame.f_back  # type: ignore[assignment]
        if nested >= self.budget.limits.template_depth:
            raise _too_deep(self.budget.limits.template_depth, "templates (include, import)")
        return super().get_template(name, parent, globals)


def _too_deep(depth: int, what: str) -> TemplateLimitError:
    return TemplateLimitError(
        f"{what} are nested more than {depth:,} deep",
        "a macro or template that calls or includes itself needs a condition that ends it; "
        f"or raise the limit with --limit template_depth={depth * 2}",
    )


def environment(limits: Limits = DEFAULT, **options: Any) -> BudgetedEnvironment:
    """A sandboxed environment whose renderings are bounded by ``limits``; each rendering
    (``render``) gets a fresh budget."""
    return BudgetedEnvironment(Budget(limits), **options)


def render(env: jinja2.Environment, name: str, files: set[str], **values: Any) -> str:
    """Template ``name`` rendered within its budget. A limit reached, a recursion too deep
    for Python or an error of the template's own code (``1 / 0``, ``'a' - 1``) is a
    ``RenderError`` naming the template's file and line (``files``: the template files
    read); an error raised in faq-export's own code stays a bug."""
    if isinstance(env, BudgetedEnvironment):
        env.budget = Budget(env.budget.limits)
    try:
        return env.get_template(name).render(**values)
    except jinja2.TemplateError:
        raise  # syntax, unknown names, includes not found, the sandbox: pipeline.render
    except TemplateLimitError as exc:
        raise RenderError(f"{_where(exc, files)}: {exc}") from None
    except RecursionError as exc:
        raise RenderError(
            f"{_where(exc, files)}: macros or templates are nested too deep for "
            "Python; a macro or template that calls or includes itself needs a condition that "
            "ends it, or lower the limit template_depth"
        ) from None
    except Exception as exc:
        if _raised_by_us(exc):
            raise
        where = _where(exc, files, required=True)
        if where is None:
            raise
        raise RenderError(
            f"{where}: the template failed: {type(exc).__name__}: {exc}; correct the "
            "template at that line"
        ) from None


def _frames(exc: BaseException | None) -> list[tuple[str, int]]:
    found = []
    tb = exc.__traceback__ if exc is not None else None
    while tb is not None:
        found.append((tb.tb_frame.f_code.co_filename, tb.tb_lineno))
        tb = tb.tb_next
    return found


def _where(exc: BaseException | None, files: set[str], required: bool = False) -> Any:
    """``file:line`` of the innermost template line in ``exc``'s traceback."""
    inside = [(f, n) for f, n in _frames(exc) if f in files]
    if not inside:
        return None if required else "the print template"
    filename, line = inside[-1]
    return f"{filename}:{line}"


def _raised_by_us(exc: BaseException) -> bool:
    """Whether ``exc`` was raised in faq-export's own code (a bug, not the template's)."""
    frames = _frames(exc)
    if not frames:
        return False
    package = str(Path(__file__).resolve().parent.parent)
    return frames[-1][0].startswith(package)
