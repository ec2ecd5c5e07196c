"""Machine translation: the requests each provider's HTTP API expects, the answers it
gives, and how much of a final translation is the machine's output left as it was.

Nothing here touches the network: a request is built as a value (URL, headers, JSON
body, always POSTed) and an answer is parsed from its bytes, so that every provider's
protocol is tested without one.

- LibreTranslate: ``POST {base}/translate`` with ``{"q", "source", "target", "format",
  "api_key"}`` answers ``{"translatedText"}``; errors ``{"error"}``.
- DeepL: ``POST {base}/v2/translate`` with ``Authorization: DeepL-Auth-Key KEY`` and
  ``{"text": [...], "source_lang", "target_lang"}`` answers ``{"translations": [{"text"}]}``;
  errors ``{"message"}``.
- OpenAI-compatible chat completions (OpenAI, a local Ollama): ``POST {base}/chat/completions``
  where base ends in /v1, answers ``{"choices": [{"message": {"content"}}]}``; errors
  ``{"error": {"message"}}`` (or ``{"error": "..."}``). The glossary goes into the prompt.
"""

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

from .glossary import Term, find_terms
from .languages import LanguageError, parse_language, primary_subtag

PROVIDERS = ("libretranslate", "deepl", "openai")
#: The openai label names its model once configured (see ``label``).
LABELS = {"libretranslate": "LibreTranslate", "deepl": "DeepL", "openai": "OpenAI-compatible"}
#: A final translation at least this much unmodified machine output counts as
#: machine-translated (the share of ``unmodified_share``).
GATE_SHARE = 0.85


class MtError(Exception):
    """A provider's answer that holds no translation; the message names the provider."""


@dataclass(frozen=True)
class Request:
    """One HTTP POST with a JSON body."""

    url: str
    headers: dict[str, str]
    body: bytes


def label(provider: str, model: str = "") -> str:
    if provider == "openai" and model:
        return f"{LABELS['openai']} ({model})"
    return LABELS[provider]


def _json_request(url: str, payload: dict, headers: dict[str, str] | None = None) -> Request:
    return Request(
        url=url,
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            **(headers or {}),
        },
        body=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
    )


