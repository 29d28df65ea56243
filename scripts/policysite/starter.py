"""`policysite init`: a new organisation's own, minimal, valid and commented policy.yaml.

It writes policy.yaml from the template beside this file (example texts in each chosen language,
marked as examples to replace) and sets the site's languages in mkdocs.yml (the i18n plugin and
the theme's default language), so `make check` and `make site` work right away. It never writes
over an existing policy, and it checks the result with `check`'s own rules before writing, so a
mistyped e-mail address is reported as the option it came from, not as a line in a new file.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .problems import Location, PolicyError, Problem
from .render.labels import Labels

TEMPLATE = Path(__file__).resolve().parent / "starter_policy.yaml.j2"

# What each option becomes in policy.yaml, to word a problem as the option the value came from.
OPTION_PATHS = {"site.name": "--name", "controller.name": "--name", "controller.email": "--email",
                "site.url": "--url", "controller.street": "--street", "controller.postcode": "--postcode",
                "controller.city": "--city", "controller.country": "--country", "controller.phone": "--phone",
                "languages": "--languages"}

# The example texts, per language. A language without its own examples gets the English ones,
# to translate (the comments say so).
EXAMPLES: dict[str, dict[str, str]] = {
    "no": {
        "title": "Personvernerklæring",
        "introduction": "Denne erklæringen forteller hvilke personopplysninger {name} behandler, hvorfor, og "
                        "hvilke rettigheter du har.",
        "categories_heading": "Opplysninger vi behandler",
        "name": "Navnet ditt",
        "email": "E-postadressen din",
        "purposes_heading": "Hva vi bruker opplysningene til",
        "enquiries_title": "Svare på henvendelser",
        "enquiries_description": "Når du kontakter oss, bruker vi navnet og e-postadressen din for å svare deg.",
        "enquiries_interest": "Å kunne svare på spørsmålene du sender oss.",
        "legal_basis_heading": "Behandlingsgrunnlag",
        "legal_basis": "Vi behandler opplysningene for å ivareta en berettiget interesse, jf. {{art6-1-f}}.",
        "automated_heading": "Automatiserte avgjørelser",
        "automated": "Vi tar ingen avgjørelser om deg som bare bygger på automatisert behandling.",
        "retention_heading": "Hvor lenge vi lagrer opplysningene",
        "retention_subject": "Henvendelser til oss",
        "sharing_heading": "Deling av opplysninger",
        "never_sold": "Vi selger aldri personopplysninger.",
        "contact_heading": "Kontakt oss",
        "history": "Første versjon.",
    },
    "en": {
        "title": "Privacy policy",
        "introduction": "This statement tells you which personal data {name} processes, why, and what your "
                        "rights are.",
        "categories_heading": "The data we process",
        "name": "Your name",
        "email": "Your e-mail address",
        "purposes_heading": "What we use the data for",
        "enquiries_title": "Answering your enquiries",
        "enquiries_description": "When you contact us, we use your name and e-mail address to answer you.",
        "enquiries_interest": "To be able to answer the questions you send us.",
        "legal_basis_heading": "Legal basis",
        "legal_basis": "We process the data to pursue a legitimate interest, cf. {{art6-1-f}}.",
        "automated_heading": "Automated decisions",
        "automated": "We make no decisions about you based solely on automated processing.",
        "retention_heading": "How long we keep the data",
        "retention_subject": "Enquiries to us",
        "sharing_heading": "Sharing of data",
        "never_sold": "We never sell personal data.",
        "contact_heading": "Contact us",
        "history": "First version.",
    },
}


@dataclass(frozen=True)
class Organisation:
    name: str
    email: str
    languages: tuple[str, ...]
    url: str | None
    street: str
    postcode: str
    city: str
    country: str
    phone: str


# A value that reads the same unquoted, for the strict loader and for editors (YAML 1.2) alike.
_PLAIN = re.compile(r"(?![-?:,\[\]{}#&*!|>'\"%@`\s])(?!.*(?:: | #|[:\s]$))(?![-+0-9.]+$)[^\n]+")


def yaml_string(value: str) -> str:
    """The value as typed when that is unambiguous; else double-quoted (JSON's string syntax is valid
    YAML and keeps the value exactly)."""
    return value if _PLAIN.fullmatch(value) else json.dumps(value, ensure_ascii=False)


def policy_text(org: Organisation, today: datetime.date) -> str:
    """The new policy.yaml, with the example texts in each of the organisation's languages."""
    environment = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                                     autoescape=False)
    environment.filters["yaml"] = yaml_string

    def text(key: str, indent: int) -> str:
        pad = " " * indent
        return "\n".join(f"{pad}{code}: {yaml_string(EXAMPLES.get(code, EXAMPLES['en'])[key].format(name=org.name))}"
                         for code in org.languages)

    template = environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
    return template.render(**vars(org), today=today.isoformat(), text=text,
                           language_list=", ".join(org.languages))


