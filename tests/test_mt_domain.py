"""Machine translation's requests, answers and unmodified share, without a network."""

import hashlib
import json

import pytest

from translate_app.domain.glossary import Term
from translate_app.domain.mt import (
    GATE_SHARE,
    LABELS,
    PROVIDERS,
    MtError,
    Request,
    deepl_lang,
    deepl_request,
    error_message,
    glossary_key,
    glossary_lines,
    label,
    libretranslate_request,
    openai_request,
    parse_deepl,
    parse_libretranslate,
    parse_openai,
    share_unit,
    system_prompt,
    unmodified_share,
)

JSON = {"Content-Type": "application/json", "Accept": "application/json"}


def test_providers_and_labels():
    assert PROVIDERS == ("libretranslate", "deepl", "openai")
    assert LABELS["libretranslate"] == "LibreTranslate" and LABELS["deepl"] == "DeepL"
    assert label("openai") == "OpenAI-compatible"
    assert label("openai", "llama3.1") == "OpenAI-compatible (llama3.1)"
    assert label("deepl", "ignored") == "DeepL"


def test_libretranslate_request():
    request = libretranslate_request("http://localhost:5000/", "Hello", "en", "ko")
    assert request == Request(
        "http://localhost:5000/translate",
        JSON,
        json.dumps(
            {"q": "Hello", "source": "en", "target": "ko", "format": "text"}, ensure_ascii=False
        ).encode(),
    )
    keyed = libretranslate_request("http://lt", "평양", "ko", "en", key="k1")
    assert json.loads(keyed.body) == {
        "q": "평양", "source": "ko", "target": "en", "format": "text", "api_key": "k1"
    }  # fmt: skip
    assert "평양".encode() in keyed.body
    # Only the slashes at the end of the base go, not the letters before them.
    assert (
        libretranslate_request("http://lt/MAX/", "Hi", "en", "ko").url == "http://lt/MAX/translate"
    )


def test_deepl_request_and_codes():
    request = deepl_request("https://api-free.deepl.com", "abc:fx", "Hello", "en", "ko")
    assert request.url == "https://api-free.deepl.com/v2/translate"
    assert request.headers == JSON | {"Authorization": "DeepL-Auth-Key abc:fx"}
    assert json.loads(request.body) == {"text": ["Hello"], "source_lang": "EN", "target_lang": "KO"}
    back = deepl_request("https://api.deepl.com/", "k", "안녕", "ko", "en")
    assert json.loads(back.body)["source_lang"] == "KO"
    assert json.loads(back.body)["target_lang"] == "EN-US"


@pytest.mark.parametrize(
    ("code", "as_source", "as_target"),
    [
        ("en", "EN", "EN-US"),
        ("ko", "KO", "KO"),
        ("ja", "JA", "JA"),
        ("zh-Hans", "ZH", "ZH"),
        ("de", "DE", "DE"),
        ("pt", "PT", "PT-PT"),
    ],
)
def test_deepl_language_codes(code, as_source, as_target):
    assert deepl_lang(code, target=False) == as_source
    assert deepl_lang(code, target=True) == as_target


def test_openai_request_without_and_with_key():
    request = openai_request("http://localhost:11434/v1", "llama3.1", "Hello", "en", "ko")
    assert request.url == "http://localhost:11434/v1/chat/completions"
    assert request.headers == JSON
    body = json.loads(request.body)
    assert body["model"] == "llama3.1" and body["temperature"] == 0
    system, user = body["messages"]
    assert user == {"role": "user", "content": "Hello"}
    assert system["role"] == "system"
    assert "from English to Korean" in system["content"]
    assert "only the translation" in system["content"]
    assert "glossary" not in system["content"].lower()
    keyed = openai_request("https://api.openai.com/v1/", "gpt-4o", "Hi", "ko", "en", key="sk")
    assert keyed.url == "https://api.openai.com/v1/chat/completions"
    assert keyed.headers["Authorization"] == "Bearer sk"
    assert "from Korean to English" in json.loads(keyed.body)["messages"][0]["content"]


TERMS = [
    Term("Pyongyang", "평양"),
    Term("Pyongyang", "피양", "forbidden"),
    Term("Juche", "Juche", "do-not-translate"),
    Term("province", "도"),
    Term("Kaesong", "개성"),
]


def test_glossary_lines_only_for_terms_in_the_text():
    text = "Pyongyang and its provinces follow Juche."
    lines = glossary_lines(text, TERMS, "en")
    assert lines == [
        "use “평양” for “Pyongyang”",
        "never translate “Pyongyang” as “피양”",
        "use “도” for “province”",
        "keep “Juche” untranslated",
    ]
    assert glossary_lines("Nothing to see.", TERMS, "en") == []
    prompt = system_prompt("en", "ko", lines)
    for line in lines:
        assert f"- {line}" in prompt
    assert "Kaesong" not in prompt
    assert prompt.endswith(
        "as they are.\nFollow this glossary:\n"
        "- use “평양” for “Pyongyang”\n"
        "- never translate “Pyongyang” as “피양”\n"
        "- use “도” for “province”\n"
        "- keep “Juche” untranslated"
    )
    request = openai_request("http://x/v1", "m", text, "en", "ko", lines)
    assert "keep “Juche” untranslated" in json.loads(request.body)["messages"][0]["content"]


def test_glossary_key_follows_the_lines():
    assert glossary_key([]) == ""
    one = glossary_key(["use “평양” for “Pyongyang”"])
    assert len(one) == 64
    assert one != glossary_key(["use “평양시” for “Pyongyang”"])
    assert one == glossary_key(["use “평양” for “Pyongyang”"])
    assert glossary_key(["a", "b"]) == hashlib.sha256(b"a\nb").hexdigest()


