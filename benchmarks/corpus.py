"""A deterministic corpus of news-analysis articles, as plain values.

Takes a size and a seed, returns ``CorpusArticle`` values: ~900-word pieces with
a section from 8, 3-6 tags from 400 of Zipf-like popularity, one callout, one
three-question FAQ and one link to an earlier piece. The writers in ``sites.py``
turn the same values into a sitegen, a Hugo and a Pelican site, so the three
generators are timed on identical text. Everything comes from seeded
``random.Random`` instances: the same (size, seed) always gives the same corpus.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


def _word_list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SECTIONS = (
    "World",
    "Economy",
    "Politics",
    "Energy",
    "Technology",
    "Security",
    "Climate",
    "Health",
)

AUTHORS = {
    "ana-ruiz": "Ana Ruiz",
    "tom-becker": "Tom Becker",
    "li-wei": "Li Wei",
    "sara-okafor": "Sara Okafor",
    "mikko-laine": "Mikko Laine",
    "priya-nair": "Priya Nair",
}

CALLOUT_TITLES = {
    "did-you-know": "Did you know?",
    "pro-tip": "Pro Tip",
    "note": "Note",
    "warning": "Warning",
    "explore-further": "Explore Further",
}

_REGIONS = _word_list(
    "Baltic Arctic Andean Sahel Balkan Caspian Nordic Iberian Gulf Pacific Alpine Danube "
    "Mekong Amazon Caucasus Levant Maghreb Anatolian Bengal Yangtze Rhine Adriatic Horn Andes "
    "Siberian Celtic"
)
_TOPICS = _word_list(
    "Energy Trade Elections Water Shipping Grain Debt Migration Tariffs Pipelines Drones "
    "Fisheries Railways Courts Pensions Mining Ports Banking Vaccines Satellites Broadband "
    "Housing Labour Defence Diplomacy"
)
_HEADINGS = (
    "Background",
    "The obstacles",
    "What changed",
    "Who gains",
    "Who loses",
    "The numbers",
    "The politics",
    "The money",
    "Regional echoes",
    "Historical parallels",
    "What to watch",
    "The long view",
)
_TITLE_PATTERNS = (
    "What {topic} means for the {region} region",
    "Why the {region} states are rethinking {topic}",
    "The hidden cost of {topic} in the {region}",
    "{region} and the new politics of {topic}",
    "Five questions about {topic} in the {region}",
    "How {topic} reshaped the {region}",
    "The quiet race over {region} {topic}",
    "Can the {region} afford its {topic} bet",
)
_QUESTIONS = (
    "Why does {topic} matter now?",
    "Who decides on {topic} in the {region}?",
    "What happens if the talks fail?",
    "How long could this take?",
    "Is this a new trend?",
    "What should readers watch next?",
    "How does this affect prices?",
    "Who pays for it?",
)
_WORDS = _word_list(
    "analysts officials ministers markets talks agreement budget reform coalition voters "
    "border region exports imports prices inflation growth forecast capacity investment "
    "network supply demand pressure deadline treaty summit negotiators committee parliament "
    "court ruling lawsuit regulators companies investors lenders bonds currency reserves "
    "infrastructure corridor terminal shipping route cargo harbour farmers workers unions "
    "strike wages pensions households consumers survey poll opposition government president "
    "minister envoy delegation proposal draft plan strategy timeline risk uncertainty signal "
    "shift decline rise surge slump recovery crisis shortage surplus deficit tax subsidy "
    "grant loan project contract tender bid partner rival neighbour alliance security climate "
    "drought flood harvest emissions target carbon grid turbine reactor battery factory plant "
    "mine port bridge railway highway data report study estimate figure share quarter decade "
    "year month week decision vote debate protest campaign election mandate majority minority"
)
_GLUE = _word_list(
    "the a of in on for with and but while as after before because despite over under"
)
_CLOSINGS = (
    "What do you make of it? Tell us in the comments below.",
    "Have we missed something? Join the discussion in the comments.",
    "Where do you think this goes next? Share your view below.",
)


@dataclass(frozen=True, slots=True)
class Callout:
    """One callout box: its type and its inner markdown."""

    kind: str
    inner: str


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One generated article, independent of any generator's file format."""

    slug: str
    title: str
    date: datetime
    """Aware (UTC), strictly increasing with the article's index."""
    summary: str
    author: str
    """A key of ``AUTHORS``."""
    tags: tuple[str, ...]
    section: str
    opening: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    """(heading, paragraphs) pairs, in order."""
    callout: Callout
    callout_after: int
    """Index in ``sections`` after which the callout is placed."""
    faq: tuple[tuple[str, str], ...]
    """(question, answer markdown) pairs."""
    closing: str

    @property
    def author_name(self) -> str:
        """The byline name."""
        return AUTHORS[self.author]


