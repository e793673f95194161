"""Site furniture of a council web page: what is not the document, and where the document is.

:func:`content_root` picks the page's ``<main>`` when it holds every table outside the furniture, and
:func:`remove_furniture` takes out cookie banners, navigation, breadcrumbs, headers, footers and
sidebars, unless they hold the content (a ``<main>``/``<article>``, or a table of three rows or more).
Both walk the tree without recursion: pages nest tables thousands deep.

>>> from bs4 import BeautifulSoup
>>> soup = BeautifulSoup("<body><nav>Home | News</nav><div class='cookie-banner'>OK</div><p>Plan</p></body>", "lxml")
>>> root = content_root(soup); remove_furniture(root); root.get_text()
'Plan'
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from extractors.base import collapse_ws
from extractors.html_flow import child_tags

# Site furniture found by element name/role/id/class.  Names come from the council site templates the
# renderings copy (cookie banner, "Your Councillors" navigation, breadcrumbs, "Our A-Z" footer).
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer"})
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
_FURNITURE_NAME = re.compile(
    r"cookie|consent|gdpr|breadcrumb|skip-?(link|to)|site-?(header|footer|nav)|global-?(header|footer|nav)|"
    r"masthead|navbar|nav-?bar|^nav$|^menu|-menu$|sidebar|social|share-?(this|page)|back-?to-?top|"
    r"feedback|newsletter|a-?z-?(list|links)",
    re.I,
)


def content_root(soup: BeautifulSoup) -> Tag:
    """The page's <main> (or role=main) if it holds every table outside the furniture, else <body>.

    One walk of the page (not one walk of the parents per table: pages nest tables thousands deep).
    """
    body = soup.body or soup
    main = soup.find("main") or soup.select_one("[role=main]")
    if not isinstance(main, Tag) or not collapse_ws(main.get_text()):
        return body
    stack: list[tuple[Tag, bool, bool]] = [(c, False, False) for c in child_tags(body)]
    while stack:
        tag, in_furniture, in_landmark = stack.pop()
        if tag is main:
            continue
        if tag.name == "table":
            if not in_furniture:
                return body      # a CMS that puts the plan's table beside <main>: read the whole body
            continue
        furniture = in_furniture or _is_furniture(tag, in_landmark)
        landmark = in_landmark or tag.name in _LANDMARKS
        stack.extend((c, furniture, landmark) for c in child_tags(tag))
    return main


_LANDMARKS = frozenset({"article", "section", "main"})   # a <header> inside one is the content's own header
_NEVER_FURNITURE = frozenset({"main", "article", "body", "html", "table", "tr", "td", "th"})


@dataclass(slots=True)
class _Holds:
    """What a subtree holds that keeps furniture-looking markup: <main>/<article>, or a content table."""

    landmark: bool = False
    rows: int = 0          # <tr> elements
    content_table: bool = False


def remove_furniture(root: Tag) -> None:
    """Remove site furniture that holds no <main>/<article> and no table of 3+ rows; two linear walks."""
    order = _descendant_tags(root)
    holds: dict[int, _Holds] = {}
    for tag in reversed(order):             # children before their parents
        h = _Holds(landmark=tag.name in ("main", "article"), rows=1 if tag.name == "tr" else 0)
        for child in child_tags(tag):
            c = holds[id(child)]
            h.landmark |= c.landmark
            h.rows += c.rows
            h.content_table |= c.content_table
        h.content_table |= tag.name == "table" and h.rows >= 3
        holds[id(tag)] = h
    in_landmark = root.name in _LANDMARKS or root.find_parent(list(_LANDMARKS)) is not None
    in_article = root.name == "article" or root.find_parent("article") is not None
    stack = [(c, in_landmark, in_article) for c in child_tags(root)]
    while stack:
        tag, landmark, article = stack.pop()
        h = holds[id(tag)]
        if tag.name not in _NEVER_FURNITURE and _is_furniture(tag, landmark) and not (h.landmark or h.content_table) \
                and not (article and _is_breadcrumb(tag)):
            tag.decompose()
            continue
        stack.extend((c, landmark or tag.name in _LANDMARKS, article or tag.name == "article") for c in child_tags(tag))


def _is_breadcrumb(tag: Tag) -> bool:
    """A breadcrumb trail.  Inside an <article> it is that article's own place in a plan ("2. Clean Council
    Operations / 2.1. Cut emissions ... /" on each card of a tracker's print view,
    climate-tracker-action-cards-print-view.html), kept as content; elsewhere it is site navigation."""
    names = [str(tag.get("id", ""))] + list(tag.get("class") or [])
    return any("breadcrumb" in n.lower() for n in names if n)


def _is_furniture(tag: Tag, in_landmark: bool) -> bool:
    if tag.name in _FURNITURE_TAGS:
        return True
    if tag.name == "header" and not in_landmark:
        return True
    if str(tag.get("role", "")).lower() in _FURNITURE_ROLES:
        return True
    names = [str(tag.get("id", ""))] + list(tag.get("class") or [])
    return any(_FURNITURE_NAME.search(n) for n in names if n and not n.startswith("Mso"))


def _descendant_tags(root: Tag) -> list[Tag]:
    """Every tag under ``root`` in document order (parents before children), without recursion."""
    out: list[Tag] = []
    stack = list(reversed(child_tags(root)))
    while stack:
        tag = stack.pop()
        out.append(tag)
        stack.extend(reversed(child_tags(tag)))
    return out