def mkdocs_languages(config: str, languages: tuple[str, ...], labels: Labels) -> str:
    """mkdocs.yml with the i18n plugin building `languages` (the first the default) and the theme's
    default language set. Only these two places change; the rest of the file stays as it is."""
    block = re.search(r"^(\s+)languages:\n((?:\1\s.*\n|\s*#.*\n)+)", config, flags=re.MULTILINE)
    if block is None:
        raise PolicyError([Problem(Location("mkdocs.yml", 0, 0), "plugins.i18n.languages",
                                   "cannot find the i18n plugin's 'languages:' list",
                                   "restore mkdocs.yml from the repository, then run init again")])
    pad = block.group(1) + "  "
    # the default language last, so the single root 404 page is in it (see mkdocs.yml)
    entries = [f"{pad}# The default language is listed last so the single root 404 page is in it.\n"]
    for code in [*languages[1:], languages[0]]:
        entries.append(f'{pad}- locale: "{code}"\n{pad}  name: {labels.get("language_name", code)}\n'
                       + (f"{pad}  default: true\n" if code == languages[0] else "") + f"{pad}  build: true\n")
    config = config[:block.start(2)] + "".join(entries) + config[block.end(2):]
    return re.sub(r'^(\s+language:) .*?(\s+#.*)?$', lambda m: f'{m.group(1)} "{languages[0]}"{m.group(2) or ""}',
                  config, count=1, flags=re.MULTILINE)


def start_policy(org: Organisation, policy_path: Path, config_path: Path, labels: Labels,
                 today: datetime.date) -> list[Path]:
    """Write the new policy.yaml (and the languages in mkdocs.yml); return the files written.
    Raises PolicyError, with problems worded as the options they came from, and writes nothing then."""
    from .pipeline import validated  # the same rules as `check`
    from .source.loader import load_text

    if policy_path.exists():
        raise PolicyError([Problem(Location(str(policy_path), 0, 0), "",
                                   f"{policy_path} already exists: init never writes over a policy",
                                   f"to start your own, move the example away first (git rm {policy_path}), "
                                   "or give another file with --policy")])
    unknown = [code for code in org.languages if code not in labels.languages()]
    if unknown or not org.languages:
        raise PolicyError([Problem(Location("--languages", 0, 0), "",
                                   f"no labels for the language(s) {', '.join(unknown) or '(none given)'}",
                                   f"choose from {', '.join(labels.languages())}, e.g. --languages no,en; "
                                   "README 'Adding a language' shows how to add another")])
    text = policy_text(org, today)
    policy, problems = validated(load_text(text, str(policy_path)), labels)
    if policy is None:
        raise PolicyError([Problem(Location(OPTION_PATHS.get(p.path, p.path), 0, 0), "", p.message, p.hint)
                           for p in problems])
    written = []
    if config_path.is_file():
        config_path.write_text(mkdocs_languages(config_path.read_text(encoding="utf-8"), org.languages, labels),
                               encoding="utf-8")
        written.append(config_path)
    policy_path.parent.mkdir(parents=True, exist_ok=True)
    policy_path.write_text(text, encoding="utf-8")
    return [policy_path, *written]
