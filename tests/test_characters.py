"""Control characters and lone surrogates: refused by import and by every save, by name."""

import json

import pytest

from translate_app.domain.segmentation import SourceError, decode_source
from translate_app.domain.text import CharacterError, check_characters
from translate_app.extensions import db
from translate_app.services.accounts import issue_token
from translate_app.services.articles import get_segment_translation
from translate_app.services.errors import InvalidInput
from translate_app.services.translating import save_translation

from .conftest import login

FORBIDDEN = [
    ("\x00", "the control character U+0000 (NUL)"),
    ("\x01", "the control character U+0001 (SOH)"),
    ("\x07", "the control character U+0007 (BEL)"),
    ("\x08", "the control character U+0008 (BS)"),
    ("\x0b", "the control character U+000B (VT)"),
    ("\x0e", "the control character U+000E (SO)"),
    ("\x1b", "the control character U+001B (ESC)"),
    ("\x1f", "the control character U+001F (US)"),
    ("\x7f", "the control character U+007F (DEL)"),
    ("\x85", "the control character U+0085"),
    ("\x9f", "the control character U+009F"),
    ("\ud800", "a lone surrogate U+D800"),
    ("\udfff", "a lone surrogate U+DFFF"),
]
# Tab and line breaks fold to spaces; the rest are ordinary characters next to the range.
ALLOWED = ["\t", "\n", "\r", "\f", " ", "\xa0", "\u2028", "\ud7ff", "\ue000", "\ufffd", "한"]


@pytest.mark.parametrize(("char", "name"), FORBIDDEN)
def test_forbidden_characters_are_named(char, name):
    with pytest.raises(CharacterError) as refused:
        check_characters(f"첫 줄\n둘째 {char} 줄")
    assert str(refused.value) == name
    assert (refused.value.index, refused.value.line) == (7, 2)


def test_the_first_forbidden_character_is_the_one_named():
    with pytest.raises(CharacterError, match="U\\+001B"):
        check_characters("ok \x1b then \x00")


@pytest.mark.parametrize("char", ALLOWED)
def test_text_characters_pass(char):
    text = f"앞 {char} 뒤"
    assert check_characters(text) == text


# NUL makes a file binary before the characters are read (see test_segmentation);
# surrogates cannot come out of UTF-8 decoding.
@pytest.mark.parametrize(("char", "name"), FORBIDDEN[1:11])
def test_import_names_the_character_and_its_line(char, name):
    data = f"Title\n\nfine\nbad {char} here".encode()
    with pytest.raises(SourceError) as refused:
        decode_source(data, "article.txt")
    assert (
        str(refused.value) == f"article.txt contains {name} on line 4; it does not look like text"
    )


@pytest.fixture
def st(article):
    return get_segment_translation(article.segments[1].id, "ko")


@pytest.mark.parametrize(("char", "name"), FORBIDDEN)
def test_save_refuses_the_character_by_name_and_changes_nothing(st, users, char, name):
    with pytest.raises(InvalidInput) as refused:
        save_translation(
            st, users["translator"], text=f"번역{char}끝", base_revision=0, state="translated"
        )
    assert str(refused.value) == (
        f"the translation contains {name} at character 3; remove it and save again"
    )
    db.session.rollback()
    assert (st.revision, st.text) == (0, None)


def test_save_folds_tabs_and_line_breaks(st, users):
    save_translation(
        st, users["translator"], text="한\t줄\r\n또\f한 줄\n", base_revision=0, state="draft"
    )
    assert st.text == "한 줄 또 한 줄"


def test_the_editor_shows_the_refusal_in_the_row(client, users, st):
    token = login(client, "translator")
    response = client.post(
        f"/segments/{st.segment_id}/ko",
        data={"text": "번역\x00끝", "base_revision": 0, "state": "translated"},
        headers={"HX-Request": "true", "X-CSRFToken": token},
    )
    assert response.status_code == 422
    assert "the control character U+0000 (NUL) at character 3" in response.get_data(as_text=True)
    db.session.expire_all()
    assert get_segment_translation(st.segment_id, "ko").revision == 0


@pytest.mark.parametrize(("char", "name"), [("\x00", "U+0000 (NUL)"), ("\ud800", "U+D800")])
def test_the_api_refuses_with_a_json_error(client, users, st, char, name):
    token = issue_token(users["translator"])
    db.session.commit()
    response = client.put(
        f"/api/v1/segments/{st.segment_id}/translations/ko",
        # Escaped as \\uXXXX, as any JSON client would send a lone surrogate.
        data=json.dumps({"text": f"번역{char}", "base_revision": 0, "state": "translated"}),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert name in response.json["error"]
    db.session.expire_all()
    assert get_segment_translation(st.segment_id, "ko").revision == 0
