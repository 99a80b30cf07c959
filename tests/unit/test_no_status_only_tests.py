"""No test may prove a success (or a refusal) by its status code alone (issue 29, item 6).

A 201 says the view answered, not that the comment exists, is public and is the caller's; a
403 says the view refused, not that nothing was written. ``tests/tools/status_only.py`` lists
the test functions (each ``if`` branch on its own, helpers followed) whose only assertions
compare a response's status; the few whose point is the status are in its ``ALLOWED``.
"""

import ast

from tests.tools import status_only


def test_every_test_asserts_more_than_a_status_code():
    left = [name for name in status_only.status_only() if name not in status_only.ALLOWED]
    assert left == [], "assert the effect too (the row, the history entry, who can see it):\n" + (
        "\n".join(left)
    )


def test_the_allow_list_names_tests_that_exist_and_are_status_only():
    found = set(status_only.status_only())
    assert found >= status_only.ALLOWED, sorted(status_only.ALLOWED - found)


def _verdict(source):
    index = status_only.Index()
    tree = ast.parse(source)
    module = status_only.Module(status_only.TESTS / "x.py", tree, {}, {})
    return index.paths(module, tree.body[0].body, frozenset())


def test_the_tool_sees_a_status_only_branch_and_an_effect():
    only = "def t(r):\n    assert r.status_code == 201, r.content\n"
    both = "def t(r):\n    assert r.status_code == 201\n    assert r.json()['id'] == 1\n"
    branch = (
        "def t(r, ok):\n    if ok:\n        assert r.status_code == 201\n"
        "    else:\n        assert_error(r, 403, 'forbidden')\n"
    )
    combined = "def t(r):\n    assert r.status_code == 302 and r['Location'] == '/'\n"
    paired = "def t(r):\n    assert (r.status_code, r.json()) == (403, ROLE)\n"
    nothing = "def t(r, rows):\n    assert r.status_code == 302 and not rows.exists()\n"
    every = "def t(rs):\n    assert all(r.status_code == 200 for r in rs)\n"
    assert (True, False) in _verdict(only)
    assert (True, False) not in _verdict(both)
    assert (True, False) in _verdict(branch)
    assert (True, False) not in _verdict(combined)
    assert (True, False) not in _verdict(paired)
    assert (True, False) not in _verdict(nothing)
    assert (True, False) in _verdict(every)
