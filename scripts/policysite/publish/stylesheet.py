"""The one stylesheet visitors load: the theme's rules and ours that the built pages can use.

Material's stylesheet styles every feature of the theme (search, tabs, admonitions, code, ...);
a policy page uses a fifth of it. Rather than a hand-kept copy that drifts from the theme, the
subset is derived at build time from the theme's own file and the built pages:

- a rule is kept when one of its selectors can match an element of some page: every compound
  selector in it (`a.md-nav__link--active[href]`) must fit one element that exists (tag, id,
  classes, attributes and their values). Relations between compounds, states (`:hover`,
  `:checked`), structure (`:nth-child`) and `:not()` are not evaluated, so a rule is dropped only
  when it can never apply;
- a custom property is kept only while something kept refers to it (`var(--x)`); @keyframes
  only when an animation names them; empty @media blocks go;
- comments and needless whitespace go.

Pure text in, text out (no engine, no browser, standard library only).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .page_scan import Scan, scan

# ---------------------------------------------------------------------------------------------
# Parsing the stylesheet into rules and blocks


@dataclass
class Rule:
    prelude: str  # the selector list
    declarations: list[str]  # "name:value", minified


@dataclass
class Block:
    prelude: str  # "@media screen and (max-width:44.984375em)", "@supports ..."
    children: list[Rule | Block | Raw]


@dataclass
class Raw:
    """An at-rule kept as one piece (@keyframes, @font-face, @page, @charset)."""

    text: str
    name: str = ""  # @keyframes: its name


Node = Rule | Block | Raw
_GROUPING = ("@media", "@supports", "@layer", "@container", "@document", "@-moz-document")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


_STRING = r""""(?:\\.|[^"\\])*"?|'(?:\\.|[^'\\])*'?"""  # a quoted string (unclosed: to the end)
_STRING_OR_COMMENT = re.compile(rf"({_STRING})|/\*.*?(?:\*/|$)", re.S)
_STRING_ONLY = re.compile(_STRING)


def _skip_string(css: str, i: int) -> int:
    """The index just after the string that starts at i."""
    return _STRING_ONLY.match(css, i).end()


def _strip_comments(css: str) -> str:
    return _STRING_OR_COMMENT.sub(lambda m: m.group(1) or "", css)


def _squeeze(text: str) -> str:
    """Collapse whitespace outside strings to one space, and drop it around ',', '>', '{', ';' and '}'."""
    if "'" not in text and '"' not in text:
        return _squeeze_plain(text).strip()
    parts, start = [], 0
    for string in _STRING_ONLY.finditer(text):
        parts += [_squeeze_plain(text[start:string.start()]), string.group()]
        start = string.end()
    parts.append(_squeeze_plain(text[start:]))
    return "".join(parts).strip()


_SPACE = re.compile(r"\s+")
_AROUND = re.compile(r"\s*([,>{};])\s*")


def _squeeze_plain(text: str) -> str:
    return _AROUND.sub(r"\1", _SPACE.sub(" ", text))


_NESTING = {char: re.compile(rf"{_STRING}|[()\[\]{re.escape(char)}]") for char in ";,"}


def _split_top(text: str, separator: str) -> list[str]:
    """Split at `separator` (";" or ",") outside strings, brackets and parentheses."""
    if not any(char in text for char in "\"'(["):
        return text.split(separator)
    parts, depth, start = [], 0, 0
    for token in _NESTING[separator].finditer(text):
        char = token.group()
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:token.start()])
            start = token.end()
    parts.append(text[start:])
    return parts


def _declarations(body: str) -> list[str]:
    result = []
    for declaration in _split_top(body, ";"):
        name, colon, value = declaration.partition(":")
        if colon and name.strip():
            result.append(f"{name.strip()}:{_squeeze(value)}")
    return result


@functools.lru_cache(maxsize=8)
def parse(css: str) -> tuple[Node, ...]:
    """The rules of `css` (cached: every language's build reads the same theme stylesheet; the
    subsetting never changes a node, it makes new ones)."""
    nodes, _ = _parse(_strip_comments(css), 0)
    return tuple(nodes)


