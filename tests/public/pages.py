"""Reading public pages as a visitor's browser does: elements, their attributes and text."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
LANGUAGES = ["ar", "fr", "en"]
DIRECTION = {"ar": "rtl", "fr": "ltr", "en": "ltr"}
SITE_NAME_AR = "مؤسسة أزمور للتنمية المحلية"


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict
    parents: list = field(default_factory=list)
    parts: list = field(default_factory=list)

    @property
    def text(self) -> str:
        # Only ASCII white space collapses: a no-break space is part of an amount.
        return re.sub(r"[ \t\r\n]+", " ", "".join(self.parts)).strip(" ")

    def has(self, **attrs) -> bool:
        """Every given attribute matches; `class_` matches one of the element's classes."""
        for name, value in attrs.items():
            if name == "class_":
                if value not in self.attrs.get("class", "").split():
                    return False
            elif self.attrs.get(name.replace("_", "-")) != value:
                return False
        return True

    def inside(self, tag: str, **attrs) -> bool:
        return any(parent.tag == tag and parent.has(**attrs) for parent in self.parents)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs}, list(self._open))
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.elements.append(
            Element(tag, {name: value or "" for name, value in attrs}, list(self._open))
        )

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for element in self._open:
            element.parts.append(data)


class Page:
    def __init__(self, response):
        self.html = response.content.decode()
        collector = _Collector()
        collector.feed(self.html)
        collector.close()
        self.elements = collector.elements

    def all(self, tag: str, **attrs) -> list[Element]:
        return [e for e in self.elements if e.tag == tag and e.has(**attrs)]

    def one(self, tag: str, **attrs) -> Element:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def within(self, tag: str, container: tuple[str, dict]) -> list[Element]:
        container_tag, container_attrs = container
        return [e for e in self.all(tag) if e.inside(container_tag, **container_attrs)]

    def initiative_slugs(self, language: str, container=("div", {"class_": "results"})):
        """Slugs of the initiatives linked inside a container, in page order."""
        pattern = re.compile(rf"^/{language}/initiatives/([\w-]+)/$")
        slugs = []
        for link in self.within("a", container):
            match = pattern.match(link.attrs.get("href", ""))
            if match:
                slugs.append(match.group(1))
        return slugs

    def options(self, select_id: str) -> dict[str, str]:
        """value → visible text of a <select>'s options."""
        return {
            option.attrs["value"]: option.text
            for option in self.all("option")
            if option.inside("select", id=select_id)
        }


def page_url(kind: str, language: str, *, slug: str = "") -> str:
    """The address of a public page, written out by hand (not reversed by the code under test)."""
    paths = {
        "home": "/",
        "initiatives": "/initiatives/",
        "initiative": f"/initiatives/{slug}/",
        "communes": "/communes/",
        "commune": f"/communes/{slug}/",
        "foundation": "/foundation/",
    }
    return f"/{language}{paths[kind]}"
