"""Accessibility checks with axe-core in the real browser.

``assert_accessible(page)`` runs axe-core's WCAG 2.0/2.1 A and AA rules on the
page as it is now and fails with one readable line per violation. axe-core comes
from the ``axe-playwright-python`` package (it ships ``axe.min.js``); nothing is
fetched from the network.

The script is injected through Playwright's ``evaluate`` (the DevTools protocol),
which the site's strict Content Security Policy does not block, so the page is
checked exactly as visitors get it, with the policy enforced.
"""

import re
from pathlib import Path

import axe_playwright_python

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)
AXE_VERSION = re.search(r"axe v([\w.-]+)", AXE_SOURCE).group(1)
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """
async ([context, tags]) => {
  const results = await window.axe.run(context || document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map((part) => Array.isArray(part) ? part.join(" >>> ") : part),
      summary: node.failureSummary || "",
    })),
  }));
}
"""


def axe_violations(page, context=None):
    """axe-core's WCAG 2.1 A/AA violations on the page, as plain dicts."""
    if isinstance(context, str):
        # The part to check may still be on its way (after a click or a redirect).
        page.locator(context).first.wait_for(state="attached")
    # Ours, not another copy the page may carry (the Wagtail admin bundles one).
    if page.evaluate("() => window.axe ? window.axe.version : null") != AXE_VERSION:
        page.evaluate(AXE_SOURCE)
    return page.evaluate(RUN_AXE, [context, WCAG_TAGS])


def format_violations(violations, url=""):
    lines = [f"{len(violations)} accessibility violation(s) on {url or 'the page'}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(node['target'])}")
            for detail in node["summary"].splitlines():
                if detail.strip():
                    lines.append(f"      {detail.strip()}")
    return "\n".join(lines)


def assert_accessible(page, context=None):
    """Fail when axe-core finds WCAG 2.1 A/AA violations.

    ``context`` narrows the check as axe.run's context does: a CSS selector, or
    ``{"include": [...], "exclude": [...]}``. By default the whole document.
    """
    violations = axe_violations(page, context)
    assert not violations, format_violations(violations, page.url)
