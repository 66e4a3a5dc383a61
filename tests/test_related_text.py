"""A blog without tags: "You may also like" ranks by the articles' text (SPEC §8)."""

from __future__ import annotations

import os
import pickle
import random
import threading
from array import array
from collections.abc import Collection, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.errors import Problems
from sitegen.serve.session import full_rebuild, serve_options
from sitegen.site.related import RelatedInput
from sitegen.site.remembered import RelatedLists
from sitegen.site.textrank import TextNeighbours
from tests.conftest import (
    article,
    damage_record,
    prepare_body_edit,
    prepare_once,
    run_sitegen,
    write_files,
)
from tests.searchable import searchable
from tests.serve.test_body_edits import clean_serve_tree
from tests.test_incremental import build, clean_build, patched_articles, tree

TOPICS = {
    "vote": "election ballot voters parliament campaign candidates turnout coalition polling seats",
    "farm": "drought harvest farmers irrigation rainfall wheat crops livestock fertiliser granary",
    "chip": "semiconductor wafers lithography foundry transistors chipmakers silicon fabs lasers",
}
FILLER = (
    "the report this week said officials would look again at what it means for "
    "everyone and how long it could take before anything changes"
)


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z


def body(topic: str, rng: random.Random) -> str:
    """Two paragraphs of words every article uses, with four words of the topic."""
    words = [*FILLER.split(), *rng.sample(TOPICS[topic].split(), 4)]
    rng.shuffle(words)
    return " ".join(words[:12]).capitalize() + ".\n\n" + " ".join(words[12:]).capitalize() + "."


def topic_site(root: Path, per_topic: int = 5, **front: dict[str, str]) -> Path:
    """``per_topic`` tagless articles on each topic, dated so that the topics
    alternate: by date alone, every list would mix them."""
    rng = random.Random(3)
    files = {"site.yaml": "title: Desk\n"}
    for i in range(per_topic):
        for t, topic in enumerate(TOPICS):
            slug = f"{topic}-{i}"
            files[f"content/{slug}.md"] = article(
                f"{topic.capitalize()} desk, number {i}",
                f"2025-{1 + i % 12:02d}-{1 + t + 3 * (i // 12):02d}",
                body=body(topic, rng),
                **front.get(slug, {}),
            )
    return write_files(root / "site", files)


def related_on_page(out: Path, slug: str) -> list[str]:
    page = lxml.html.fromstring((out / "articles" / slug / "index.html").read_bytes())
    links = page.xpath('//section[@class="related"]//h3//a/@href')
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in links]


def test_a_site_without_tags_relates_each_article_to_its_topic(tmp_path: Path) -> None:
    site = topic_site(tmp_path)
    build(site, tmp_path / "out", "--jobs", "1")

    for topic in TOPICS:
        for i in range(5):
            shown = related_on_page(tmp_path / "out", f"{topic}-{i}")
            assert len(shown) == 4
            assert all(slug.startswith(topic + "-") for slug in shown), (topic, i, shown)


def test_shared_tags_come_before_text_and_pins_before_both(tmp_path: Path) -> None:
    site = topic_site(
        tmp_path,
        **{
            "vote-0": {"tags": "[harbours]", "related": "[chip-4]"},
            "farm-2": {"tags": "[harbours]"},
        },
    )
    build(site, tmp_path / "out", "--jobs", "1")

    shown = related_on_page(tmp_path / "out", "vote-0")
    assert shown[:2] == ["chip-4", "farm-2"]
    assert all(slug.startswith("vote-") for slug in shown[2:])


def test_explain_names_the_words_that_matched(tmp_path: Path) -> None:
    site = topic_site(tmp_path)

    run = run_sitegen("related", "farm-1", str(site), "--explain")

    assert run.code == 0, run.err
    lines = run.out.splitlines()[1:]
    assert len(lines) == 4
    for line in lines:
        _, reason, score, slug, label, words, *found = line.split()
        assert (reason, label, words) == ("text", "matching", "words:")
        assert float(score) > 0 and slug.startswith("farm-")
        matched = [w.rstrip(",") for w in found]
        assert matched and set(matched) <= {*TOPICS["farm"].split(), "farm"}
    plain = run_sitegen("related", "farm-1", str(site))
    assert plain.out.split() == [line.split()[3] for line in lines]


