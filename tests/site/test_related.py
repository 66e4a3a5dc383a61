"""'You may also like' ranking, as SPEC §5 states it."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Collection, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitegen.build.edits import SPREAD_RANKING_FROM, ranking_spread
from sitegen.site import related
from sitegen.site.related import RelatedInput, rank_related, rerank
from sitegen.site.textrank import TextNeighbours
from sitegen.workers import forks

DAY = 86400.0


def item(
    slug: str,
    day: int,
    tags: tuple[str, ...] = (),
    section: str | None = None,
    pinned: tuple[str, ...] = (),
) -> RelatedInput:
    return RelatedInput(slug, slug, day * DAY, tags, section, pinned)


def slugs(result: dict[str, tuple], slug: str) -> list[str]:
    return [c.key for c in result[slug]]


def test_two_rare_shared_tags_outrank_one_common_tag() -> None:
    common = [item(f"filler-{i}", i, ("economy",)) for i in range(20)]
    items = [
        item("me", 100, ("economy", "water-rights", "drought")),
        item("rare-pair", 10, ("water-rights", "drought")),
        item("common-one", 99, ("economy",)),
        *common,
    ]
    assert slugs(rank_related(items, 2), "me")[0] == "rare-pair"


def test_equal_scores_rank_by_closeness_in_date_then_slug() -> None:
    items = [
        item("me", 50, ("nato",)),
        item("far", 10, ("nato",)),
        item("near-b", 52, ("nato",)),
        item("near-a", 48, ("nato",)),
    ]
    assert slugs(rank_related(items, 3), "me") == ["near-a", "near-b", "far"]


def test_pinned_come_first_then_tags() -> None:
    items = [
        item("me", 50, ("nato",), pinned=("other",)),
        item("other", 1, ()),
        item("tagged", 49, ("nato",)),
    ]
    assert slugs(rank_related(items, 2), "me") == ["other", "tagged"]


def test_empty_slots_fill_from_section_then_newest() -> None:
    items = [
        item("me", 50, ("nato",), section="world"),
        item("tagged", 40, ("nato",)),
        item("same-section", 10, (), section="world"),
        item("newest", 99, (), section="economy"),
        item("older", 5, (), section="economy"),
    ]
    assert slugs(rank_related(items, 4), "me") == ["tagged", "same-section", "newest", "older"]


def test_a_one_article_site_has_nothing_to_show() -> None:
    assert rank_related([item("alone", 1, ("x",))], 4)["alone"] == ()


def test_explain_carries_score_and_shared_tags() -> None:
    items = [item("me", 1, ("a", "b")), item("other", 2, ("a", "b", "c"))]
    (candidate,) = rank_related(items, 4)["me"]
    assert candidate.shared_tags == ("a", "b")
    assert candidate.score > 0
    assert candidate.reason == "tags"


articles = st.lists(
    st.tuples(
        st.integers(0, 60),
        st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=4, unique=True),
        st.sampled_from([None, "s1", "s2"]),
    ),
    min_size=1,
    max_size=25,
)


def brute_force(items: list[RelatedInput], me: RelatedInput, slots: int) -> list[str]:
    """The same ranking by comparing every pair: the reference for the index walk."""
    import math

    df: dict[str, int] = {}
    for i in items:
        for t in i.tags:
            df[t] = df.get(t, 0) + 1
    weight = {t: math.log(1 + len(items) / n) for t, n in df.items()}
    scored = []
    for other in items:
        shared = sorted(set(me.tags) & set(other.tags))
        if other.slug != me.slug and shared:
            score = math.fsum(weight[t] for t in shared)
            scored.append((-score, abs(other.timestamp - me.timestamp), other.slug))
    return [s for _, _, s in sorted(scored)[:slots]]


@given(articles, st.integers(0, 5), st.randoms())
def test_ranking_rules_hold_for_any_site(spec: list, count: int, rnd: random.Random) -> None:
    items = [
        item(f"a{i}", day, tuple(tags), section) for i, (day, tags, section) in enumerate(spec)
    ]
    result = rank_related(items, count)
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank_related(shuffled, count) == result
    for me in items:
        chosen = slugs(result, me.key)
        assert me.slug not in chosen
        assert len(chosen) == len(set(chosen)) == min(count, len(items) - 1)
        by_tags = [c.key for c in result[me.key] if c.reason == "tags"]
        assert by_tags == brute_force(items, me, count)[: len(by_tags)]
        assert len(by_tags) == len(brute_force(items, me, count))


def test_an_article_with_very_many_tags_ranks_like_any_other() -> None:
    rnd = random.Random(7)
    names = [f"t{i}" for i in range(16)]
    items = [
        item(f"a{i}", rnd.randint(0, 30), tuple(rnd.sample(names, rnd.randint(1, 14))))
        for i in range(40)
    ]
    result = rank_related(items, 4)
    for me in items:
        assert [c.key for c in result[me.key] if c.reason == "tags"] == brute_force(items, me, 4)


retags = st.lists(
    st.tuples(
        st.integers(0, 24),
        st.lists(st.sampled_from(["a", "b", "c", "d", "e", "f"]), max_size=4, unique=True),
        st.lists(st.integers(0, 24), max_size=2),
    ),
    min_size=1,
    max_size=4,
)


@given(articles, retags, st.integers(1, 5))
def test_ranking_again_after_retagging_equals_ranking_all(
    spec: list, changes: list, count: int
) -> None:
    before = [
        item(f"a{i}", day, tuple(tags), section) for i, (day, tags, section) in enumerate(spec)
    ]
    after = list(before)
    for which, tags, pins in changes:
        if which < len(after):
            pinned = tuple(f"a{p}" for p in pins if p < len(after) and p != which)
            after[which] = dataclasses.replace(after[which], tags=tuple(tags), pinned=pinned)
    lists = {s: tuple(c.key for c in cands) for s, cands in rank_related(before, count).items()}
    expected = {s: tuple(c.key for c in cands) for s, cands in rank_related(after, count).items()}
    assert rerank(before, lists, after, count) == expected


def test_a_new_date_or_article_means_ranking_all() -> None:
    before = [item("a", 1, ("x",), "s"), item("b", 2, ("x",), "s")]
    lists = {s: tuple(c.key for c in cands) for s, cands in rank_related(before, 4).items()}
    moved = [before[0], item("b", 3, ("x",), "s")]
    assert rerank(before, lists, moved, 4) is None
    assert rerank(before, lists, [*before, item("c", 3)], 4) is None


class Texts:
    """Fixed text scores (``TextSimilar``), as ``textrank`` would hand them over."""

    def __init__(self, scores: dict[str, dict[str, float]]) -> None:
        self.scores = scores

    def similar(self, key: str, slots: int, skip: Collection[str]) -> list[tuple[str, float]]:
        found = [(k, s) for k, s in self.scores.get(key, {}).items() if k not in skip and s > 0]
        found.sort(key=lambda f: -f[1])
        if len(found) > slots > 0:
            found = [f for f in found if f[1] >= found[slots - 1][1]]
        return found if slots > 0 else []


def test_articles_sharing_no_tag_rank_by_text_before_the_section_fill() -> None:
    items = [
        item("me", 50, (), section="world"),
        item("close", 10, ()),
        item("closer", 20, ()),
        item("same-section", 49, (), section="world"),
        item("newest", 99, ()),
    ]
    texts = Texts({"me": {"close": 1.5, "closer": 3.0}})

    ranked = rank_related(items, 4, texts)["me"]

    assert [(c.key, c.reason) for c in ranked] == [
        ("closer", "text"),
        ("close", "text"),
        ("same-section", "section"),
        ("newest", "newest"),
    ]
    assert ranked[0].score == 3.0


def test_shared_tags_outrank_text_and_pins_outrank_both() -> None:
    items = [
        item("me", 50, ("nato",), pinned=("pinned",)),
        item("pinned", 1, ()),
        item("tagged", 2, ("nato",)),
        item("textual", 3, ()),
        item("filler", 4, ()),
    ]
    texts = Texts({"me": {"textual": 9.0, "tagged": 9.5, "pinned": 10.0}})

    ranked = rank_related(items, 4, texts)["me"]

    assert [(c.key, c.reason) for c in ranked] == [
        ("pinned", "pinned"),
        ("tagged", "tags"),
        ("textual", "text"),
        ("filler", "newest"),
    ]


def test_equal_text_scores_rank_by_closeness_in_date_then_slug() -> None:
    items = [item("me", 50), item("far", 10), item("near-b", 52), item("near-a", 48)]
    texts = Texts({"me": {"far": 2.0, "near-b": 2.0, "near-a": 2.0}})

    assert slugs(rank_related(items, 2, texts), "me") == ["near-a", "near-b"]


def test_a_list_full_of_tags_never_asks_for_text() -> None:
    class Refusing:
        def similar(self, key: str, slots: int, skip: Collection[str]) -> list[tuple[str, float]]:
            raise AssertionError("text asked for a list that tags fill")

    items = [item("me", 1, ("x",)), item("other", 2, ("x",))]

    assert slugs(rank_related(items, 1, Refusing()), "me") == ["other"]


@given(articles, retags, st.integers(1, 5))
def test_ranking_again_after_retagging_with_text_equals_ranking_all(
    spec: list, changes: list, count: int
) -> None:
    before = [
        item(f"a{i}", day, tuple(tags), section) for i, (day, tags, section) in enumerate(spec)
    ]
    after = list(before)
    for which, tags, _ in changes:
        if which < len(after):
            after[which] = dataclasses.replace(after[which], tags=tuple(tags))
    texts = Texts(
        {
            a.slug: {b.slug: float((i * 7 + j * 3) % 5) for j, b in enumerate(before)}
            for i, a in enumerate(before)
        }
    )

    def lists(items: list[RelatedInput]) -> dict[str, tuple[str, ...]]:
        return {s: tuple(c.key for c in cs) for s, cs in rank_related(items, count, texts).items()}

    assert rerank(before, lists(before), after, count, texts) == lists(after)


def section_fill(items: list[RelatedInput], me: RelatedInput, taken: Collection[str]) -> list[str]:
    """The section fill by comparing every pair: same section, closest in date, then slug."""
    same = [o for o in items if o.section == me.section and o.key not in taken]
    return [o.key for o in sorted(same, key=lambda o: (abs(o.timestamp - me.timestamp), o.slug))]


@pytest.mark.parametrize("window", [1, 2, 5])
def test_a_site_far_wider_than_the_first_window_ranks_by_the_rules(
    monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """The walk reads the site a window at a time, doubling it: ranking must not
    depend on where the windows fall (runs of one date cut in two, sides used up
    at different times)."""
    monkeypatch.setattr(related, "WINDOW", window)
    rng = random.Random(window)
    items = [
        item(
            f"a{i:03}",
            rng.randrange(0, 90),
            tuple(rng.sample("abcdefghij", rng.randrange(0, 4))),
            rng.choice([None, "s1", "s2"]),
        )
        for i in range(400)
    ]
    result = rank_related(items, 6)
    for me in items:
        by_tags = [c.key for c in result[me.key] if c.reason == "tags"]
        assert by_tags == brute_force(items, me, 6)
        filled = [c.key for c in result[me.key] if c.reason == "section"]
        expected = section_fill(items, me, {me.key, *by_tags})
        assert filled == expected[: len(filled)]
        if me.section is not None:
            assert len(by_tags) + len(filled) == min(6, len(by_tags) + len(expected))


class CountingTexts(Texts):
    """``Texts`` that tell which lists asked them, in order."""

    def __init__(self, scores: dict[str, dict[str, float]]) -> None:
        super().__init__(scores)
        self.asked: list[str] = []

    def similar(self, key: str, slots: int, skip: Collection[str]) -> list[tuple[str, float]]:
        self.asked.append(key)
        return super().similar(key, slots, skip)


def in_halves(
    index: related.RelatedIndex, keys: Sequence[str], count: int, with_text: bool
) -> list[related.Ranked]:
    """A spread as the build's is, without its processes: the keys in two parts."""
    half = len(keys) // 2
    rank = related.rank_positions if with_text else related.rank_apart
    return rank(index, keys[:half], count) + rank(index, keys[half:], count)


