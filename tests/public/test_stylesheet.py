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


def colour(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-f]{{6}})\b", stylesheet(), re.I).group(1)


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_ratio_is_wcags():
    assert round(contrast("#000000", "#ffffff"), 2) == 21
    assert round(contrast("#8c9a95", "#ffffff"), 2) == 2.93


@pytest.mark.parametrize("background", ["card", "paper"])
def test_text_fields_borders_stand_out_at_3_to_1_on_the_cards_and_the_page(background):
    """WCAG 1.4.11: the edge of a field is what shows where to type."""
    assert contrast(colour("field"), colour(background)) >= 3


def test_every_text_fields_border_takes_the_fields_colour():
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", stylesheet())
    borders = [
        re.search(r"border:\s*1px solid ([^;]+)", declarations).group(1).strip()
        for selector, declarations in rules
        if re.search(r"\b(input|select|textarea)\b", selector)
        and re.search(r"border:\s*1px solid", declarations)
    ]
    assert len(borders) >= 4
    assert set(borders) == {"var(--field)"}