def test_good_answers():
    assert parse_libretranslate(b'{"translatedText": "\\uc548\\ub155"}') == "안녕"
    deepl = {"translations": [{"detected_source_language": "EN", "text": "안녕하세요"}]}
    assert parse_deepl(json.dumps(deepl).encode()) == "안녕하세요"
    openai = {"choices": [{"index": 0, "message": {"role": "assistant", "content": "안녕\n"}}]}
    assert parse_openai(json.dumps(openai).encode()) == "안녕"


LT, DL, OA = parse_libretranslate, parse_deepl, parse_openai
NOT_JSON = "answered something that is not JSON"
EMPTY = "answered an empty translation"


@pytest.mark.parametrize(
    ("parse", "body", "message"),
    [
        (LT, b"<html>502</html>", f"LibreTranslate {NOT_JSON}"),
        (LT, b'{"translated": "x"}', "LibreTranslate's answer has no translatedText"),
        (LT, b'{"translatedText": "  "}', f"LibreTranslate {EMPTY}"),
        (LT, b'{"error": "Invalid API key"}', "LibreTranslate: Invalid API key"),
        (LT, b"[1]", "LibreTranslate's answer has no translatedText"),
        (DL, b"\xff\xfe", f"DeepL {NOT_JSON}"),
        (DL, b'{"translations": []}', "DeepL's answer has no translations"),
        (DL, b'{"translations": [{"detected": "EN"}]}', "DeepL's answer has no translation in it"),
        (DL, b'{"translations": [{"text": ""}]}', f"DeepL {EMPTY}"),
        (DL, b'{"message": "Quota exceeded"}', "DeepL: Quota exceeded"),
        (DL, b"[1]", "DeepL's answer has no translations"),
        (DL, b'{"translations": ["x"]}', "DeepL's answer has no translation in it"),
        (OA, b"", f"OpenAI-compatible {NOT_JSON}"),
        (OA, b'{"choices": []}', "the OpenAI-compatible answer has no choices[0].message.content"),
        (OA, b'{"choices": [{"message": {"content": ""}}]}', f"OpenAI-compatible {EMPTY}"),
        (OA, b'{"error": {"message": "no model x"}}', "OpenAI-compatible: no model x"),
        (OA, b'{"error": "no such model"}', "OpenAI-compatible: no such model"),
        (OA, b'{"error": {"code": 500}}', "OpenAI-compatible: an error without a message"),
    ],
)  # fmt: skip
def test_bad_answers_raise_naming_the_provider(parse, body, message):
    with pytest.raises(MtError) as raised:
        parse(body)
    assert str(raised.value) == message


def test_error_message_of_an_error_answer():
    assert error_message("deepl", b'{"message": "Wrong auth key"}') == "Wrong auth key"
    assert (
        error_message("libretranslate", b'{"error": "Too many\\nrequests"}') == "Too many requests"
    )
    assert (
        error_message("openai", b'{"error": {"message": "bad model", "type": "x"}}') == "bad model"
    )
    assert error_message("deepl", b"<html>Forbidden</html>") == ""
    assert error_message("deepl", b'["message"]') == ""
    assert error_message("deepl", b'{"detail": "Forbidden"}') == ""
    assert error_message("libretranslate", b'{"error": 429}') == ""


@pytest.mark.parametrize(
    ("machine", "final", "lang", "share"),
    [
        ("평양은 수도이다.", "평양은 수도이다.", "ko", 1.0),
        ("The city grew.", "The city grew.", "en", 1.0),
        # Korean by character, spaces left out: 평양의 -> 평양은 changes one of five.
        ("평양의 수도", "평양은 수도", "ko", 4 / 5),
        ("평양의 수도", "평양은  수도", "ko-KR", 4 / 5),
        # English by word: one word of four changed.
        ("The city grew fast", "The town grew fast", "en", 3 / 4),
        ("The city grew", "", "en", 0.0),
        ("", "The city grew", "en", 0.0),
        ("", "   ", "ko", 0.0),
        # Words added to the machine's output lower the share; words removed do not.
        ("a b c d", "a b c d e f g h", "en", 0.5),
        ("a b c d e f g h", "a b c d", "en", 1.0),
    ],
)
def test_unmodified_share(machine, final, lang, share):
    assert unmodified_share(machine, final, lang) == pytest.approx(share)


def test_share_unit_is_characters_for_korean_only():
    assert share_unit("ko") == share_unit("ko-KR") == "characters"
    assert share_unit("en") == share_unit("ja") == "words"


def test_the_gate_boundary():
    assert GATE_SHARE == 0.85
    machine = " ".join(f"w{i}" for i in range(20))
    # 17 of 20 words unchanged: exactly the gate.
    exact = " ".join(f"w{i}" if i < 17 else f"x{i}" for i in range(20))
    assert unmodified_share(machine, exact, "en") == GATE_SHARE
    assert unmodified_share(machine, exact, "en") >= GATE_SHARE
    # 18 of 21 characters unchanged: just above.
    korean_machine = "가" * 18
    above = "가" * 18 + "나다라"
    assert unmodified_share(korean_machine, above, "ko") == 18 / 21 > GATE_SHARE
    # 16 of 19 words: just below.
    below = " ".join(f"w{i}" if i < 16 else f"x{i}" for i in range(19))
    assert unmodified_share(machine, below, "en") < GATE_SHARE
