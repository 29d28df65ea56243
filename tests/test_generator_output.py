"""The generator writes marked pages, never over a hand-written file, and only when changed."""

from __future__ import annotations

import importlib

from conftest import ROOT
from site_markdown import clause_paragraph, to_soup

MARKER_START = "<!-- GENERATED FILE: made from policy.yaml"


def in_short(page: str, label: str):
    """The item of "In short" (the first layer) that starts with `label`, as the site renders it."""
    summary = to_soup(page).find(id="summary").find_next_sibling("ul")
    return next(li for li in summary.find_all("li", recursive=False) if li.strong.get_text() == label)


def test_pages_start_with_the_generated_marker(tmp_path, cli):
    docs = tmp_path / "docs"  # a folder of its own: docs/ holds nothing but the generator's pages
    code, out, _ = cli("generate", str(ROOT / "policy.yaml"), "--docs", str(docs))
    assert code == 0
    pages = sorted(docs.rglob("*.md"))
    assert [str(p.relative_to(docs)) for p in pages] == ["en/history.md", "en/index.md", "no/history.md",
                                                         "no/index.md"]
    for page in pages:
        first = page.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(MARKER_START) and "Do not edit" in first
    assert out.count("wrote ") == 4


def test_a_hand_written_page_is_never_overwritten(tmp_path, cli):
    docs = tmp_path / "docs"
    (docs / "en").mkdir(parents=True)
    hand_written = docs / "en" / "index.md"
    hand_written.write_text("# Our own words\n\nWritten by hand.\n", encoding="utf-8")
    code, _, err = cli("generate", str(ROOT / "policy.yaml"), "--docs", str(docs))
    assert code == 1
    assert "en/index.md" in err and "was not made by the generator" in err
    assert hand_written.read_text(encoding="utf-8") == "# Our own words\n\nWritten by hand.\n"
    # nothing is written at all when one target is protected: no half-updated site
    assert not (docs / "no" / "index.md").exists()


def test_unchanged_pages_are_not_rewritten(tmp_path, cli):
    docs = tmp_path / "docs"
    cli("generate", str(ROOT / "policy.yaml"), "--docs", str(docs))
    page = docs / "no" / "index.md"
    before = page.stat().st_mtime_ns
    code, out, _ = cli("generate", str(ROOT / "policy.yaml"), "--docs", str(docs))
    assert code == 0 and "up to date" in out
    assert page.stat().st_mtime_ns == before


def test_a_changed_policy_rewrites_only_what_changed(tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    policy.write_text((ROOT / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    docs = tmp_path / "docs"
    cli("generate", str(policy), "--docs", str(docs))
    policy.write_text(policy.read_text(encoding="utf-8").replace("en: Your name", "en: Your full name"),
                      encoding="utf-8")
    code, out, _ = cli("generate", str(policy), "--docs", str(docs))
    assert code == 0 and out.strip() == f"wrote {docs / 'en' / 'index.md'}"
    assert "Your full name" in (docs / "en" / "index.md").read_text(encoding="utf-8")


def test_an_invalid_policy_writes_nothing(tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    policy.write_text((ROOT / "policy.yaml").read_text(encoding="utf-8").replace("period: 3 years", "period: 3"),
                      encoding="utf-8")
    code, _, err = cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    assert code == 1 and "retention.rules[0].period" in err
    assert not (tmp_path / "docs").exists()


def test_raw_html_in_a_text_is_shown_as_text(tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    policy.write_text(text.replace("en: Company details", "en: '<script>alert(1)</script> # - details'"),
                      encoding="utf-8")
    cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    page = (tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in page
    item = clause_paragraph(to_soup(page).find(id="category-company-details"))
    assert item.get_text() == "<script>alert(1)</script> # - details" and not item.find(True)


def test_first_layer_names_the_readers_rights_when_the_policy_has_them(tmp_path, cli):
    from policies import complete_policy, write

    code, _, err = cli("generate", str(write(tmp_path, complete_policy())), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    pages = {lang: (tmp_path / "docs" / lang / "index.md").read_text(encoding="utf-8") for lang in ("no", "en")}
    for language, label, rights in (("no", "Dine rettigheter:", "Rett til innsyn, Rett til retting, "),
                                     ("en", "Your rights:", "Right of access, Right to rectification, ")):
        links = in_short(pages[language], label).find_all("a")
        assert [a["href"] for a in links] == ["#rights"] and links[0].get_text().startswith(rights)
    # SensorNordic's own policy has no rights section yet: no promise the detail cannot keep
    cli("generate", str(ROOT / "policy.yaml"), "--docs", str(tmp_path / "own"))
    assert "#rights" not in (tmp_path / "own" / "en" / "index.md").read_text(encoding="utf-8")


def test_repeated_runs_reuse_the_rendering_but_still_write_missing_pages(tmp_path, monkeypatch):
    # MkDocs with mkdocs-static-i18n runs the hook once per language, and serve on every rebuild
    pipeline = importlib.import_module("policysite.pipeline")  # the package exports a function of that name
    page = importlib.import_module("policysite.render.page")  # the pipeline imports it when it first renders

    renders = []
    real_render = page.render_pages
    monkeypatch.setattr(page, "render_pages", lambda *args: renders.append(1) or real_render(*args))
    policy = tmp_path / "policy.yaml"
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    policy.write_text(text, encoding="utf-8")
    docs = tmp_path / "docs"
    pipeline.generate(policy, docs)
    (docs / "en" / "index.md").unlink()
    assert pipeline.generate(policy, docs).written == [docs / "en" / "index.md"]
    assert len(renders) == 1  # a policy this small is rendered in one go (pipeline.worth_a_worker)
    # same size, same second: only the content tells this edit apart
    policy.write_text(text.replace("en: Your name", "en: Your NAME"), encoding="utf-8")
    assert pipeline.generate(policy, docs).written == [docs / "en" / "index.md"]
    assert len(renders) == 2 and "Your NAME" in (docs / "en" / "index.md").read_text(encoding="utf-8")


def test_first_layer_names_each_legal_basis_once_and_who_receives_data(tmp_path, cli):
    policy = tmp_path / "policy.yaml"
    text = (ROOT / "policy.yaml").read_text(encoding="utf-8")
    # a disclosure on a basis that purposes use too: the summary still names it once
    policy.write_text(text.replace("legal_bases: [art6-1-c]", "legal_bases: [art6-1-c, art6-1-b]"), encoding="utf-8")
    code, _, err = cli("generate", str(policy), "--docs", str(tmp_path / "docs"))
    assert code == 0, err
    page = (tmp_path / "docs" / "en" / "index.md").read_text(encoding="utf-8")
    bases = [li.get_text() for li in in_short(page, "Legal basis:").select("ul > li")]
    assert [b for b in bases if "GDPR art. 6 (1) b" in b] == ["performance of a contract (GDPR art. 6 (1) b)"]
    assert "legal obligation (GDPR art. 6 (1) c)" in bases
    recipients = in_short(page, "Who we share with:").select("ul > li")
    assert [(li.a["href"], li.get_text()) for li in recipients] == [
        ("#recipient-public-authorities", "public authorities (public authority, Norway)")]


def test_an_unwritable_output_folder_is_reported_not_a_crash(tmp_path, cli):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, err = cli("generate", str(ROOT / "policy.yaml"), "--docs", str(blocker / "docs"))
    assert code == 2 and "internal error" not in err and str(blocker) in err
    code, _, err = cli("check", "--gdpr", "--report", str(blocker / "report.md"), str(ROOT / "policy.yaml"))
    assert code == 2 and "internal error" not in err
