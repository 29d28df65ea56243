"""The site's identity (name, public address, logo, colour) comes from policy.yaml, not mkdocs.yml."""

from __future__ import annotations

import pytest

from conftest import ROOT, run_policysite
from policies import POLICY, edit, write

BRANDING = '  logo: branding/logo.svg\n  accent_color: "#0b5cad"\n'  # policy.yaml's, after its url line


def test_mkdocs_yml_holds_no_customer_data():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "SensorNordic" not in config and "sensornordic" not in config


def test_the_site_name_and_address_come_from_policy_yaml(project):
    policy = project / "policy.yaml"
    policy.write_text(edit("  name: SensorNordic\n  url: https://personvern.sensornordic.no/\n",
                           "  name: {no: Kjeller Alarm, en: Kjeller Alarms}\n  url: https://privacy.example.org/\n"),
                      encoding="utf-8")
    result = run_policysite(project, "build")
    assert result.returncode == 0, result.stderr
    norwegian = (project / "site" / "index.html").read_text(encoding="utf-8")
    english = (project / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "<title>Personvernerklæring – Kjeller Alarm</title>" in norwegian
    assert "<title>Privacy – Kjeller Alarms</title>" in english
    assert '<link rel="canonical" href="https://privacy.example.org/">' in norwegian
    assert '<link rel="canonical" href="https://privacy.example.org/en/">' in english

    # the environment still overrides the address per deployment
    result = run_policysite(project, "build", env={"SITE_URL": "https://example.github.io/policy/"})
    assert result.returncode == 0, result.stderr
    assert 'href="https://example.github.io/policy/en/"' in (project / "site" / "en" / "index.html").read_text()


@pytest.mark.parametrize(("site", "message"), [
    ('  accent_color: "#77aaff"\n', 'the colour #77aaff has a contrast of 2.'),
    ("  accent_color: 0b5cad\n", "is not a colour written \"#rrggbb\""),
    ("  logo: branding/missing.svg\n", "there is no file 'branding/missing.svg' next to policy.yaml"),
    ("  logo: ../outside.svg\n", "'../outside.svg' leaves the repository"),
    ("  logo: logo.gif\n", "'logo.gif' is not one of: .svg, .png"),
    ("  change_notice_days: 400\n", "400 is outside 0 to 365 (days)"),
])
def test_site_settings_are_checked_where_typed(cli, tmp_path, site, message):
    text = edit(BRANDING, site)
    code, _, err = cli("check", str(write(tmp_path, text)))
    line = POLICY[:POLICY.index("  url: https://personvern")].count("\n") + 2
    assert code == 1
    assert f"policy.yaml:{line}:" in err and message in err


def test_a_logo_in_the_repository_is_accepted(cli, tmp_path):
    (tmp_path / "branding").mkdir(exist_ok=True)
    (tmp_path / "branding" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    text = edit(BRANDING, "  logo: branding/logo.svg\n  accent_color: \"#0B5CAD\"\n")
    code, _, err = cli("check", str(write(tmp_path, text)))
    assert code == 0, err
