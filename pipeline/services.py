"""Council services, teams and officer roles: the gazetteer, splitting responsible cells, canonical names.

The gazetteer is data: ``pipeline/patterns/services.jsonl``, one spaCy pattern per line,
``{"label": "SERVICE", "pattern": "HR", "id": "Human Resources"}`` — ``pattern`` is a name as
reports write it, ``id`` its canonical name (docs/patterns.md says how to add a council's own).
``records.responsible`` keeps names as written; ``records.services`` holds their canonical names
(:func:`canonical_services`), and the entities table the canonical name of every mention.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractors.base import collapse_ws

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"

# Words that make a short phrase an organisational unit or a role ("Civic team", "Unit Managers").
ROLE_WORDS = frozenset(
    """team teams officer officers manager managers lead leads service services unit units staff department
    departments directorate director directors head heads coordinator co-ordinator coordinators adviser
    advisor advisers advisors administrator section division board champion champions members""".split()
)
_STOP_WORDS = frozenset("and & of for the to in - – / all".split())

# Separators between names in a responsible cell: "/", ",", ";", " & ", " + ", new lines.  Never " and ":
# "Revenues and Benefits" and "Comms and Events" are single services (seed 004).
# "Head of Policy, Performance and Partnerships", "The Portfolio Holder for Culture, Leisure and Libraries":
# an officer or member titled after a list of services is one post.
_CAP_WORDS = r"[A-Z][\w&'’]*(?:\s+(?:[A-Z][\w&'’]*|of|the))*"
_OFFICER_OF_LIST = re.compile(
    r"\b(?:(?:Assistant|Deputy|Strategic|Executive|Corporate|Interim)\s+)?(?:Head|Director|Manager|Lead|Portfolio\s+Holder|Cabinet\s+Member|Lead\s+Member)\s+(?:of|for)\s+"
    + _CAP_WORDS + r"(?:,\s*" + _CAP_WORDS + r")+,?\s+and\s+" + _CAP_WORDS
)
_SEPARATORS = re.compile(r"\s*(?:/|,|;|\s&\s|\s\+\s|\n|\r)\s*")


@dataclass(frozen=True, slots=True)
class ServiceName:
    """One gazetteer entry: a name as written and its canonical service."""

    pattern: str
    canonical: str


@lru_cache(maxsize=1)
def load_gazetteer(path: Path | None = None) -> tuple[ServiceName, ...]:
    """Read the SERVICE patterns (name as written -> canonical name) from services.jsonl."""
    path = path or PATTERNS_DIR / "services.jsonl"
    out = []
    for row in jsonl_rows(path):
        if row.get("label") == "SERVICE" and isinstance(row.get("pattern"), str):
            out.append(ServiceName(row["pattern"], row.get("id") or row["pattern"]))
    return tuple(out)


def jsonl_rows(path: Path) -> list[dict]:
    """The objects of a pattern file, one JSON object per line (blank lines skipped).

    Raises ValueError naming the file and line that is not JSON.
    """
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            raise ValueError(f"{path.name} line {n}: not JSON ({e}); one pattern object per line") from e
    return rows


@lru_cache(maxsize=1)
def _canonical_index() -> dict[str, str]:
    return {_key(s.pattern): s.canonical for s in load_gazetteer()}


@lru_cache(maxsize=1)
def _protected_names() -> tuple[str, ...]:
    """Gazetteer names containing a separator, longest first ("Policy, Communities and Engagement")."""
    names = {s.pattern for s in load_gazetteer() if _SEPARATORS.search(s.pattern)}
    return tuple(sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def _protected_pattern() -> re.Pattern[str] | None:
    """One compiled alternation of the protected names (longest first, so the longest wins)."""
    names = _protected_names()
    if not names:
        return None
    alternation = "|".join(r"\s*".join(re.escape(part) for part in name.split()) for name in names)
    return re.compile(rf"(?<![\w])(?:{alternation})(?![\w])", re.IGNORECASE)


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip(" .").casefold()


def service_to_canonical(name: str) -> str | None:
    """Canonical name of a service as written, or None if the gazetteer does not know it.

    A name with a role after a dash takes its unit's canonical name when the whole is unknown.

    >>> service_to_canonical("HR")
    'Human Resources'
    >>> service_to_canonical("Comms and Events")
    'Communications and Events'
    """
    index = _canonical_index()
    key = _key(name)
    if key in index:
        return index[key]
    # "Policy and Information team - Data Intelligence Officer" (seed 002): unit, dash, role
    parts = re.split(r"\s+[-–—]\s+", name.strip(" ."), maxsplit=1)
    if len(parts) == 2 and _key(parts[0]) in index:
        return f"{index[_key(parts[0])]} - {parts[1]}"
    return None


def split_responsible(text: str | None) -> tuple[str, ...]:
    """Split a responsible cell into distinct services, teams and officers, in order, as written.

    Names the gazetteer knows with a comma, slash or ampersand inside stay whole.

    >>> split_responsible("Housing, Revenues and Benefits, Policy, Communities and Engagement.")
    ('Housing', 'Revenues and Benefits', 'Policy, Communities and Engagement')
    >>> split_responsible("Democratic Services & Policy and Information")
    ('Democratic Services', 'Policy and Information')
    >>> split_responsible("Head of Policy, Performance and Partnerships / Head of HR")
    ('Head of Policy, Performance and Partnerships', 'Head of HR')
    """
    if not text or not isinstance(text, str):
        return ()
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    # Protect known names that contain a separator by swapping them for placeholders.
    protected: list[str] = []

    def _protect(m: re.Match) -> str:
        protected.append(m.group(0))
        return f"\x00{len(protected) - 1}\x00"

    if (pattern := _protected_pattern()) is not None:
        text = pattern.sub(_protect, text)
    text = _OFFICER_OF_LIST.sub(_protect, text)
    out: list[str] = []
    seen: set[str] = set()
    pieces = [re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], p) for p in _SEPARATORS.split(text)]
    for piece in _rejoin_ampersands(pieces, text):
        piece = piece.strip().lstrip("•·○*-–").strip().rstrip(".;:").strip()
        for name in _split_and(piece):
            key = name.casefold()
            if name and key not in seen:
                seen.add(key)
                out.append(name)
    return tuple(out)


def _rejoin_ampersands(pieces: list[str], text: str) -> list[str]:
    """Put back an " & " that joined two words of one name ("Parks & Open Space"): split only where
    both sides name a service, team or officer on their own ("Democratic Services & Policy")."""
    if " & " not in text:
        return pieces
    out: list[str] = []
    for piece in pieces:
        if out and f"{out[-1]} & {piece}" in text and not (_names_a_service(out[-1].strip())
                                                         and _names_a_service(piece.strip())):
            out[-1] = f"{out[-1]} & {piece}"
        else:
            out.append(piece)
    return out


_POST = re.compile(r"(?i)^(?:the\s+)?(?:(?:deputy|assistant|executive|strategic|interim)\s+)?"
                   r"(?:cabinet member|portfolio holder|lead member|head|director|chief|leader|mayor)\b")


def _is_post(name: str) -> bool:
    """A post held by one person: "The Cabinet Member for Housing", "the Head of Housing Management"."""
    return bool(_POST.match(name.strip())) or _names_a_service(re.sub(r"(?i)^the\s+", "", name.strip()))


def _split_and(name: str) -> list[str]:
    """Split "A and B" where both name a service, team or officer ("Digital Services and Customer Services",
    "The Cabinet Member for Housing and the Head of Housing Management"), never inside one name
    ("Revenues and Benefits", "Cabinet Member for Environment and Waste", "Head of Policy and Partnerships").

    >>> _split_and("Communications Team and Consultation and Engagement Team")
    ['Communications Team', 'Consultation and Engagement Team']
    >>> _split_and("The Cabinet Member for Environment and Waste")
    ['The Cabinet Member for Environment and Waste']
    """
    if " and " not in name or service_to_canonical(name) is not None:
        return [name]
    parts = name.split(" and ")
    for k in range(1, len(parts)):
        left, right = " and ".join(parts[:k]), " and ".join(parts[k:])
        # "Head of X and Y" / "Cabinet Member for X and Y": the "and" joins the portfolio, unless the
        # right side is a post of its own ("... and the Head of Housing Management").
        portfolio = re.search(r"\b(?:of|for)\b", left) is not None
        right_post = re.match(r"(?i)the\s", right) is not None and _is_post(right)
        if portfolio and not right_post:
            continue
        if (_names_a_service(left) or _is_post(left)) and (right_post or _names_a_service(right)):
            return [left] + _split_and(right)
    return [name]


def looks_like_service(text: str | None) -> bool:
    """True if a short paragraph names services, teams or officers (a responsible cell's content).

    Used to recognise responsible paragraphs in a flattened table (seed 002, where cells became
    paragraphs).  Every name must be in the gazetteer or end in a role word with no lower-case
    word other than role and joining words ("All staff", "Unit Managers", "Civic team").

    >>> looks_like_service("Policy and Information team - Equalities and Corporate Policy Officer")
    True
    >>> looks_like_service("Completed forms retuned to Democratic Services")
    False
    """
    if not text or not isinstance(text, str):
        return False
    text = text.strip()
    if not text or text[0] in "•·○*" or len(text) > 160 or re.search(r"[:;?!()\"]|\.\s+\S", text):
        return False
    if re.search(r"\d", text):
        return False
    names = split_responsible(text)
    return bool(names) and all(_names_a_service(n) for n in names)


def _names_a_service(name: str) -> bool:
    if service_to_canonical(name) is not None:
        return True
    words = [w for w in re.split(r"\s+", name) if w]
    if not words or len(words) > 12:
        return False
    if not (words[-1].casefold() in ROLE_WORDS or (words[0].casefold() in ("head", "heads", "director")
                                                   and len(words) > 2 and words[1].casefold() == "of")):
        return False
    for w in words:
        lw = w.casefold()
        if lw in _STOP_WORDS or lw in ROLE_WORDS:
            continue
        if not w[0].isupper():
            return False
    return True


# --- canonical names for records.services ---------------------------------------------------------

# A dash between a unit and a role, however typed: en/em dash (spaced or not) or a spaced hyphen
# ("Policy and Information team – Data Intelligence Officer" beside "... team - ...", seed 002).
# A hyphen inside a word ("Co-ordinator") is not one.
_DASH = re.compile(r"\s*[\u2012\u2013\u2014\u2015\u2212]\s*|\s+-\s+")
_AMPERSAND = re.compile(r"\s+&\s+")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_INITIALS_SKIP = frozenset({"and", "&", "of", "for", "the"})


def normalise_service(name: str) -> str:
    """One spelling of a service name: single spaces, " - " for any dash, "and" for a spaced "&".

    The canonical name of a service the gazetteer does not know.

    >>> normalise_service("Waste  &  Recycling team –Street Scene")
    'Waste and Recycling team - Street Scene'
    """
    text = collapse_ws(name.replace("’", "'"))
    text = _AMPERSAND.sub(" and ", _DASH.sub(" - ", text))
    return text.strip(" .;:,")


def _initials(name: str) -> str:
    words = re.split(r"[\s,/]+", name)
    return "".join(w[0].upper() for w in words if w and w.casefold() not in _INITIALS_SKIP)


@lru_cache(maxsize=1)
def _acronym_index() -> dict[str, str]:
    """Initials -> canonical name, for initials that only one canonical name in the gazetteer has."""
    by_initials: dict[str, set[str]] = {}
    for entry in load_gazetteer():
        by_initials.setdefault(_initials(entry.canonical), set()).add(entry.canonical)
    return {k: next(iter(v)) for k, v in by_initials.items() if len(v) == 1 and len(k) >= 2}


def canonical_service(name: str) -> str:
    """The canonical name of one responsible name as written.

    The gazetteer's name if it knows the name (with any spelling of its dashes and ampersands); else
    for an acronym the one gazetteer name with those initials ("PCE", "DS"); else the name with its
    dashes, ampersands and spaces normalised (:func:`normalise_service`).

    >>> canonical_service("HR"), canonical_service("Policy and Information team – Data Intelligence Officer")
    ('Human Resources', 'Policy and Information - Data Intelligence Officer')
    >>> canonical_service("Parish  Liaison Officer")
    'Parish Liaison Officer'
    """
    normalised = normalise_service(name)
    known = service_to_canonical(name) or service_to_canonical(normalised)
    if known is not None:
        return known
    if _ACRONYM.fullmatch(normalised) and normalised in _acronym_index():
        return _acronym_index()[normalised]
    return normalised


def canonical_services(responsible: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``records.services``: the canonical names of a record's responsible names, deduplicated, in order.

    >>> canonical_services(("HR", "Human Resources", "Policy and Information team", "Policy & Information"))
    ('Human Resources', 'Policy and Information')
    """
    out: dict[str, str] = {}
    for name in responsible:
        if name and name.strip():
            canonical = canonical_service(name)
            out.setdefault(canonical.casefold(), canonical)
    return tuple(out.values())