def test_explain_matches_the_page(tmp_path: Path) -> None:
    site = topic_site(
        tmp_path, **{"chip-3": {"tags": "[harbours]"}, "vote-1": {"tags": "[harbours]"}}
    )
    build(site, tmp_path / "out", "--jobs", "1")

    for slug in ("chip-3", "vote-2", "farm-4"):
        run = run_sitegen("related", slug, str(site))
        assert run.out.split() == related_on_page(tmp_path / "out", slug)


def test_jobs_do_not_change_the_lists(tmp_path: Path) -> None:
    site = topic_site(tmp_path, per_topic=12)

    build(site, tmp_path / "one", "--jobs", "1", "--cache-dir", str(tmp_path / "c1"))
    build(site, tmp_path / "two", "--jobs", "2", "--cache-dir", str(tmp_path / "c2"))

    assert tree(tmp_path / "one") == tree(tmp_path / "two")


@pytest.mark.parametrize("edit", ["body", "title", "new article", "deleted article"])
def test_a_rebuild_after_an_edit_gives_a_clean_builds_lists(tmp_path: Path, edit: str) -> None:
    site = topic_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    rng = random.Random(9)
    source = site / "content" / "vote-0.md"
    if edit == "body":  # now about farming: every list that counts on text may change
        source.write_text(article("Vote desk, number 0", "2025-01-01", body=body("farm", rng)))
    elif edit == "title":
        text = source.read_text().replace("Vote desk", "Harvest and drought desk")
        source.write_text(text)
    elif edit == "new article":
        (site / "content" / "chip-new.md").write_text(
            article("Fabs", "2025-02-02", body=body("chip", rng))
        )
    else:
        (site / "content" / "farm-3.md").unlink()

    build(site, out, "--jobs", "1")

    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable
    if edit == "body":
        assert [s.split("-")[0] for s in related_on_page(out, "vote-0")] == ["farm"] * 4


@pytest.mark.parametrize(
    "damage",
    [
        b"not a pickle",
        b"",
        pickle.dumps({b"x": ("words", b"123")}),
        pickle.dumps((["a"], {b"x": (array("I", [5]).tobytes(), array("I", [1]).tobytes())}, 1)),
        pickle.dumps(os.system),  # a class or function: never looked up, never run
    ],
)
def test_a_damaged_word_cache_is_ignored(tmp_path: Path, damage: bytes) -> None:
    site = topic_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    assert damage_record(site / ".sitegen-cache", "words", damage)
    source = site / "content" / "chip-1.md"
    source.write_text(source.read_text() + "\nWafers again.\n")

    run = run_sitegen("build", str(site), "-o", str(out), "--jobs", "1")

    assert run.code == 0, run.err
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable
    assert "damaged" in run.err


@pytest.mark.parametrize("damage", [b"not a pickle", pickle.dumps({"key": "not a digest"})])
def test_damaged_digests_of_the_texts_are_ignored(tmp_path: Path, damage: bytes) -> None:
    """The digests an edit's short way takes instead of reading the texts: damaged,
    every text is read again, and the pages are a clean build's."""
    from sitegen.digests import digest

    site = topic_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    name = "related-texts:last:" + digest(str(out.absolute()))
    assert damage_record(site / ".sitegen-cache", name, damage)
    source = site / "content" / "chip-1.md"
    source.write_text(source.read_text() + "\nWafers and lithography again.\n")

    run = run_sitegen("build", str(site), "-o", str(out), "--jobs", "1")

    assert run.code == 0, run.err
    assert patched_articles(site, out) == {"content/chip-1.md"}  # the short way still
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable


def test_a_preview_body_edit_that_moves_a_related_list_takes_the_short_way(tmp_path: Path) -> None:
    """A body edit moves lists ranked by text (their words are the site's): the
    short way ranks again the lists that asked the texts, and renders the pages
    whose list moved, as a clean build shows them."""
    site = topic_site(tmp_path)
    options = serve_options(site, datetime(2026, 1, 1, tzinfo=UTC))
    previous = prepare_once(options, Problems())
    rebuild = full_rebuild(options, threading.Lock())
    rebuild(())
    source = site / "content" / "vote-0.md"
    opening = source.read_text().split("\n\n")[:2]  # front matter, first paragraph: same card
    farming = " ".join(TOPICS["farm"].split()[:8])
    source.write_text("\n\n".join([*opening, f"Then {farming}.\n"]))

    edited = prepare_body_edit(previous, ("content/vote-0.md",), options, Problems())
    assert edited is not None
    moved = {k for k, v in edited.site.related.items() if previous.site.related[k] != v}
    assert moved  # the edit moved some list, not only its own article's
    snapshot = rebuild(("content/vote-0.md",))
    if snapshot.finish is not None:
        snapshot.finish()()
    assert searchable(tree(options.output_dir)) == searchable(clean_serve_tree(site, tmp_path))


class Remembered:
    """A value kept between builds, in memory."""

    def __init__(self) -> None:
        self.value: object = None

    def get(self) -> object:
        return self.value

    def set(self, value: object) -> None:
        self.value = value


class Untouchable(Mapping[str, str]):
    """Texts that fail the test when read."""

    def __getitem__(self, key: str) -> str:
        raise AssertionError("a text was read")

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("the texts were read")

    def __len__(self) -> int:
        raise AssertionError("the texts were counted")


def test_lists_that_tags_fill_never_read_a_text(tmp_path: Path) -> None:
    items = [RelatedInput(s, s, float(i), ("x",), None) for i, s in enumerate("abc")]
    lists = RelatedLists(Remembered(), Remembered())

    for _ in range(2):  # ranked, then reused from the cache
        texts = TextNeighbours(Untouchable(), "en")
        assert lists(items, 2, texts) == {"a": ("b", "c"), "b": ("a", "c"), "c": ("b", "a")}
        assert not texts.used


class Counted(Mapping[str, str]):
    """Texts that note which were read."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.texts = dict(texts)
        self.read: list[str] = []

    def __getitem__(self, key: str) -> str:
        self.read.append(key)
        return self.texts[key]

    def __contains__(self, key: object) -> bool:
        return key in self.texts

    def __iter__(self) -> Iterator[str]:
        return iter(self.texts)

    def __len__(self) -> int:
        return len(self.texts)


class Asked(TextNeighbours):
    """Texts that note which lists asked them."""

    asked: list[str]

    def similar(self, key: str, slots: int, skip: Collection[str]) -> list[tuple[str, float]]:
        self.asked.append(key)
        return super().similar(key, slots, skip)


def mixed_items() -> list[RelatedInput]:
    """Three articles whose tag fills their lists of two, three with no tag."""
    tagged = [RelatedInput(k, k, float(i), ("x",), None) for i, k in enumerate(["a", "b", "c"])]
    return [*tagged, *(RelatedInput(k, k, float(i), (), None) for i, k in enumerate("def", 3))]


def mixed_texts(changed: str = "") -> dict[str, str]:
    topics = [TOPICS["vote"], TOPICS["farm"], TOPICS["chip"]]
    texts = {k: f"{FILLER} {topics[i % 3]}" for i, k in enumerate("abcdef")}
    if changed:
        texts[changed] = f"{FILLER} {TOPICS['farm']} {TOPICS['chip']}"
    return texts


def test_a_text_change_ranks_again_only_the_lists_that_asked_the_texts() -> None:
    lists = RelatedLists(Remembered(), Remembered())
    first = Asked(mixed_texts(), "en")
    first.asked = []
    lists(mixed_items(), 2, first)
    assert sorted(first.asked) == ["d", "e", "f"]  # tags fill a, b and c

    second = Asked(mixed_texts(changed="a"), "en")
    second.asked = []
    ranked = lists(mixed_items(), 2, second)

    assert sorted(second.asked) == ["d", "e", "f"]  # every score by text moved: all of them
    fresh = RelatedLists(Remembered(), Remembered())(
        mixed_items(), 2, TextNeighbours(mixed_texts(changed="a"), "en")
    )
    assert ranked == fresh
    assert second.used


def test_lists_kept_by_the_version_before_are_ranked_again_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The last version kept four parts (no note of which lists asked the texts):
    read as nothing kept, not as damage."""
    memory = Remembered()
    inputs = tuple((i.key, i.slug, i.timestamp, i.tags, i.section, i.pinned) for i in mixed_items())
    memory.set((2, inputs, {i.key: () for i in mixed_items()}, "fingerprint"))

    ranked = RelatedLists(memory, Remembered())(
        mixed_items(), 2, TextNeighbours(mixed_texts(), "en")
    )

    fresh = RelatedLists(Remembered(), Remembered())(
        mixed_items(), 2, TextNeighbours(mixed_texts(), "en")
    )
    assert ranked == fresh and all(ranked.values())
    assert "damaged" not in caplog.text