def slugify(text: str) -> str:
    """Lower case, runs of other characters become one ``-`` (ASCII input only)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def make_tags(seed: int, count: int = 400) -> tuple[str, ...]:
    """``count`` distinct tag names, most popular first."""
    rng = random.Random(f"{seed}:tags")
    names = sorted(f"{region} {topic}" for region in _REGIONS for topic in _TOPICS)
    return tuple(rng.sample(names, count))


def generate_corpus(size: int, seed: int = 1) -> tuple[CorpusArticle, ...]:
    """``size`` articles, oldest first, the same for the same (size, seed)."""
    tags = make_tags(seed)
    weights = [1.0 / (rank + 1) for rank in range(len(tags))]
    start = datetime(2016, 1, 1, 6, 0, tzinfo=UTC)
    step = (datetime(2025, 6, 1, tzinfo=UTC) - start) / max(size, 1)
    articles: list[CorpusArticle] = []
    slugs: set[str] = set()
    for index in range(size):
        rng = random.Random(f"{seed}:article:{index}")
        date = start + step * index + timedelta(minutes=rng.randrange(0, 60))
        article = _make_article(rng, date, tags, weights, articles, slugs)
        slugs.add(article.slug)
        articles.append(article)
    return tuple(articles)


def _make_article(
    rng: random.Random,
    date: datetime,
    tags: tuple[str, ...],
    weights: list[float],
    earlier: list[CorpusArticle],
    taken: set[str],
) -> CorpusArticle:
    region, topic = rng.choice(_REGIONS), rng.choice(_TOPICS).lower()
    title = rng.choice(_TITLE_PATTERNS).format(region=region, topic=topic)
    slug = base = slugify(title)
    number = 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    chosen: list[str] = []
    wanted = rng.randint(3, 6)
    while len(chosen) < wanted:
        tag = rng.choices(tags, weights)[0]
        if tag not in chosen:
            chosen.append(tag)
    links = [rng.choice(earlier) for _ in range(3)] if earlier else []
    callout = _make_callout(rng, links)
    faq = tuple(
        (question.format(region=region, topic=topic), _paragraph(rng, 2, 3))
        for question in rng.sample(_QUESTIONS, 3)
    )
    budget = 900 - _words(callout.inner) - sum(_words(q) + _words(a) for q, a in faq)
    opening = _paragraph(rng, 3, 4, link=links[0] if links else None)
    sections = _make_sections(rng, budget - _words(opening))
    return CorpusArticle(
        slug=slug,
        title=title,
        date=date,
        summary=_sentence(rng, 18, 26),
        author=rng.choice(sorted(AUTHORS)),
        tags=tuple(chosen),
        section=rng.choice(SECTIONS),
        opening=opening,
        sections=sections,
        callout=callout,
        callout_after=rng.randrange(len(sections)),
        faq=faq,
        closing=rng.choice(_CLOSINGS),
    )


def _make_callout(rng: random.Random, links: list[CorpusArticle]) -> Callout:
    kind = rng.choice(sorted(CALLOUT_TITLES))
    if kind == "explore-further" and links:
        inner = "\n".join(f"- [{a.title}](/articles/{a.slug}/)" for a in links)
        return Callout(kind, inner)
    if kind == "explore-further":
        kind = "note"
    return Callout(kind, _paragraph(rng, 2, 3))


def _make_sections(rng: random.Random, budget: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    count = rng.randint(4, 6)
    headings = sorted(rng.sample(range(len(_HEADINGS)), count))
    per_section = max(budget, 0) // count
    sections = []
    for position in headings:
        paragraphs: list[str] = []
        written = 0
        while written < per_section - 20:
            paragraph = _paragraph(rng, 2, 5)
            paragraphs.append(paragraph)
            written += _words(paragraph)
        sections.append((_HEADINGS[position], tuple(paragraphs)))
    return tuple(sections)


def _paragraph(rng: random.Random, low: int, high: int, link: CorpusArticle | None = None) -> str:
    sentences = [_sentence(rng, 10, 22) for _ in range(rng.randint(low, high))]
    if rng.random() < 0.25:
        words = sentences[0].split()
        words[1] = f"**{words[1]}**"
        sentences[0] = " ".join(words)
    if link is not None:
        sentences.append(f"We looked at this before in [{link.title}](/articles/{link.slug}/).")
    return " ".join(sentences)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [
        rng.choice(_GLUE) if rng.random() < 0.3 else rng.choice(_WORDS)
        for _ in range(rng.randint(low, high))
    ]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _words(text: str) -> int:
    return len(text.split())
