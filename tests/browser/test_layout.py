"""Right to left, phones, zoom, keyboard and fingers: the layout in a real browser."""

import re

import pytest

from tests.browser.conftest import DESKTOP, LANGUAGES, PHONE
from tests.browser.pages import public_pages

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_in_arabic_the_header_starts_at_the_right_and_the_layout_mirrors(portal, new_page):
    boxes = {}
    for lang in ("ar", "fr"):
        page = new_page(viewport=DESKTOP)
        page.goto(portal(f"/{lang}/"))
        width = page.evaluate("document.documentElement.clientWidth")
        boxes[lang] = {
            selector: box(page, selector)
            for selector in (".site-name", ".languages", ".main-nav li:first-child a")
        }
        boxes[lang]["width"] = width
    ar, fr = boxes["ar"], boxes["fr"]
    # The site's name, the header's first item, ends at the right in Arabic and starts at
    # the left in French, at the same distance from the edge.
    ar_gap = ar["width"] - (ar[".site-name"]["x"] + ar[".site-name"]["width"])
    fr_gap = fr[".site-name"]["x"]
    assert abs(ar_gap - fr_gap) <= 2, (ar_gap, fr_gap)
    assert ar[".site-name"]["x"] > ar[".languages"]["x"]
    assert fr[".site-name"]["x"] < fr[".languages"]["x"]
    first_link = ".main-nav li:first-child a"
    assert ar[first_link]["x"] > ar["width"] / 2 > fr[first_link]["x"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_scrolls_sideways_on_a_phone(portal, new_page, lang):
    page = new_page(viewport=PHONE)
    wide = []
    for name, path in public_pages(portal.records, lang).items():
        page.goto(portal(path))
        if not page.evaluate(NO_SIDEWAYS_SCROLL):
            wide.append(f"{name} {path}: {page.evaluate('document.documentElement.scrollWidth')}px")
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_text_zoomed_to_200_percent_reflows(portal, new_page, lang):
    """Text-only zoom, as a phone's font-size setting does: the root font size doubled, so
    every rem and em in the stylesheet doubles while the viewport stays 360 px wide."""
    page = new_page(viewport=PHONE)
    wide = []
    for name in ("home", "initiatives", "initiative", "commune", "search", "foundation"):
        path = public_pages(portal.records, lang)[name]
        page.goto(portal(path))
        before = page.evaluate("getComputedStyle(document.body).fontSize")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        after = page.evaluate("getComputedStyle(document.body).fontSize")
        assert float(after[:-2]) == 2 * float(before[:-2]), (before, after)
        if not page.evaluate(NO_SIDEWAYS_SCROLL):
            wide.append(f"{name}: {page.evaluate('document.documentElement.scrollWidth')}px")
    assert not wide, "\n".join(wide)


FOCUS_STYLE = """element => {
  const style = getComputedStyle(element);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join('|');
}"""


def test_the_keyboard_reaches_every_control_with_a_visible_focus(portal, new_page):
    page = new_page(viewport=PHONE)
    for path in ("/ar/", f"/ar/initiatives/?commune={portal.records['commune']}"):
        page.goto(portal(path))
        seen, invisible = 0, []
        for _ in range(120):
            page.keyboard.press("Tab")
            focused = page.evaluate_handle("document.activeElement")
            tag = page.evaluate("e => e.tagName", focused)
            if tag == "BODY":
                break
            seen += 1
            focused_style = page.evaluate(FOCUS_STYLE, focused)
            page.evaluate("e => e.blur()", focused)
            resting_style = page.evaluate(FOCUS_STYLE, focused)
            page.evaluate("e => e.focus()", focused)
            if focused_style == resting_style:
                invisible.append(page.evaluate("e => e.outerHTML.slice(0, 120)", focused))
        assert seen >= 10, f"only {seen} focusable elements on {path}"
        assert not invisible, "no visible focus:\n" + "\n".join(invisible)


def test_the_skip_link_comes_first_and_goes_to_the_main_content(portal, new_page):
    page = new_page(viewport=PHONE)
    page.goto(portal("/ar/"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")


# Links and controls in lists, filters and the language switcher. Links inside running
# text (paragraphs, table cells) are exempt, as WCAG 2.5.8 allows for inline targets.
TARGETS = ", ".join(
    [
        ".languages a",
        ".main-nav a",
        ".site-search input, .site-search button",
        ".filters summary, .filters input, .filters select, .filters button, .filters a",
        ".initiative-card h2 a",
        ".pagination a",
        ".status-counts a",
        ".download-links a",
        ".share-links a",
        ".plain a, .updates a",
        ".results .result h2 a",
        ".work-nav a",
    ]
)


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_touch_targets_are_at_least_44_pixels_on_a_phone(portal, new_page, lang):
    page = new_page(viewport=PHONE)
    small = []
    for name in ("home", "initiatives-filtered", "commune", "search", "proposals"):
        path = public_pages(portal.records, lang)[name]
        page.goto(portal(path))
        page.locator("details.filters").evaluate_all("all => all.forEach(d => d.open = true)")
        measured = page.locator(TARGETS).evaluate_all(
            """all => all.filter(e => e.getClientRects().length).map(e => {
                 const r = e.getBoundingClientRect();
                 return [e.outerHTML.slice(0, 80), Math.round(r.width), Math.round(r.height)];
               })"""
        )
        assert measured, f"nothing measured on {path}"
        small += [f"{name}: {w}×{h} {html}" for html, w, h in measured if w < 44 or h < 44]
    assert not small, "\n".join(small)


# The numbers in figures and tables, each as the lines its digits are laid out on.
NUMBER_LINES = r"""() => {
  const split = [];
  for (const element of document.querySelectorAll('.figures dd bdi, td bdi')) {
    const text = element.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) continue;
    const number = text.data.match(/^[0-9][0-9.,\u00a0\u202f ]*[0-9]/);
    if (!number) continue;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, number[0].length);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    if (lines.size > 1) split.push(text.data);
  }
  return split;
}"""


@pytest.mark.parametrize("width", [360, 414, 768])
@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_a_number_in_figures_and_tables_is_never_cut_across_lines(portal, new_page, lang, width):
    """An amount may wrap between its digits and its unit, never inside its digits: a
    reader would read another number."""
    page = new_page(viewport={"width": width, "height": 740})
    split = []
    for name in ("home", "commune", "fact-sheet", "initiative"):
        page.goto(portal(public_pages(portal.records, lang)[name]))
        split += [f"{name}: {text}" for text in page.evaluate(NUMBER_LINES)]
    assert not split, "\n".join(split)


# The census sources cited in running text, each with the lines it is laid out on.
CITED_SOURCES = """() => [...document.querySelectorAll('.commune-cards p.muted bdi, .meta bdi')]
  .filter(element => /[A-Za-z]/.test(element.textContent))
  .map(element => [element.textContent,
    new Set([...element.getClientRects()].map(rect => Math.round(rect.top))).size])"""


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("name", ["communes", "fact-sheet"])
def test_a_latin_source_cited_in_arabic_text_is_never_split_across_lines(
    portal, new_page, name, width
):
    """Broken by the end of a line, a Latin source inside an Arabic sentence is laid out one
    line at a time in the Arabic direction: its words come out of order ("(– HCP", then
    "RGPH 2014)"). It moves to the next line whole instead."""
    page = new_page(viewport={"width": width, "height": 740})
    page.goto(portal(public_pages(portal.records, "ar")[name]))
    cited = page.evaluate(CITED_SOURCES)
    assert cited, "no source cited on the page"
    split = [text for text, lines in cited if lines > 1]
    assert not split, split


# The sources' wordings of a budget that leave a guillemet at the end of a line, or at the
# start of one, away from the words it quotes.
STRANDED_GUILLEMETS = r"""() => {
  const stranded = [];
  for (const quotation of document.querySelectorAll('bdi[lang][dir=auto]')) {
    const walker = document.createTreeWalker(quotation, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (const match of text.data.matchAll(/«[^«»]*»/g)) {
        const line = offset => {
          const range = document.createRange();
          range.setStart(text, offset);
          range.setEnd(text, offset + 1);
          return Math.round(range.getBoundingClientRect().top);
        };
        const [start, end] = [match.index, match.index + match[0].length - 1];
        const inside = match[0].search(/[^\s«»\u00a0\u202f]/);
        const last = match[0].length - 1 - [...match[0]].reverse().join('')
          .search(/[^\s«»\u00a0\u202f]/);
        if (line(start) !== line(start + inside) || line(end) !== line(match.index + last)) {
          stranded.push(match[0]);
        }
      }
    }
  }
  return stranded;
}"""


@pytest.mark.parametrize("width", [320, 360, 414])
def test_a_guillemet_stays_on_the_line_of_the_words_it_quotes(portal, new_page, width):
    """'« 14 مليار سنتيم »' is quoted with spaces inside its guillemets, as French writes
    it: at a line's end, the opening guillemet was left alone there."""
    page = new_page(viewport={"width": width, "height": 740})
    page.goto(portal("/ar/initiatives/azemmour-wastewater-plant/"))
    assert page.evaluate(STRANDED_GUILLEMETS) == []


CHART_TEXTS = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const box = svg.viewBox.baseVal;
  const scale = svg.getBoundingClientRect().width / box.width;
  const texts = [...svg.querySelectorAll('text')].map(text => {
    const drawn = text.getBBox();
    return {
      text: text.textContent,
      px: parseFloat(getComputedStyle(text).fontSize) * scale,
      inside: drawn.x >= -0.5 && drawn.x + drawn.width <= box.width + 0.5,
    };
  });
  return {chart: svg.getAttribute('aria-labelledby').split(' ')[0], texts};
})"""


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_charts_are_read_at_their_own_size_on_a_phone(portal, new_page, lang):
    """A chart is drawn for a 360 px screen: its labels and values are not shrunk below
    12 CSS px to fit, and none is cut at the chart's edge."""
    page = new_page(viewport=PHONE)
    charts, problems = 0, []
    for name in ("commune", "fact-sheet"):
        page.goto(portal(public_pages(portal.records, lang)[name]))
        for chart in page.evaluate(CHART_TEXTS):
            charts += 1
            for text in chart["texts"]:
                if text["px"] < 11.5 or not text["inside"]:
                    problems.append(f"{name} {chart['chart']}: {text}")
    assert charts >= 5  # the commune's status and sector charts, the fact sheet's three
    assert not problems, "\n".join(problems)


def test_a_filtered_list_shows_results_first_on_a_phone_and_filters_beside_them_on_a_desktop(
    portal, new_page
):
    path = public_pages(portal.records, "ar")["initiatives-filtered"] + "&page=1"
    phone = new_page(viewport=PHONE)
    phone.goto(portal(path))
    assert phone.locator("details.filters").get_attribute("open") is None
    assert box(phone, ".initiative-card")["y"] < PHONE["height"]
    desktop = new_page(viewport=DESKTOP)
    desktop.goto(portal(path))
    assert desktop.locator("#f-status").is_visible()


@pytest.mark.parametrize("name", ["commune", "initiative"])
def test_paper_gets_the_facts_without_forms_or_a_tinted_page(portal, new_page, name):
    page = new_page(viewport=DESKTOP)
    page.goto(portal(public_pages(portal.records, "ar")[name]))
    assert page.locator("input[type=email]").first.is_visible()  # on the screen
    page.emulate_media(media="print")

    visible_controls = page.evaluate(
        "[...document.querySelectorAll('main input, main button, main a.button')]"
        ".filter(e => e.getClientRects().length).map(e => e.outerHTML.slice(0, 80))"
    )
    assert visible_controls == []
    for element in ("documentElement", "body"):
        background = page.evaluate(f"getComputedStyle(document.{element}).backgroundColor")
        assert background in {"rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"}, (element, background)


@pytest.mark.parametrize("lang", ["ar", "fr"])
@pytest.mark.parametrize("name", ["commune", "initiative"])
def test_an_embedded_card_fits_the_height_its_embed_code_suggests(portal, new_page, lang, name):
    page = new_page(viewport=DESKTOP)
    page.goto(portal(public_pages(portal.records, lang)[name]))
    code = page.locator("#embed-code").input_value()
    source = re.search(r'src="([^"]+)"', code).group(1)
    height = int(re.search(r'height="(\d+)"', code).group(1))

    card = new_page(viewport={"width": 360, "height": height})
    card.goto(source)
    assert card.evaluate("document.documentElement.scrollHeight") <= height


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_radio_buttons_keep_their_size_beside_a_long_label_on_a_small_phone(portal, new_page, lang):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(portal(public_pages(portal.records, lang)["report-form"]))

    sizes = page.locator(".citizen-form .choices input").evaluate_all(
        "all => all.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert sizes, "no choices on the form"
    assert {(round(w), round(h)) for w, h in sizes} == {(20, 20)}
