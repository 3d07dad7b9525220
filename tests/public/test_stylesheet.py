"""One stylesheet serves Arabic and French: it names no physical side, only logical ones."""

import re

import pytest
from django.conf import settings

PHYSICAL = {
    "margin, padding or border side": r"\b(margin|padding|border)-(left|right)\b",
    "corner radius": r"\bborder-(top|bottom)-(left|right)-radius\b",
    "left offset": r"(?<![\w-])left\s*:",
    "right offset": r"(?<![\w-])right\s*:",
    "text alignment": r"\btext-align\s*:\s*(left|right)\b",
    "float": r"\bfloat\s*:\s*(left|right)\b",
    "clear": r"\bclear\s*:\s*(left|right)\b",
}


def stylesheet() -> str:
    css = (settings.BASE_DIR / "static/css/site.css").read_text()
    # Comments may explain the rule in words; only declarations count.
    return re.sub(r"/\*.*?\*/", "", css, flags=re.S)


def test_stylesheet_has_rules():
    assert re.search(r"margin-inline|padding-inline|inset-inline", stylesheet())


@pytest.mark.parametrize("pattern", PHYSICAL.values(), ids=PHYSICAL.keys())
def test_stylesheet_uses_logical_properties_only(pattern):
    assert re.findall(pattern, stylesheet()) == []


@pytest.mark.parametrize(
    "declaration",
    ["margin-left: 0", "padding-right:1rem", "left: 0", "right:0", "text-align: right",
     "float: left", "border-top-left-radius: 2px", "border-right: 1px solid"],
)  # fmt: skip
def test_the_physical_property_patterns_catch_physical_declarations(declaration):
    assert any(re.search(pattern, f".x {{ {declaration}; }}") for pattern in PHYSICAL.values())
