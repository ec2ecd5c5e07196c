"""axe-core in the page: the WCAG 2.0 and 2.1 A and AA rules, run where the page is now.

axe-core is vendored (vendor/axe-VERSION.min.js, from the npm registry, pinned like htmx)
and evaluated through the browser's debugging protocol, so the app's content security
policy, which allows no inline script, needs no exception for it.
"""

from pathlib import Path

from playwright.sync_api import Page

AXE_VERSION = "4.14.1"
AXE = Path(__file__).parent / "vendor" / f"axe-{AXE_VERSION}.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                          resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " "))
  }));
}"""


def violations(page: Page) -> list[dict]:
    """Every WCAG A/AA violation axe finds on the page as it is, at any impact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    return page.evaluate(RUN, WCAG_AA)


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {node}" for node in v["nodes"][:8])
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page: Page, where: str) -> None:
    found = violations(page)
    assert not found, f"axe-core {AXE_VERSION} on {where} ({page.url}):\n{describe(found)}"