_SIGNIFICANT = re.compile(r"[\"';{}]")


def _parse(css: str, i: int) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    start = i
    while i < len(css):
        found = _SIGNIFICANT.search(css, i)
        if found is None:
            return nodes, len(css)
        i = found.start()
        char = css[i]
        if char in "\"'":
            i = _skip_string(css, i)
        elif char == ";" and css[start:i].strip().startswith("@"):  # @charset "UTF-8"; @import ...;
            nodes.append(Raw(_squeeze(css[start:i]) + ";"))
            i = start = i + 1
        elif char == "}":
            return nodes, i + 1
        elif char == "{":
            prelude = _squeeze(css[start:i])
            if prelude.startswith(_GROUPING):
                children, i = _parse(css, i + 1)
                nodes.append(Block(prelude, children))
            else:
                end = _closing(css, i)
                end = len(css) if end < 0 else end + 1
                body = css[i + 1:end - 1]
                if prelude.startswith("@"):
                    name = prelude.split()[1] if prelude.startswith(("@keyframes", "@-webkit-keyframes")) else ""
                    nodes.append(Raw(prelude + "{" + _squeeze(body) + "}", name))
                else:
                    nodes.append(Rule(prelude, _declarations(body)))
                i = end
            start = i
        else:  # a ";" between declarations of a rule being skipped over
            i += 1
    return nodes, i


_BRACKETS = {pair: re.compile(rf"{_STRING}|[{re.escape(pair)}]") for pair in ("{}", "()")}


def _closing(text: str, i: int, opening: str = "{", closing: str = "}") -> int:
    """The index of the bracket that closes the one at i (-1 if none), skipping strings."""
    depth = 0
    for token in _BRACKETS[opening + closing].finditer(text, i):
        char = token.group()
        depth += (char == opening) - (char == closing)
        if depth == 0:
            return token.start()
    return -1


def serialize(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Rule):
            out.append(f"{node.prelude}{{{';'.join(node.declarations)}}}")
        elif isinstance(node, Block):
            out.append(f"{node.prelude}{{{serialize(node.children)}}}")
        else:
            out.append(node.text)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# The elements the pages have


@dataclass(frozen=True)
class Element:
    tag: str
    attributes: tuple[tuple[str, str], ...]  # sorted; class and id included

    @cached_property  # read for every selector the element is a candidate for
    def values(self) -> dict[str, str]:
        return dict(self.attributes)

    @cached_property
    def classes(self) -> frozenset[str]:
        return frozenset(self.values.get("class", "").split())


def elements_in(pages: Iterable[Scan]) -> frozenset[Element]:
    """The distinct elements of scanned pages (page_scan parses each built page once for every check)."""
    return frozenset(Element(tag, attributes) for tag, attributes in frozenset().union(*(p.elements for p in pages)))


def elements_of(documents: Iterable[str]) -> frozenset[Element]:
    return elements_in(scan(document) for document in documents)


@dataclass
class _Index:
    """Elements by class, id and tag, so each compound selector looks at few candidates."""

    elements: frozenset[Element]
    by_class: dict[str, list[Element]] = field(default_factory=dict)
    by_id: dict[str, list[Element]] = field(default_factory=dict)
    by_tag: dict[str, list[Element]] = field(default_factory=dict)
    by_attribute: dict[str, list[Element]] = field(default_factory=dict)  # by attribute name
    verdicts: dict[str, bool] = field(default_factory=dict)  # selector -> can it match

    def __post_init__(self) -> None:
        for element in self.elements:
            self.by_tag.setdefault(element.tag, []).append(element)
            for name, value in element.attributes:
                self.by_attribute.setdefault(name, []).append(element)
                if name == "id":
                    self.by_id.setdefault(value, []).append(element)
                elif name == "class":
                    for cls in value.split():
                        self.by_class.setdefault(cls, []).append(element)


# ---------------------------------------------------------------------------------------------
# Can a selector match?

