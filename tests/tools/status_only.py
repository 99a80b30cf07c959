"""List the test functions whose only assertions compare a response's status code.

A 201 proves the view answered, not that the comment exists, is public, or was written by
the caller; a 403 proves the refusal, not that nothing changed. A test "checks" something
when it has an ``assert`` statement, calls an ``assert*`` helper (``assert_error``,
``self.assertEqual``, ``mock.assert_called_once``…), uses ``pytest.raises``/``warns`` or a
query-count guard, or calls a helper from ``tests/`` that does one of those. It is
*status-only* when it checks something and every check is a comparison of a response's status
(``response.status_code``, or ``.status`` on a name that reads like a response), on at least
one way through the test: each ``if`` branch counts on its own, so a role matrix whose 201
branch checks only the status is listed even when its 403 branch reads the error. Helpers are
followed through module-level functions of the same file and ``from tests.… import`` names;
fixtures that return callables are not followed. A test that checks several answers and the
effect of only some of them is not listed (the check is per test, not per request).

Run ``python -m tests.tools.status_only`` (or with paths) to print them, one
``path::function`` a line; ``tests/unit/test_no_status_only_tests.py`` fails while any is
left outside ``ALLOWED`` below.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

# Tests whose whole point is the status code, as "path::function", each with a comment saying
# why (a probe that answers nothing else, a 405 with no body worth reading). Keep it short:
# today every such test also reads the body or the rows, so the list is empty.
ALLOWED: set[str] = set()

_RESPONSE_NAME = re.compile(r"resp|^r\d?$|^res$")
_CHECK_CALLS = {"raises", "warns", "deprecated_call", "fail"}
_QUERY_GUARDS = {"django_assert_num_queries", "django_assert_max_num_queries", "assertNumQueries"}


def _is_status_attr(node: ast.AST) -> bool:
    if not isinstance(node, ast.Attribute):
        return False
    if node.attr == "status_code":
        return True
    return (
        node.attr == "status"
        and isinstance(node.value, ast.Name)
        and bool(_RESPONSE_NAME.search(node.value.id))
    )


def _mentions_status(node: ast.AST) -> bool:
    return any(_is_status_attr(sub) for sub in ast.walk(node))


def is_status_assert(test: ast.expr) -> bool:
    """True when an ``assert``'s expression only compares response statuses.

    ``a and b`` is status-only when both are; ``all(r.status_code == 200 for r in rs)`` when
    its element is; anything compared beside the status (another attribute, a call's result,
    ``not rows.exists()``) is an effect."""
    if isinstance(test, ast.BoolOp):
        return all(is_status_assert(value) for value in test.values)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return is_status_assert(test.operand)
    if (
        isinstance(test, ast.Call)
        and isinstance(test.func, ast.Name)
        and test.func.id in ("all", "any")
        and len(test.args) == 1
        and isinstance(test.args[0], ast.GeneratorExp | ast.ListComp | ast.SetComp)
    ):
        return is_status_assert(test.args[0].elt)
    if isinstance(test, ast.Compare):
        operands = [test.left, *test.comparators]
        return any(map(_mentions_status, operands)) and all(map(_status_or_plain, operands))
    # ``assert resp.status_code`` style truthiness, rare but status all the same.
    return _is_status_attr(test)


def _status_or_plain(node: ast.AST) -> bool:
    """A side of a comparison that holds nothing but statuses and plain values.

    ``(response.status_code, response.json()) == (403, ROLE)`` checks the body as well."""
    if isinstance(node, ast.Tuple | ast.List) and _mentions_status(node):
        return all(_status_or_plain(element) for element in node.elts)
    return _mentions_status(node) or _is_plain_value(node)


def _is_plain_value(node: ast.AST) -> bool:
    """An expected status: constants and names, ``HTTPStatus.OK``, ``EXPECTED[role]``,
    ``{**EXPECTED, **UNAUTHENTICATED}[caller]``, ``[200] * 3`` — nothing read from a call or
    from an object's (lower-case) attribute, which would be an effect."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call | ast.Await | ast.Lambda):
            return False
        if isinstance(sub, ast.Attribute) and not sub.attr.isupper():
            return False
    return True


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


# A path's verdict: (it compares a status, it checks anything else).
State = tuple[bool, bool]
_NOTHING: frozenset[State] = frozenset({(False, False)})


def _then(first: frozenset[State], second: frozenset[State]) -> frozenset[State]:
    return frozenset((a or c, b or d) for a, b in first for c, d in second)


@dataclass
class Module:
    path: Path
    tree: ast.Module
    functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef]
    imported: dict[str, tuple[Path, str]]


