"""`policysite init`: a new organisation's own policy.yaml, valid and quiet from the start, with the
site's languages set; it never writes over a policy."""

from __future__ import annotations

import io

import pytest
import yaml

from conftest import run_policysite

OPTIONS = ["--name", "Eksempel Fotball AS", "--email", "personvern@eksempel.no",
           "--url", "https://personvern.eksempel.no/", "--street", "Storgata 1", "--postcode", "0150",
           "--city", "Oslo", "--phone", "+47 2200 0000"]


@pytest.fixture
def fresh(project):
    """A checkout whose example policy was moved away, as the README's steps say."""
    (project / "policy.yaml").unlink()
    return project


def i18n_languages(project) -> list[dict]:
    config = (project / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV SITE_URL", "x")
    plugin = next(p["i18n"] for p in yaml.safe_load(config)["plugins"] if isinstance(p, dict) and "i18n" in p)
    return plugin["languages"]


def test_init_writes_a_valid_quiet_policy_and_the_site_languages(fresh):
    result = run_policysite(fresh, "init", *OPTIONS)
    assert result.returncode == 0, result.stderr
    assert "wrote policy.yaml" in result.stdout and "wrote mkdocs.yml" in result.stdout
    text = (fresh / "policy.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=./schema/policy.schema.json\n")
    assert "Every text below is an EXAMPLE" in text
    data = yaml.load(text, Loader=yaml.BaseLoader)
    assert data["controller"]["name"] == data["site"]["name"] == "Eksempel Fotball AS"
    assert data["controller"]["postcode"] == "0150" and data["site"]["url"] == "https://personvern.eksempel.no/"
    check = run_policysite(fresh, "check")
    assert check.returncode == 0 and check.stdout.strip() == "policy.yaml: OK, no errors.", check.stderr
    assert [(entry["locale"], entry.get("default", False)) for entry in i18n_languages(fresh)] == [
        ("en", False), ("no", True)]


def test_init_with_one_language_sets_the_site_to_it(fresh):
    result = run_policysite(fresh, "init", *OPTIONS, "--languages", "en")
    assert result.returncode == 0, result.stderr
    data = yaml.load((fresh / "policy.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert data["languages"] == ["en"] and data["title"] == {"en": "Privacy policy"}
    assert [entry["locale"] for entry in i18n_languages(fresh)] == ["en"]
    assert 'language: "en"' in (fresh / "mkdocs.yml").read_text(encoding="utf-8")
    assert run_policysite(fresh, "check").returncode == 0


@pytest.mark.build
def test_the_new_policy_builds_a_site(fresh):
    assert run_policysite(fresh, "init", *OPTIONS).returncode == 0
    built = run_policysite(fresh, "build")
    assert built.returncode == 0, built.stderr
    page = (fresh / "site" / "index.html").read_text(encoding="utf-8")
    assert "Eksempel Fotball AS" in page and "Svare på henvendelser" in page
    assert (fresh / "site" / "en" / "index.html").is_file()


def test_init_never_writes_over_a_policy(project):
    before = (project / "policy.yaml").read_bytes()
    config = (project / "mkdocs.yml").read_bytes()
    result = run_policysite(project, "init", *OPTIONS)
    assert result.returncode == 1
    assert "policy.yaml already exists: init never writes over a policy" in result.stderr
    assert "git rm policy.yaml" in result.stderr
    assert (project / "policy.yaml").read_bytes() == before and (project / "mkdocs.yml").read_bytes() == config


def test_a_wrong_value_is_reported_as_its_option_and_nothing_is_written(fresh):
    options = [value if value != "personvern@eksempel.no" else "personvern(at)eksempel.no" for value in OPTIONS]
    result = run_policysite(fresh, "init", *options)
    assert result.returncode == 1
    assert "--email: error: 'personvern(at)eksempel.no' is not an e-mail address" in result.stderr
    assert not (fresh / "policy.yaml").exists()


def test_missing_answers_without_a_terminal_are_named(fresh):
    result = run_policysite(fresh, "init", "--name", "Eksempel AS")
    assert result.returncode == 1
    assert "give --email, --street, --postcode, --city, --phone" in result.stderr


def test_init_asks_in_a_terminal(fresh, cli, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = ["Eksempel AS", "post@eksempel.no", "", "", "Storgata 1", "0150", "Oslo", "", "+47 2200 0000"]
    monkeypatch.setattr("sys.stdin", Terminal("\n".join(answers) + "\n"))
    monkeypatch.chdir(fresh)
    code, out, err = cli("init")
    assert code == 0, err
    assert "the organisation's name, e.g. Example AS: " in out
    data = yaml.load((fresh / "policy.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert data["languages"] == ["no", "en"] and data["controller"]["country"] == "NO"
    assert "url" not in data["site"]