_IDENT = r"(?:[-\w]|\\.)+"
_TOKEN = re.compile(
    rf"(?P<combinator>\s*[>+~]\s*|\s+)"
    rf"|(?P<type>\*|{_IDENT})"
    rf"|\.(?P<cls>{_IDENT})"
    rf"|#(?P<id>{_IDENT})"
    rf"|\[\s*(?P<attr>{_IDENT})\s*(?:(?P<op>[~|^$*]?=)\s*(?P<value>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|{_IDENT})"
    rf"\s*(?P<flag>[iIsS])?\s*)?\]"
    rf"|::?(?P<pseudo>{_IDENT})(?P<args>\()?"
)
_UNESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}\s?|.)")
# Pseudo-classes whose argument is a selector list that must itself be able to match.
_SELECTOR_ARGS = {"is", "where", "matches", "-webkit-any", "-moz-any", "has"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        return chr(int(code, 16)) if re.fullmatch(r"[0-9a-fA-F]{1,6}\s?", code) else code
    return _UNESCAPE.sub(one, text)


@dataclass
class _Compound:
    tag: str | None = None
    ids: list[str] = field(default_factory=list)
    classes: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str | None, str | None, bool]] = field(default_factory=list)  # name, op, value, nocase
    alternatives: list[str] = field(default_factory=list)  # selector lists of :is() / :has(): one must match
    root: bool = False


def _compounds(selector: str) -> list[_Compound] | None:
    """The compound selectors of one complex selector; None if it cannot be read (then it is kept)."""
    compounds, current, i = [], _Compound(), 0
    selector = selector.strip()
    while i < len(selector):
        match = _TOKEN.match(selector, i)
        if not match:
            return None
        i = match.end()
        if match.group("combinator") is not None:
            compounds.append(current)
            current = _Compound()
        elif match.group("type"):
            current.tag = None if match.group("type") == "*" else _unescape(match.group("type")).lower()
        elif match.group("cls"):
            current.classes.append(_unescape(match.group("cls")))
        elif match.group("id"):
            current.ids.append(_unescape(match.group("id")))
        elif match.group("attr"):
            value = match.group("value")
            if value and value[0] in "\"'":
                value = value[1:-1]
            current.attributes.append((_unescape(match.group("attr")).lower(), match.group("op"),
                                       None if value is None else _unescape(value),
                                       (match.group("flag") or "").lower() == "i"))
        else:
            name = match.group("pseudo").lower()
            if match.group("args"):
                end = _closing(selector, i - 1, "(", ")")
                if end < 0:
                    return None
                if name in _SELECTOR_ARGS:
                    current.alternatives.append(selector[i:end])
                i = end + 1
            elif name == "root":
                current.root = True
    compounds.append(current)
    return compounds


def _attribute_fits(element: Element, name: str, op: str | None, value: str | None, nocase: bool) -> bool:
    actual = element.values.get(name)
    if actual is None:
        return False
    if op is None or value is None:
        return True
    if nocase:
        actual, value = actual.lower(), value.lower()
    return {
        "=": actual == value,
        "~=": value in actual.split(),
        "|=": actual == value or actual.startswith(value + "-"),
        "^=": bool(value) and actual.startswith(value),
        "$=": bool(value) and actual.endswith(value),
        "*=": bool(value) and value in actual,
    }[op]


def _compound_fits(compound: _Compound, index: _Index) -> bool:
    if compound.alternatives and not all(_list_can_match(alt, index) for alt in compound.alternatives):
        return False
    # the fewest candidates any one requirement leaves (every requirement is checked below)
    lists = [*(index.by_id.get(i, []) for i in compound.ids[:1]),
             *(index.by_class.get(c, []) for c in compound.classes),
             *(index.by_attribute.get(a[0], []) for a in compound.attributes),
             *([index.by_tag.get("html", [])] if compound.root else []),
             *([index.by_tag.get(compound.tag, [])] if compound.tag else [])]
    candidates = min(lists, key=len) if lists else index.elements
    for element in candidates:
        if (compound.tag and element.tag != compound.tag) or (compound.root and element.tag != "html"):
            continue
        if any(element.values.get("id") != i for i in compound.ids):
            continue
        if not set(compound.classes) <= element.classes:
            continue
        if all(_attribute_fits(element, *attribute) for attribute in compound.attributes):
            return True
    return False


