"""Apps depend in one direction (pyproject's import-linter contract) and hide no import in a function."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _modules():
    for path in sorted((ROOT / "guichet").rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts or "tests" in parts:
            continue
        yield path


def _imports_the_project(node) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] == "guichet"
    return isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "guichet" for alias in node.names)


def test_the_layers_contract_holds():
    # In a process of its own: import-linter configures logging, which would silence our loggers here.
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:]


def test_no_import_of_our_code_is_hidden_in_a_function_but_an_app_configs_ready():
    """An import of our own code inside a function dodges a cycle the layers should have prevented;
    AppConfig.ready is the one place Django wants them (the models are loaded by then)."""
    hidden = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name == "ready":
                continue
            hidden += [
                f"{path.relative_to(ROOT)}:{inner.lineno}" for inner in ast.walk(node) if _imports_the_project(inner)
            ]
    assert hidden == []


def test_no_module_falls_back_when_an_import_fails():
    fallbacks = [
        str(path.relative_to(ROOT))
        for path in _modules()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ExceptHandler) and "ImportError" in ast.unparse(node.type or ast.Pass())
    ]
    assert fallbacks == []
