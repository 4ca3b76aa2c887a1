"""Every third-party package the code imports is declared, not borrowed from Wagtail."""

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_DIRS = ["website", "events", "registrations", "newsletter", "communities", "scripts"]
# Developer tools that drive a browser: their packages come from the test group.
DEVELOPER_SCRIPTS = {BASE_DIR / "scripts" / "screenshots.py"}


def imports_of(path):
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module.split(".")[0])
    return modules


def imported_top_level_modules():
    modules = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    modules |= {
        backend["BACKEND"].split(".")[0]
        for backend in [*settings.TASKS.values(), *settings.DATABASES.values()]
        if "BACKEND" in backend
    }
    for directory in PROJECT_DIRS:
        for path in (BASE_DIR / directory).rglob("*.py"):
            if "migrations" in path.parts or path in DEVELOPER_SCRIPTS:
                # Migrations are generated (they name Wagtail's internals).
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.add(node.module.split(".")[0])
    return modules


def declared_distributions():
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    return {canonicalize_name(Requirement(line).name) for line in project["dependencies"]}


def test_every_imported_package_is_a_declared_dependency():
    own = set(PROJECT_DIRS)
    distributions = packages_distributions()
    undeclared = set()
    for module in imported_top_level_modules() - own - set(sys.stdlib_module_names):
        names = {canonicalize_name(name) for name in distributions.get(module, [])}
        if names and not names & declared_distributions():
            undeclared |= names
    assert undeclared == set()


def test_developer_scripts_use_declared_dependency_groups():
    pyproject = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())
    declared = declared_distributions() | {
        canonicalize_name(Requirement(line).name)
        for group in pyproject["dependency-groups"].values()
        for line in group
    }
    distributions = packages_distributions()
    undeclared = set()
    for path in DEVELOPER_SCRIPTS:
        for module in imports_of(path) - set(PROJECT_DIRS) - set(sys.stdlib_module_names):
            names = {canonicalize_name(name) for name in distributions.get(module, [])}
            if names and not names & declared:
                undeclared |= names
    assert undeclared == set()