_CLASS = re.compile(r"\.((?:[-\w]|\\.)+)")
_ARGUMENTS = re.compile(r"\([^()]*\)|\[[^\]]*\]")  # :not(.x) requires no class; [a=".5"] is a value


def _can_match(selector: str, index: _Index) -> bool:
    verdict = index.verdicts.get(selector)
    if verdict is None and any(_unescape(c) not in index.by_class
                               for c in _CLASS.findall(_ARGUMENTS.sub("", selector))):
        verdict = index.verdicts[selector] = False  # a class no page has (most of the theme's rules)
    if verdict is None:
        compounds = _compounds(selector)
        verdict = compounds is None or all(_compound_fits(c, index) for c in compounds)
        index.verdicts[selector] = verdict
    return verdict


def _list_can_match(selectors: str, index: _Index) -> bool:
    return any(_can_match(selector, index) for selector in _split_top(selectors, ","))


# ---------------------------------------------------------------------------------------------
# Subsetting

_VAR = re.compile(r"var\(\s*(--[-\w]+)")
_NAME = re.compile(r"[-\w]+")


def _keep_matching(nodes: list[Node], index: _Index) -> list[Node]:
    kept: list[Node] = []
    for node in nodes:
        if isinstance(node, Rule):
            selectors = [s for s in _split_top(node.prelude, ",") if _can_match(s, index)]
            if selectors:
                kept.append(Rule(",".join(selectors), node.declarations))
        elif isinstance(node, Block):
            children = _keep_matching(node.children, index)
            if children:
                kept.append(Block(node.prelude, children))
        else:
            kept.append(node)
    return kept


def _rules(nodes: list[Node]) -> Iterable[Rule]:
    for node in nodes:
        if isinstance(node, Rule):
            yield node
        elif isinstance(node, Block):
            yield from _rules(node.children)


def _drop_unused(nodes: list[Node]) -> list[Node]:
    """Remove custom properties nothing refers to (until none is left), then unused @keyframes."""
    while True:
        declarations = [d for rule in _rules(nodes) for d in rule.declarations]
        raw = " ".join(n.text for n in nodes if isinstance(n, Raw))
        referenced = set(_VAR.findall(" ".join(declarations) + raw))
        unused = {d for d in declarations if d.startswith("--") and d.partition(":")[0] not in referenced}
        if not unused:
            break
        for rule in _rules(nodes):
            rule.declarations = [d for d in rule.declarations if d not in unused]
    animations = {word for d in declarations if d.startswith(("animation", "-webkit-animation"))
                  for word in _NAME.findall(d.partition(":")[2])}
    return _prune(nodes, animations)


def _prune(nodes: list[Node], animations: set[str]) -> list[Node]:
    kept: list[Node] = []
    for node in nodes:
        if isinstance(node, Rule) and node.declarations:
            kept.append(node)
        elif isinstance(node, Block):
            children = _prune(node.children, animations)
            if children:
                kept.append(Block(node.prelude, children))
        elif isinstance(node, Raw) and (not node.name or node.name in animations):
            kept.append(node)
    return kept


def subset(stylesheets: Iterable[str], documents: Iterable[str]) -> str:
    """The rules of `stylesheets` (in order) that the HTML `documents` can use, minified."""
    return subset_for(stylesheets, elements_of(documents))


def subset_for(stylesheets: Iterable[str], elements: frozenset[Element]) -> str:
    nodes = [node for css in stylesheets for node in parse(css)]
    charset = [n for n in nodes if isinstance(n, Raw) and n.text.startswith("@charset")][:1]
    nodes = [n for n in nodes if not (isinstance(n, Raw) and n.text.startswith("@charset"))]
    return serialize(charset + _drop_unused(_keep_matching(nodes, _Index(elements))))
