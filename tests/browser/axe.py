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


LANG_GAPS = """() => {
  const hangul = /[\\uac00-\\ud7a3]/;
  const gaps = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || parent.closest("script, style, template, [hidden], [aria-hidden=true]")) continue;
    const lang = (parent.closest("[lang]") || document.documentElement).lang.toLowerCase();
    const isKorean = hangul.test(text);
    // Hangul read in an English voice, or a sentence of English (four words or more,
    // no Hangul) read in a Korean one: either way the voice is wrong.
    const english = !isKorean && /([A-Za-z]+[,;:'"()]*\\s+){3}[A-Za-z]+/.test(text);
    if ((isKorean && !lang.startsWith("ko")) || (english && lang.startsWith("ko"))) {
      gaps.push(`${lang}: ${text.slice(0, 60)}`);
    }
  }
  return gaps;
}"""


def lang_gaps(page: Page) -> list[str]:
    """Text whose nearest ``lang`` names the wrong language: Hangul outside a Korean
    ``lang``, or an English sentence inside one."""
    return page.evaluate(LANG_GAPS)