class Index:
    def __init__(self) -> None:
        self._modules: dict[Path, Module | None] = {}
        self._helpers: dict[tuple[Path, str], frozenset[State]] = {}

    def module(self, path: Path) -> Module | None:
        path = path.resolve()
        if path not in self._modules:
            self._modules[path] = self._load(path)
        return self._modules[path]

    def _load(self, path: Path) -> Module | None:
        if not path.is_file():
            return None
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        functions = {
            node.name: node
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        imported: dict[str, tuple[Path, str]] = {}
        for node in tree.body:
            if not (isinstance(node, ast.ImportFrom) and node.module and node.level == 0):
                continue
            if node.module == "tests" or node.module.startswith("tests."):
                target = ROOT.joinpath(*node.module.split("."))
                source = target.with_suffix(".py")
                if not source.is_file():
                    source = target / "__init__.py"
                for alias in node.names:
                    imported[alias.asname or alias.name] = (source, alias.name)
        return Module(path, tree, functions, imported)

    def paths(self, module: Module, body: list[ast.stmt], seen: frozenset) -> frozenset[State]:
        """The verdicts of the ways through ``body``: each ``if`` branch counts on its own."""
        states = _NOTHING
        for stmt in body:
            if isinstance(stmt, ast.If):
                step = self.paths(module, stmt.body, seen) | self.paths(module, stmt.orelse, seen)
                states = _then(states, _then(self._simple(module, stmt.test, seen), step))
            elif isinstance(stmt, ast.For | ast.AsyncFor | ast.While):
                head = stmt.iter if isinstance(stmt, ast.For | ast.AsyncFor) else stmt.test
                inner = self.paths(module, stmt.body + stmt.orelse, seen)
                states = _then(states, _then(self._simple(module, head, seen), inner))
            elif isinstance(stmt, ast.With | ast.AsyncWith):
                heads = _NOTHING
                for item in stmt.items:
                    heads = _then(heads, self._simple(module, item.context_expr, seen))
                states = _then(states, _then(heads, self.paths(module, stmt.body, seen)))
            elif isinstance(stmt, ast.Try):
                inner = self.paths(module, stmt.body + stmt.orelse + stmt.finalbody, seen)
                states = _then(states, inner)
            else:
                states = _then(states, self._simple(module, stmt, seen))
        return states

    def _simple(self, module: Module, node: ast.AST, seen: frozenset) -> frozenset[State]:
        status = other = False
        states = _NOTHING
        for sub in ast.walk(node):
            if isinstance(sub, ast.Assert):
                if is_status_assert(sub.test):
                    status = True
                else:
                    other = True
            elif isinstance(sub, ast.Call):
                name = _call_name(sub)
                checker = name.startswith(("assert", "_assert")) or name in _CHECK_CALLS
                if checker or name in _QUERY_GUARDS:
                    other = True
                elif isinstance(sub.func, ast.Name):
                    if name in module.functions:
                        states = _then(states, self.helper(module.path, name, seen))
                    elif name in module.imported:
                        states = _then(states, self.helper(*module.imported[name], seen))
            elif isinstance(sub, ast.Name) and sub.id in _QUERY_GUARDS:
                other = True  # the fixture used as a context manager
        return _then(states, frozenset({(status, other)}))

    def helper(self, path: Path, name: str, seen: frozenset = frozenset()) -> frozenset[State]:
        """The verdicts of a helper function from tests/, followed through."""
        key = (path.resolve(), name)
        if key in self._helpers:
            return self._helpers[key]
        if key in seen:
            return _NOTHING
        module = self.module(path)
        if module is None or name not in module.functions:
            return _NOTHING
        states = self.paths(module, module.functions[name].body, seen | {key})
        self._helpers[key] = states
        return states


def _test_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
            "test"
        ):
            yield node.name, node
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            for item in node.body:
                if isinstance(
                    item, ast.FunctionDef | ast.AsyncFunctionDef
                ) and item.name.startswith("test"):
                    yield f"{node.name}::{item.name}", item


def status_only(paths: list[Path] | None = None) -> list[str]:
    """``path::function`` of every status-only test under ``paths`` (default: tests/)."""
    index = Index()
    files: list[Path] = []
    for path in paths or [TESTS]:
        files.extend(sorted(path.rglob("test_*.py")) if path.is_dir() else [path])
    found = []
    for file in files:
        module = index.module(file)
        if module is None:
            continue
        for name, func in _test_functions(module.tree):
            if (True, False) in index.paths(module, func.body, frozenset()):
                found.append(f"{file.resolve().relative_to(ROOT).as_posix()}::{name}")
    return found


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or None
    found = status_only(paths)
    for line in found:
        print(("(allowed) " if line in ALLOWED else "") + line)
    left = [line for line in found if line not in ALLOWED]
    summary = f"{len(found)} status-only test functions, {len(left)} outside the allow-list"
    print(summary, file=sys.stderr)
    return 1 if left else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
