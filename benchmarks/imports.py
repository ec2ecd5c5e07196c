"""Import benchmark: reading long articles in every format, and planning a revision.

    .venv/bin/python benchmarks/imports.py
    .venv/bin/python benchmarks/imports.py --paragraphs 2000 --runs 3

Builds, in memory, one article of ``--paragraphs`` paragraphs (300 to 1,500 characters
of varied English, with bold and links in every tenth one) in each format the import
reads, plus a news text of one sentence per line with no blank line (about 10 MB), and
times the reader of each (``domain.sources.read_source``: decoding, parsing, inline
tags). Then it times the plan that maps a revision of the article onto its segments
(``domain.revisions.plan_revision``) with a tenth of the paragraphs edited, some moved,
inserted and deleted; and a rewrite where every paragraph changed. It also times
cutting a 100,000-character Korean paragraph at sentence boundaries.

It prints the median of ``--runs`` runs of each, in seconds.
"""

import argparse
import io
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402

from benchmarks.editions import timed  # noqa: E402
from translate_app.domain.revisions import NewBlock, OldSegment, plan_revision  # noqa: E402
from translate_app.domain.sentences import cut_paragraph  # noqa: E402
from translate_app.domain.sources import read_source  # noqa: E402

WORDS = (  # noqa: SIM905 (a word list, kept readable)
    "market provinces capital officials trade rations elite loyalty succession border "
    "smuggling factories state income survival distribution system policy reform "
    "households cash prices currency cadres enterprises workers farmers soldiers"
).split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 24))]
    words.append(f"{rng.randint(1, 9999)}")
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    text = ""
    target = rng.randint(300, 1500)
    while len(text) < target:
        text += sentence(rng) + " "
    return text.strip()


def files(paragraphs: list[str]) -> dict[str, bytes]:
    marked = [
        p
        if n % 10
        else p.replace(" ", " **", 1).replace(" ", "** ", 2) + " [link](https://example.org/a)"
        for n, p in enumerate(paragraphs)
    ]
    text = "The title\n\n" + "\n\n".join(paragraphs) + "\n"
    markdown = "# The title\n\n" + "\n\n".join(marked) + "\n"
    html = (
        "<html><head><title>The title | Site</title><script>x()</script></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>The title</h1>"
        + "".join(
            f"<p>{p}<b> bold</b> <a href='https://example.org'>link</a></p>" for p in paragraphs
        )
        + "</article><footer>Sign up</footer></body></html>"
    )
    word = Document()
    word.add_paragraph("The title", style="Title")
    for p in paragraphs:
        para = word.add_paragraph(p)
        para.add_run(" bold").bold = True
    docx = io.BytesIO()
    word.save(docx)
    return {
        "article.txt": text.encode(),
        "article.md": markdown.encode(),
        "article.html": html.encode(),
        "article.docx": docx.getvalue(),
    }


def one_sentence_per_line(rng: random.Random, size: int) -> bytes:
    lines, total = ["The title"], 0
    while total < size:
        line = sentence(rng)
        lines.append(line)
        total += len(line) + 1
    return "\n".join(lines).encode()


def revised(rng: random.Random, paragraphs: list[str]) -> list[str]:
    new = list(paragraphs)
    for n in range(0, len(new), 10):
        new[n] = new[n].replace(".", ", they said.", 1)  # edited
    for _ in range(len(new) // 50):
        a, b = rng.randrange(len(new)), rng.randrange(len(new))
        new[a], new[b] = new[b], new[a]  # moved
    for _ in range(len(new) // 50):
        new.insert(rng.randrange(len(new)), paragraph(rng))  # inserted
        del new[rng.randrange(len(new))]  # deleted
    return new


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(7)
    paragraphs = [paragraph(rng) for _ in range(args.paragraphs)]
    print(f"{args.paragraphs} paragraphs, {sum(map(len, paragraphs)):,} characters")
    for name, data in files(paragraphs).items():
        seconds, parsed = timed(args.runs, lambda n=name, d=data: read_source(d, n))
        print(
            f"read {name:<13} {len(data) / 1e6:6.1f} MB  {seconds:6.2f} s  "
            f"{len(parsed.blocks)} blocks"
        )
    lines = one_sentence_per_line(rng, 10_000_000)
    seconds, parsed = timed(args.runs, lambda: read_source(lines, "lines.txt"))
    print(
        f"read one sentence a line {len(lines) / 1e6:5.1f} MB  {seconds:6.2f} s  "
        f"{len(parsed.blocks):,} blocks, rule: {parsed.rule}"
    )

    old = [OldSegment(str(n), p) for n, p in enumerate(paragraphs)]
    new = [NewBlock(p) for p in revised(rng, paragraphs)]
    seconds, plan = timed(args.runs, lambda: plan_revision(old, new))
    counts = ", ".join(f"{plan.count(c)} {c.value}" for c in type(plan.blocks[0].change))
    print(f"plan a revision            {seconds:6.2f} s  ({counts})")
    rewrite = [NewBlock(p.replace("e", "é")) for p in paragraphs]
    seconds, plan = timed(args.runs, lambda: plan_revision(old, rewrite))
    print(f"plan a rewrite of all      {seconds:6.2f} s")

    korean = "평양은 점차 지방처럼 변하고 있다고 그는 말했다. " * 3500
    seconds, pieces = timed(1, lambda: cut_paragraph(korean, "ko", 20_000))
    print(
        f"cut {len(korean):,} Korean characters at sentences: {seconds:.2f} s, "
        f"{len(pieces)} pieces (the first Korean text also loads the sentence model)"
    )


if __name__ == "__main__":
    main()
