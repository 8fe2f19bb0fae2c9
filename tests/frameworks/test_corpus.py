"""Every invented test document in ``corpus/`` gives exactly its expected structure, or its refusal."""

import pytest

from frameworks.importers import ParseError, parse_text
from tests.frameworks.corpus_check import (
    check_refusal,
    check_result,
    corpus_names,
    corpus_text,
    expectation,
)


def test_the_corpus_has_at_least_twenty_documents():
    assert len(corpus_names()) >= 20


@pytest.mark.parametrize("name", corpus_names())
def test_corpus_document(name):
    expected = expectation(name)
    options = expected.get("options", {})
    if "refusal" in expected:
        with pytest.raises(ParseError) as error:
            parse_text(corpus_text(name), **options)
        check_refusal(error.value, expected["refusal"])
        return
    check_result(parse_text(corpus_text(name), **options), expected)
