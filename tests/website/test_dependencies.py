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


def imported_top_level_modules():
    modules = {app.split(".")[0] for app in settings.INSTALLED_APPS}
    modules |= {
        backend["BACKEND"].split(".")[0]
        for backend in [*settings.TASKS.values(), *settings.DATABASES.values()]
        if "BACKEND" in backend
    }
    for directory in PROJECT_DIRS:
        for path in (BASE_DIR / directory).rglob("*.py"):
            if "migrations" in path.parts:  # generated; they name Wagtail's internals
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
