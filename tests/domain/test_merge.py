"""merge.shares_content is comparable(a) == comparable(b), which decides whether a merge base is kept by reference."""

from hypothesis import given, strategies as st

from caseapp.domain.merge import comparable, shares_content

_keys = st.sampled_from(["uuid", "status", "version", "assigned_officers", "victims", "notes"])
_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=3),
                       lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
                       max_leaves=6)
_documents = st.dictionaries(_keys, _values, max_size=6)


@given(_documents, _documents)
def test_shares_content_is_equality_of_the_shared_parts(a, b):
    assert shares_content(a, b) == (comparable(a) == comparable(b))


@given(_documents)
def test_office_local_keys_and_missing_keys(a):
    assert shares_content(a, {**a, "version": 99, "assigned_officers": ["lain"]})
    assert not shares_content({**a, "status": None}, {k: v for k, v in a.items() if k != "status"})