def test_texts_whose_identity_was_seen_are_not_read_again() -> None:
    names = {k: f"{k}-1" for k in "abcdef"}
    memory = (Remembered(), Remembered(), None, Remembered())
    lists = RelatedLists(*memory, reuse=True)
    first = Counted(mixed_texts())
    lists(mixed_items(), 2, TextNeighbours(first, "en", identity=names.__getitem__))
    assert sorted(set(first.read)) == list("abcdef")

    names["d"] = "d-2"  # d's file changed
    second = Counted(mixed_texts(changed="d"))
    ranked = lists(mixed_items(), 2, TextNeighbours(second, "en", identity=names.__getitem__))

    assert set(second.read) == {"d"}
    fresh = RelatedLists(Remembered(), Remembered())(
        mixed_items(), 2, TextNeighbours(mixed_texts(changed="d"), "en")
    )
    assert ranked == fresh


def test_without_reuse_every_text_is_read_to_learn_whether_it_changed() -> None:
    """A build where links may have moved: a text can show where a link leads."""
    names = {k: f"{k}-1" for k in "abcdef"}
    memory = (Remembered(), Remembered(), None, Remembered())
    RelatedLists(*memory)(mixed_items(), 2, TextNeighbours(Counted(mixed_texts()), "en"))
    again = Counted(mixed_texts())
    RelatedLists(*memory)(mixed_items(), 2, TextNeighbours(again, "en", names.__getitem__))
    assert set(again.read) == set("abcdef")


def test_a_tags_edit_on_a_site_ranked_by_text_takes_the_short_way_from_disk(
    tmp_path: Path,
) -> None:
    site = topic_site(tmp_path)
    out = tmp_path / "out"
    build(site, out, "--jobs", "1")
    source = site / "content/vote-0.md"
    source.write_text(source.read_text().replace("---\n\n", "tags: [Ballots]\n---\n\n", 1))

    build(site, out, "--jobs", "1")

    assert patched_articles(site, out) == {"content/vote-0.md"}  # the short way
    assert "Vote desk, number 0" in (out / "tags/ballots/index.html").read_text()
    assert searchable(tree(out)) == searchable(clean_build(site, tmp_path))  # see searchable


text_edits = st.lists(
    st.tuples(
        st.sampled_from(["body", "title", "tags", "add", "delete"]),
        st.sampled_from(sorted(TOPICS)),
        st.integers(0, 4),
    ),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text_edits)
def test_any_edits_give_the_lists_of_a_clean_build(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[str, str, int]]
) -> None:
    tmp = tmp_path_factory.mktemp("text")
    site = topic_site(tmp, per_topic=3)
    out = tmp / "out"
    build(site, out, "--jobs", "1")
    rng = random.Random(5)
    for kind, topic, n in steps:
        existing = sorted((site / "content").glob("*.md"))
        target = existing[n % len(existing)]
        if kind == "body":
            target.write_text(article(f"Edited {n}", "2025-03-03", body=body(topic, rng)))
        elif kind == "title":
            target.write_text(target.read_text().replace("desk", f"{topic} desk", 1))
        elif kind == "tags":
            target.write_text(article(f"Tagged {n}", "2025-03-04", body="Plain.", tags="[x]"))
        elif kind == "add":
            (site / "content" / f"new-{topic}-{n}.md").write_text(
                article(f"New {n}", f"2025-04-0{n + 1}", body=body(topic, rng))
            )
        elif len(existing) > 2:
            target.unlink()
        build(site, out, "--jobs", "1")
        assert searchable(tree(out)) == searchable(clean_build(site, tmp))  # see searchable
