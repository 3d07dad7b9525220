"""In CI a skipped browser test fails the run; elsewhere it skips with its reason."""

from tests.browser.conftest import missing_tools, skip_is_failure


def test_a_skipped_browser_test_fails_where_browser_tests_are_required():
    assert skip_is_failure(marked_browser=True, environ={"REQUIRE_BROWSER_TESTS": "1"})


def test_a_skipped_browser_test_only_skips_on_a_developers_machine():
    assert not skip_is_failure(marked_browser=True, environ={})
    assert not skip_is_failure(marked_browser=False, environ={"REQUIRE_BROWSER_TESTS": "1"})


def test_the_tools_are_there_when_browser_tests_are_required(monkeypatch):
    import os

    if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        assert missing_tools() is None
