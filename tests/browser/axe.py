"""Accessibility checks with axe-core, run inside the page under test."""

from django.conf import settings

AXE_SCRIPT = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TARGETS_SHOWN = 3

RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
    .then(results => results.violations.map(violation => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map(node => node.target.join(" ")),
    })))"""


def assert_accessible(page):
    """Fail with a readable list when axe finds WCAG 2.2 AA violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, _describe(page.url, violations)


def _describe(url, violations):
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        targets = violation["targets"]
        shown = ", ".join(targets[:TARGETS_SHOWN])
        more = len(targets) - TARGETS_SHOWN
        if more > 0:
            shown += f" and {more} more"
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" at {shown}"
        )
    return "\n".join(lines)
