"""Bad input never breaks a page: generated query strings (random and repeated keys, huge
values, any unicode, control characters, broken escapes, negative and huge numbers) on
every public address never give a server error.

Adding an address family is one line in FAMILIES; each family gets 500 generated requests.
"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.public.pages import LANGUAGES

FAMILIES = [
    "/{lang}/",
    "/{lang}/initiatives/",
    "/{lang}/initiatives/{initiative}/",
    "/{lang}/communes/",
    "/{lang}/communes/{commune}/",
    "/{lang}/foundation/",
    "/{lang}/search/",
    "/{lang}/initiatives/export.csv",
    "/{lang}/initiatives/export.json",
    "/{lang}/initiatives/export.geojson",
    "/{lang}/changes/",
    "/{lang}/data/",
    "/{lang}/updates/feed/",
    "/{lang}/communes/{commune}/feed/",
    "/{lang}/changes/feed/",
    "/{lang}/foundation/proposals/",
    "/{lang}/foundation/advocacy/",
    "/{lang}/foundation/trainings/",
    "/{lang}/foundation/events/",
    "/{lang}/foundation/events.ics",
    "/{lang}/foundation/news/",
    "/{lang}/foundation/news/feed/",
    "/api/v1/initiatives/",
    "/api/v1/updates/",
    "/api/v1/communes/",
]
REQUESTS_PER_FAMILY = 500

# The parameters the public pages read, so that generated values reach real code.
KNOWN_KEYS = [
    "q",
    "commune",
    "sector",
    "status",
    "partner",
    "origin",
    "start_year",
    "budget_min",
    "budget_max",
    "late",
    "sort",
    "page",
    "format",
    "lang",
    "language",
    "next",
    "period",
    "page_size",
    "from",
    "to",
    "outcome",
    "state",
]
numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["-0", "1e309", "-1e309", "0x10", "٣", "１２", "1_000", "2**64", "NaN"]),
)
huge = st.integers(min_value=1_000, max_value=20_000).flatmap(
    lambda n: st.sampled_from(["9" * n, "ا" * n, "a%" * n, "\x00" * n])
)
values = st.one_of(
    st.text(max_size=300),  # any code point, control characters and lone surrogates' kin
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
    numbers,
    huge,
    st.sampled_from(["", "..", "../../etc/passwd", "<script>alert(1)</script>", "' OR 1=1 --"]),
)
keys = st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=30))
encoded = st.lists(st.tuples(keys, values), max_size=15).map(
    lambda pairs: urlencode(
        [
            (key.encode("utf-8", "surrogatepass"), value.encode("utf-8", "surrogatepass"))
            for key, value in pairs
        ]
    )
)
# What a hand-typed or hostile address may hold: bare separators, broken %-escapes, bytes
# that are not UTF-8.
raw = st.one_of(
    st.text(alphabet="abcqs=&;%+ 019fFzZ#?/\\.", max_size=200),
    st.binary(max_size=60).map(lambda data: quote(data, safe="=&")),
)
QUERY_STRINGS = st.one_of(encoded, raw)


@pytest.mark.parametrize("family", FAMILIES)
def test_no_generated_query_string_gives_a_server_error(
    client, make_initiative, make_funding, make_update, family
):
    initiative = make_initiative(is_published=True)
    make_funding(initiative=initiative)
    make_update(initiative=initiative, is_published=True)
    addresses = {
        language: family.format(
            lang=language, initiative=initiative.slug, commune=initiative.communes.get().slug
        )
        for language in LANGUAGES
    }
    sent = 0

    @settings(
        max_examples=REQUESTS_PER_FAMILY,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(language=st.sampled_from(LANGUAGES), query=QUERY_STRINGS)
    def visit(language, query):
        nonlocal sent
        response = client.get(f"{addresses[language]}?{query}")
        if response.streaming:
            b"".join(response.streaming_content)  # an export fails while it streams
        sent += 1
        assert response.status_code < 500, query

    visit()
    assert sent >= REQUESTS_PER_FAMILY
