"""In CI a skipped browser test fails the run; elsewhere it skips with its reason."""

import os

import pytest

from tests.browser.conftest import REQUIRED, missing_tools, report_is_failure, skip_is_failure

pytest_plugins = ["pytester"]

# A browser test and an ordinary test that both skip, run with the browser tests' hook.
SKIPPING_TESTS = """
import pytest


@pytest.mark.browser
def test_in_the_browser():
    pytest.skip("no browser here")


def test_elsewhere():
    pytest.skip("not today")
"""


def skipping_run(pytester):
    pytester.makeini("[pytest]\nmarkers =\n    browser: runs in Chromium\n")
    pytester.makeconftest(
        "from tests.browser.conftest import pytest_runtest_makereport  # noqa: F401\n"
    )
    pytester.makepyfile(test_skipping=SKIPPING_TESTS)
    return pytester.runpytest("-p", "no:django", "-p", "no:cacheprovider", "-rA")


def test_a_skipped_browser_test_fails_where_browser_tests_are_required():
    assert skip_is_failure(marked_browser=True, environ={"REQUIRE_BROWSER_TESTS": "1"})


def test_a_skipped_browser_test_only_skips_on_a_developers_machine():
    assert not skip_is_failure(marked_browser=True, environ={})
    assert not skip_is_failure(marked_browser=False, environ={"REQUIRE_BROWSER_TESTS": "1"})


def test_a_run_with_a_skipped_browser_test_fails_where_browser_tests_are_required(
    pytester, monkeypatch
):
    """CI reads the run's outcome: a browser test that skipped is counted as failed, with
    its reason, and a skip outside the browser tests stays a skip."""
    monkeypatch.setenv(REQUIRED, "1")

    result = skipping_run(pytester)

    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines([f"*browser test skipped while {REQUIRED}=1: *no browser here*"])


def test_a_run_with_a_skipped_browser_test_only_skips_on_a_developers_machine(
    pytester, monkeypatch
):
    monkeypatch.delenv(REQUIRED, raising=False)

    result = skipping_run(pytester)

    result.assert_outcomes(skipped=2)


def test_the_tools_are_there_when_browser_tests_are_required():
    if os.environ.get(REQUIRED) != "1":
        pytest.skip(f"checked only where {REQUIRED}=1")
    assert missing_tools() is None


def test_an_expected_failure_is_left_to_pytest_where_browser_tests_are_required():
    from types import SimpleNamespace

    required = {"REQUIRE_BROWSER_TESTS": "1"}
    skipped = SimpleNamespace(skipped=True)
    xfailed = SimpleNamespace(skipped=True, wasxfail="a known defect")
    assert report_is_failure(skipped, marked_browser=True, environ=required)
    assert not report_is_failure(xfailed, marked_browser=True, environ=required)
    assert not report_is_failure(
        SimpleNamespace(skipped=False), marked_browser=True, environ=required
    )
