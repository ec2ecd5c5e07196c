import pytest

from translate_app.domain.languages import LanguageError, parse_language
from translate_app.domain.states import (
    State,
    TransitionError,
    state_after_approval,
    state_after_save,
)


@pytest.mark.parametrize(
    ("code", "canonical", "gettext_code", "plural"),
    [
        ("ko", "ko", "ko", "nplurals=1; plural=0;"),
        ("en", "en", "en", "nplurals=2; plural=(n != 1);"),
        ("ja", "ja", "ja", "nplurals=1; plural=0;"),
        ("zh-Hans", "zh-Hans", "zh_Hans", "nplurals=1; plural=0;"),
        ("de_AT", "de-AT", "de_AT", "nplurals=2; plural=(n != 1);"),
    ],
)
def test_language_codes_are_accepted_and_normalised(code, canonical, gettext_code, plural):
    language = parse_language(code)
    assert (language.code, language.gettext_code, language.plural_forms) == (
        canonical,
        gettext_code,
        plural,
    )


@pytest.mark.parametrize("code", ["xx", "english", "", "ko!", "12"])
def test_unknown_language_codes_are_refused(code):
    with pytest.raises(LanguageError, match="unknown language code"):
        parse_language(code)


def test_state_numbers_are_stable():
    # These integers are stored in the database: changing one corrupts existing rows.
    assert {s.api_name: int(s) for s in State} == {
        "untranslated": 0,
        "rejected": 5,
        "draft": 10,
        "needs_review": 15,
        "translated": 20,
        "approved": 30,
    }


@pytest.mark.parametrize(
    ("requested", "allowed"),
    [
        (State.DRAFT, True),
        (State.TRANSLATED, True),
        (State.APPROVED, False),
        (State.UNTRANSLATED, False),
        (State.NEEDS_REVIEW, False),
    ],
)
def test_which_states_a_save_may_ask_for(requested, allowed):
    if allowed:
        assert state_after_save(requested) is requested
    else:
        with pytest.raises(TransitionError):
            state_after_save(requested)


@pytest.mark.parametrize(
    ("current", "allowed"),
    [
        (State.UNTRANSLATED, False),
        (State.DRAFT, False),
        (State.NEEDS_REVIEW, True),
        (State.TRANSLATED, True),
        (State.APPROVED, False),
    ],
)
def test_which_states_can_be_approved(current, allowed):
    if allowed:
        assert state_after_approval(current) is State.APPROVED
    else:
        with pytest.raises(TransitionError):
            state_after_approval(current)
