"""The package's folders are the pipeline's stages, and data flows one way: a module imports only
from its own stage or an earlier one, and no two modules import each other (not even lazily)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "policysite"
# Earlier stages first (memory and forked: how any stage handles large trees and uses the second core; the
# reporter locates problems at loaded nodes, so it follows the source); pipeline.py and the commands run the stages.
STAGES = ["memory", "forked", "problems", "source", "reporter", "model", "render", "review", "publish", "pipeline",
          "lsp", "starter", "cli", "__main__", "__init__"]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports, anywhere in the file (lazy imports included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")[:-1] if path.name != "__init__.py" else module_name(path).split(".")
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[:len(package) - node.level + 1] if node.level > 1 else package
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            names = [f"{target}.{alias.name}" if target else alias.name for alias in node.names]
            found |= {name for name in names if (PACKAGE / (name.replace(".", "/") + ".py")).is_file()}
            if (PACKAGE / (target.replace(".", "/") + ".py")).is_file() or (PACKAGE / target).is_dir():
                found.add(target)
    return {name for name in found if name}


def stage(module: str) -> str:
    return module.split(".")[0]


MODULES = {module_name(path): imports(path) for path in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_stage():
    assert {stage(module) for module in MODULES} <= set(STAGES), sorted({stage(m) for m in MODULES})


def test_no_module_imports_a_later_stage():
    order = {name: i for i, name in enumerate(STAGES)}
    backwards = [(module, target) for module, targets in MODULES.items() for target in targets
                 if stage(target) not in ("__init__",) and order[stage(target)] > order[stage(module)]]
    assert backwards == []


def test_no_two_modules_import_each_other():
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in MODULES.get(module, ()):
            if target in path:
                cycles.append([*path[path.index(target):], target])
            elif target != module:
                visit(target, [*path, target])

    for module in MODULES:
        visit(module, [module])
    assert cycles == []
