"""labels.yaml, the generator's own words: parsed once per content in a process that asks for it at every
stage (a build, a live preview), yet every edit is seen, and a broken edit is reported, never hidden by
the words read before it."""

from __future__ import annotations

import pytest

from policysite.problems import PolicyError
from policysite.render.labels import LABELS_FILE, load_labels


def test_an_edit_of_labels_yaml_is_seen_and_a_broken_one_is_reported(tmp_path):
    words = LABELS_FILE.read_text(encoding="utf-8")
    path = tmp_path / "labels.yaml"
    path.write_text(words, encoding="utf-8")
    assert load_labels(path).get("overview.heading", "en") == "Overview"
    assert load_labels(path) is load_labels(path)  # parsed once for the same content

    path.write_text(words.replace("en: Overview}", "en: At a glance}"), encoding="utf-8")
    assert load_labels(path).get("overview.heading", "en") == "At a glance"

    broken = words.replace("overview.heading: {no: Oversikt, en: Overview}", "overview.heading: {no: Oversikt")
    line = words[:words.index("overview.heading:")].count("\n") + 1
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_labels(path)
    (problem,) = error.value.problems
    assert problem.location.file == str(path) and problem.location.line >= line and problem.hint

    path.unlink()
    with pytest.raises(PolicyError) as error:
        load_labels(path)
    assert "cannot read the file" in error.value.problems[0].message