def _endpoint(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def _load(provider: str, body: bytes):
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise MtError(f"{LABELS[provider]} answered something that is not JSON") from None


def _translation(provider: str, text) -> str:
    if not isinstance(text, str):
        raise MtError(f"{LABELS[provider]}'s answer has no translation in it")
    if not text.strip():
        raise MtError(f"{LABELS[provider]} answered an empty translation")
    return text


def error_message(provider: str, body: bytes) -> str:
    """The provider's own explanation in an error answer's body, or "" when it gives none."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(data, dict):
        return ""
    found = data.get("message") if provider == "deepl" else data.get("error")
    if isinstance(found, dict):
        found = found.get("message")
    return " ".join(found.split()) if isinstance(found, str) else ""


# --- LibreTranslate ------------------------------------------------------------------------


def libretranslate_request(
    base_url: str, text: str, source_lang: str, target_lang: str, key: str = ""
) -> Request:
    payload = {
        "q": text,
        "source": primary_subtag(source_lang),
        "target": primary_subtag(target_lang),
        "format": "text",
    }
    # Instances without keys refuse none, but some reject an empty api_key.
    if key:
        payload["api_key"] = key
    return _json_request(_endpoint(base_url, "/translate"), payload)


def parse_libretranslate(body: bytes) -> str:
    data = _load("libretranslate", body)
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        raise MtError(f"LibreTranslate: {data['error']}")
    if not isinstance(data, dict) or "translatedText" not in data:
        raise MtError("LibreTranslate's answer has no translatedText")
    return _translation("libretranslate", data["translatedText"])


# --- DeepL ---------------------------------------------------------------------------------

# DeepL takes a bare EN or PT as a source but wants the variant as a target.
_DEEPL_TARGET_VARIANTS = {"EN": "EN-US", "PT": "PT-PT"}


def deepl_lang(code: str, *, target: bool) -> str:
    """DeepL's upper-case code for one of ours: ko -> KO; en as a target -> EN-US."""
    primary = primary_subtag(code).upper()
    return _DEEPL_TARGET_VARIANTS.get(primary, primary) if target else primary


def deepl_request(
    base_url: str, key: str, text: str, source_lang: str, target_lang: str
) -> Request:
    payload = {
        "text": [text],
        "source_lang": deepl_lang(source_lang, target=False),
        "target_lang": deepl_lang(target_lang, target=True),
    }
    return _json_request(
        _endpoint(base_url, "/v2/translate"), payload, {"Authorization": f"DeepL-Auth-Key {key}"}
    )


def parse_deepl(body: bytes) -> str:
    data = _load("deepl", body)
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        raise MtError(f"DeepL: {data['message']}")
    translations = data.get("translations") if isinstance(data, dict) else None
    if not isinstance(translations, list) or not translations:
        raise MtError("DeepL's answer has no translations")
    first = translations[0]
    return _translation("deepl", first.get("text") if isinstance(first, dict) else None)


# --- OpenAI-compatible ---------------------------------------------------------------------


def language_name(code: str) -> str:
    try:
        return parse_language(code).english_name
    except LanguageError:
        return code


def glossary_lines(text: str, terms: Sequence[Term], source_lang: str) -> list[str]:
    """The instructions for the glossary terms found in ``text``, one a line, in the
    order they occur; terms absent from the text are left out of the prompt."""
    lines: list[str] = []
    for match in find_terms(text, terms, source_lang):
        for term in match.terms:
            if term.status == "forbidden":
                line = f"never translate “{term.source}” as “{term.target}”"
            elif term.status == "do-not-translate":
                line = f"keep “{term.source}” untranslated"
            else:
                line = f"use “{term.target}” for “{term.source}”"
            if line not in lines:
                lines.append(line)
    return lines


def system_prompt(source_lang: str, target_lang: str, lines: Sequence[str]) -> str:
    source, target = language_name(source_lang), language_name(target_lang)
    prompt = (
        f"Translate the user's text from {source} to {target}. Output only the "
        f"translation: no explanation, no notes, no quotation marks around it. Keep the "
        f"paragraph's numbers, names and inline tags such as <1>...</1> as they are."
    )
    if lines:
        prompt += "\nFollow this glossary:\n" + "\n".join(f"- {line}" for line in lines)
    return prompt


def glossary_key(lines: Sequence[str]) -> str:
    """A digest of the glossary lines a prompt carries ("" for none): a changed glossary
    asks the model again instead of reusing an answer made without it."""
    if not lines:
        return ""
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def openai_request(
    base_url: str,
    model: str,
    text: str,
    source_lang: str,
    target_lang: str,
    lines: Sequence[str] = (),
    key: str = "",
) -> Request:
    payload = {
        "model": model,
        "temperature": 0,
        "messages": [
            {"role": "system", "content": system_prompt(source_lang, target_lang, lines)},
            {"role": "user", "content": text},
        ],
    }
    # A local server wants no key; sending an empty bearer would be refused by some.
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return _json_request(_endpoint(base_url, "/chat/completions"), payload, headers)


def parse_openai(body: bytes) -> str:
    data = _load("openai", body)
    if isinstance(data, dict) and data.get("error"):
        message = error_message("openai", body) or "an error without a message"
        raise MtError(f"OpenAI-compatible: {message}")
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise MtError("the OpenAI-compatible answer has no choices[0].message.content") from None
    text = _translation("openai", content)
    return text.strip()


# --- How much of a translation is the machine's -------------------------------------------


def share_unit(lang: str) -> str:
    """What unmodified_share counts in ``lang``: "characters" or "words".

    Korean words carry their particles, so a changed particle would count a whole word
    as changed: Korean is compared by characters, other languages by words."""
    return "characters" if primary_subtag(lang) == "ko" else "words"


def _units(text: str, lang: str) -> list[str]:
    if share_unit(lang) == "characters":
        return [char for char in text if not char.isspace()]
    return text.split()


def unmodified_share(machine: str, final: str, lang: str) -> float:
    """How much of ``final`` (0..1) is ``machine`` output left unchanged: the longest
    common subsequence of their units over the units of ``final``."""
    final_units = _units(final, lang)
    if not final_units:
        return 0.0
    common = LCSseq.similarity(_units(machine, lang), final_units)
    return common / len(final_units)
