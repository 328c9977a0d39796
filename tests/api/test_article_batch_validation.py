"""A list of articles is validated by a fast path that must answer exactly as the serializer does item by item."""

import pytest
from rest_framework import serializers

from annotations.api.serializers import ArticleCreateSerializer, FastBatchSerializer, _Fallback

GOOD = [
    {"body": "The council hired 40 teachers."},
    {"body": "  Spaces kept verbatim.  ", "title": "  A title  ", "source": " Daily ", "url": " https://x.org/a ",
     "published_on": "2024-01-02", "language": "de"},
    {"body": "Blank optional fields.", "title": "", "source": "", "url": ""},
    {"body": "Whitespace-only title.", "title": "   ", "published_on": None},
    {"body": "   "},  # the serializer keeps the body verbatim; the service refuses a blank text
]

BAD_OR_UNUSUAL = [
    {"body": ""},
    {"body": "a\x00b"},
    {"body": "a\ud800b"},
    {"body": 5},
    {"body": True},
    {"body": None},
    {"body": ["a list"]},
    {},
    {"body": "x", "extra": 1},
    {"body": "x", "id": 3},
    {"body": "x", "title": "t" * 301},
    {"body": "x", "title": None},
    {"body": "x", "title": "a\x00"},
    {"body": "x", "source": "s" * 201},
    {"body": "x", "url": "ftp://example.org/file"},
    {"body": "x", "url": "javascript:alert(1)"},
    {"body": "x", "url": "https://" + "a" * 2000 + ".org"},
    {"body": "x", "published_on": "yesterday"},
    {"body": "x", "published_on": 20240102},
    {"body": "x", "language": ""},
    {"body": "x", "language": None},
    {"body": "x", "language": "l" * 17},
    "not an object",
    ["a", "list"],
    None,
]


def _one_by_one(item):
    single = ArticleCreateSerializer(data=item)
    return (dict(single.validated_data), {}) if single.is_valid() else (None, single.errors)


@pytest.mark.parametrize("item", GOOD + BAD_OR_UNUSUAL, ids=repr)
def test_a_batch_gets_the_same_data_and_errors_as_drfs_own_list_validation(item):
    batch = ArticleCreateSerializer(data=[GOOD[0], item], many=True)
    plain = serializers.ListSerializer(child=ArticleCreateSerializer(), data=[GOOD[0], item])

    assert batch.is_valid() == plain.is_valid()
    assert batch.errors == plain.errors
    if not plain.errors:
        assert [dict(row) for row in batch.validated_data] == [dict(row) for row in plain.validated_data]


@pytest.mark.parametrize("item", [item for item in GOOD + BAD_OR_UNUSUAL if isinstance(item, dict)], ids=repr)
def test_a_batch_item_gets_the_same_result_as_the_same_item_sent_alone(item):
    batch = ArticleCreateSerializer(data=[GOOD[0], item], many=True)
    valid = batch.is_valid()
    expected_data, expected_errors = _one_by_one(item)

    if expected_errors:
        assert not valid
        assert batch.errors == {1: expected_errors}  # only the failing item, by its index
    else:
        assert valid, batch.errors
        assert dict(batch.validated_data[1]) == expected_data


@pytest.mark.parametrize("item", GOOD, ids=repr)
def test_the_fast_path_accepts_ordinary_articles_itself(item):
    batch = ArticleCreateSerializer(data=[item], many=True)

    assert isinstance(batch, FastBatchSerializer)
    assert batch._fast(item) == _one_by_one(item)[0]


@pytest.mark.parametrize("item", BAD_OR_UNUSUAL, ids=repr)
def test_the_fast_path_leaves_every_unusual_item_to_the_serializer(item):
    batch = ArticleCreateSerializer(data=[item], many=True)

    with pytest.raises(_Fallback):
        batch._fast(item)
