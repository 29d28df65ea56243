"""Fuzzing the loader and validator: whatever an editor does to policy.yaml, `check` never crashes.

Each example mutates SensorNordic's policy (delete a key or item, swap a value's type, put
random unicode in, truncate the file, nest deeply) and runs `policysite check`. It must end
with 0 (fine), 1 (problems) or 2 (unusable), never 3 (internal error), and every problem must
be located: a line in the file or a YAML path.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies import POLICY
from policysite.cli import main
from test_yaml_mistakes import JARGON

# BaseLoader keeps every scalar as text, as policysite's own loader does.
TREE = yaml.load(POLICY, Loader=yaml.BaseLoader)
# 75 examples per test keep the suite fast; FUZZ_EXAMPLES=2000 for a deeper run by hand.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "75")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
# Problems about the file as a whole have no line and no path.
WHOLE_FILE = ("the file is empty", "the file contains NUL bytes")


def node_paths(node: Any, path: tuple = ()) -> list[tuple]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += node_paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += node_paths(value, (*path, i))
    return found


PATHS = node_paths(TREE)[1:]  # every node but the root


def replaced(tree: Any, path: tuple, value: Any) -> Any:
    """A copy of `tree` with the node at `path` replaced (or removed, for value is DELETE)."""
    if not path:
        return value
    copy = dict(tree) if isinstance(tree, dict) else list(tree)
    head, rest = path[0], path[1:]
    if value is DELETE and not rest:
        del copy[head]
    else:
        copy[head] = replaced(tree[head], rest, value)
    return copy


DELETE = object()
scalars = st.one_of(st.text(max_size=40), st.sampled_from(["", "no", "yes", "~", "null", "0150", "12:30",
                                                           "{art6-1-z}", "3 yrs", "art6-1-g", "NO", "-"]))
values = st.recursive(st.one_of(scalars, st.none()),
                      lambda inner: st.one_of(st.lists(inner, max_size=3),
                                              st.dictionaries(st.text(max_size=10), inner, max_size=3)),
                      max_leaves=8)


def nested(depth: int, leaf: Any, as_list: bool) -> Any:
    for _ in range(depth):
        leaf = [leaf] if as_list else {"k": leaf}
    return leaf


tree_mutations = st.one_of(
    st.tuples(st.just("delete"), st.sampled_from(PATHS), st.just(DELETE)),
    st.tuples(st.just("swap"), st.sampled_from(PATHS), values),
    st.tuples(st.just("nest"), st.sampled_from(PATHS),
              st.builds(nested, st.integers(1, 120), scalars, st.booleans())),
)


def run_check(directory: Path, text: str) -> tuple[int, list[dict], str]:
    policy = directory / "policy.yaml"
    policy.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["check", "--format", "json", str(policy)])
    return code, json.loads(out.getvalue() or "[]"), err.getvalue()


def assert_handled(code: int, problems: list[dict], err: str) -> None:
    assert code in (0, 1, 2), f"exit {code}: {err}"
    assert "Traceback" not in err and "internal error" not in err
    if code:
        assert problems, "a failing check must say why"
    for problem in problems:
        located = problem["location"]["line"] > 0 or problem["path"]
        assert located or problem["message"].startswith(WHOLE_FILE), problem
        assert problem["message"] and problem["hint"], problem
        assert not JARGON.search(problem["message"] + problem["hint"]), problem  # never the YAML reader's words


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(mutations=st.lists(tree_mutations, min_size=1, max_size=3))
def test_mutated_structure_is_reported_never_raised(workdir, mutations):
    tree = TREE
    for _, path, value in mutations:
        try:
            tree = replaced(tree, path, value)
        except (KeyError, IndexError, TypeError):  # an earlier mutation removed or replaced the path
            continue
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=100)
    assert_handled(*run_check(workdir, text))


@FUZZ
@given(data=st.data())
def test_damaged_text_is_reported_never_raised(workdir, data):
    kind = data.draw(st.sampled_from(["truncate", "insert", "overwrite"]))
    at = data.draw(st.integers(0, len(POLICY)))
    if kind == "truncate":
        text = POLICY[:at]
    else:
        noise = data.draw(st.text(min_size=1, max_size=12))  # any unicode, control characters included
        text = POLICY[:at] + noise + POLICY[at + (len(noise) if kind == "overwrite" else 0):]
    assert_handled(*run_check(workdir, text))