@given(articles, st.integers(1, 5), st.booleans())
def test_lists_ranked_apart_are_the_lists_one_process_ranks(
    spec: list, count: int, with_text: bool
) -> None:
    """Spread over processes, the lists tags fill come back as positions and those
    tags leave slots in are ranked by the caller with the texts, which it alone
    asks, in the lists' order: the same lists, the texts asked for the same."""
    items = [
        item(f"a{i}", day, tuple(tags), section) for i, (day, tags, section) in enumerate(spec)
    ]
    scores = {
        a.slug: {b.slug: float((i * 5 + j) % 4) for j, b in enumerate(items)}
        for i, a in enumerate(items)
    }
    alone, apart = (CountingTexts(scores) if with_text else None for _ in range(2))
    keys = sorted(i.key for i in items)

    expected = related.ranked_keys(related.RelatedIndex(items, alone), keys, count)
    found = related.ranked_keys(related.RelatedIndex(items, apart), keys, count, in_halves)

    assert found == expected
    assert expected == {
        k: tuple(c.key for c in v)
        for k, v in rank_related(items, count, alone and Texts(scores)).items()
    }
    if alone is not None and apart is not None:
        assert apart.asked == alone.asked


def test_the_build_ranks_lists_on_its_processes_as_one_process_would() -> None:
    """``ranking_spread`` forks past ``SPREAD_RANKING_FROM`` lists: 2,500 articles
    over 40 tags, some lists left to the texts (no tag shared)."""
    rnd = random.Random(7)
    tags = [f"t{n}" for n in range(40)]
    items = [
        item(f"a{i:04}", rnd.randrange(400), tuple(rnd.sample(tags, rnd.randrange(0, 4))), "s")
        for i in range(2500)
    ]
    texts = Texts({"a0001": {"a0002": 1.0}, "a0003": {"a0004": 2.0}})
    keys = sorted(i.key for i in items)
    spread = ranking_spread(2)
    assert spread is not None and ranking_spread(1) is None

    found = related.ranked_keys(related.RelatedIndex(items, texts), keys, 5, spread)

    assert found == related.ranked_keys(related.RelatedIndex(items, texts), keys, 5)
    assert len(keys) >= SPREAD_RANKING_FROM and forks(len(keys), 2)


def test_lists_by_text_are_ranked_on_the_build_processes_as_one_process_would() -> None:
    """Past ``SPREAD_RANKING_FROM`` lists that ask the texts, the texts are weighed
    here and the lists ranked on the build's processes: 6,300 articles, a third
    with no tag, their texts drawn from a few topics."""
    rnd = random.Random(11)
    words = [f"w{n}" for n in range(300)]
    items = [
        item(f"a{i:04}", rnd.randrange(400), ("t",) if i % 3 else (), "s") for i in range(6300)
    ]
    texts = {i.key: " ".join(rnd.sample(words, 30)) for i in items}
    keys = sorted(i.key for i in items)
    spread = ranking_spread(2)
    assert spread is not None
    apart = related.RelatedIndex(items, TextNeighbours(texts, "en"))
    alone = related.RelatedIndex(items, TextNeighbours(texts, "en"))

    found = related.ranked_keys(apart, keys, 3, spread)

    assert found == related.ranked_keys(alone, keys, 3)
    assert apart.asked == alone.asked and len(apart.asked) >= SPREAD_RANKING_FROM
    assert apart.text is not None and alone.text is not None
    assert isinstance(apart.text, TextNeighbours) and apart.text.used
