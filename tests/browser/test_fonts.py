"""Korean is drawn as Korean: the browser has a font with Hangul in it.

Without one, Chromium draws every syllable as the same empty box, and a screenshot of
the editor shows nothing a reader could check.
"""

from .test_editor import EDITOR, open_editor

# Each syllable drawn alone in the page's own font; the pixels of each, as a string.
DRAW = """(syllables) => {
    const font = getComputedStyle(document.querySelector("textarea")).font;
    return syllables.map((syllable) => {
        const canvas = document.createElement("canvas");
        canvas.width = 64;
        canvas.height = 64;
        const context = canvas.getContext("2d");
        context.font = font.replace(/\\d+(\\.\\d+)?px/, "40px");
        context.fillText(syllable, 4, 48);
        return Array.from(context.getImageData(0, 0, 64, 64).data).join(",");
    });
}"""


def test_different_hangul_syllables_are_drawn_differently(page):
    open_editor(page, "translator")
    assert page.url.endswith(EDITOR)
    drawn = page.evaluate(DRAW, ["번", "역", "평", "양"])
    blank = page.evaluate(DRAW, [" "])[0]
    assert blank not in drawn, "a syllable was drawn as nothing at all"
    assert len(set(drawn)) == 4, "Hangul syllables are drawn alike: no font with Hangul"
