"""Closeness of text (``textrank``): the related slots that tags leave (SPEC §8)."""

from __future__ import annotations

import random
import re
from array import array
from pathlib import Path

import pytest
import yaml

from sitegen.site import textrank
from sitegen.site.textrank import TextNeighbours, stop_words

TOPICS = {
    "vote": "election ballot voters parliament campaign candidates turnout coalition polling seats",
    "farm": "drought harvest farmers irrigation rainfall wheat crops livestock fertiliser granary",
    "chip": "semiconductor wafers lithography foundry transistors chipmakers silicon fabs lasers",
}
FILLER = "the report this week said officials would look again at what it means for everyone"

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpora" / "hugo-letsencrypt"


def topic_texts(per_topic: int = 5, seed: int = 1) -> dict[str, str]:
    """Short articles on three topics, each with its own handful of topic words
    among words every article uses."""
    rng = random.Random(seed)
    texts = {}
    for topic, words in TOPICS.items():
        for i in range(per_topic):
            chosen = rng.sample(words.split(), 4)
            filler = FILLER.split()
            rng.shuffle(filler)
            texts[f"{topic}-{i}"] = " ".join([*filler[:8], *chosen, *filler[8:]])
    return texts


def test_each_article_is_closest_to_the_articles_on_its_topic() -> None:
    neighbours = TextNeighbours(topic_texts(), "en")

    for key in neighbours.documents:
        found = neighbours.similar(key, 4, ())
        topic = key.split("-")[0]
        assert [other.split("-")[0] for other, _ in found] == [topic] * len(found), key
        assert len(found) >= 3


def test_never_itself_nor_a_skipped_article() -> None:
    neighbours = TextNeighbours(topic_texts(), "en")

    found = [key for key, _ in neighbours.similar("vote-0", 10, {"vote-1", "vote-2"})]

    assert "vote-0" not in found
    assert not {"vote-1", "vote-2"} & set(found)
    assert {"vote-3", "vote-4"} <= set(found)


def test_equal_scores_go_to_the_closest_position_then_the_first_key() -> None:
    texts = {
        "a": "harbour cranes",
        "b": "harbour cranes",
        "c": "harbour cranes",
        "d": "harbour",
        "e": "orchard blossom",
        "f": "glacier melt",
        "g": "quiet evening",
    }
    dates = {"a": 10.0, "b": 0.0, "c": 9.0, "d": 10.0}

    assert [key for key, _ in TextNeighbours(texts, "en").similar("a", 1, ())] == ["b"]
    found = TextNeighbours(texts, "en", positions=dates).similar("a", 2, ())
    assert [key for key, _ in found] == ["c", "b"]
    assert found[0][1] == found[1][1] > 0


def test_thousands_of_equal_scores_are_cut_by_position() -> None:
    texts = {f"stub-{i:05d}": "gallery" for i in range(4000)}
    texts.update({f"other-{i:05d}": f"unique{i} words{i}" for i in range(4001)})
    neighbours = TextNeighbours(texts, "en", positions={k: float(i) for i, k in enumerate(texts)})

    found = neighbours.similar("stub-00100", 4, ())

    assert [key for key, _ in found] == ["stub-00099", "stub-00101", "stub-00098", "stub-00102"]


def test_an_article_sharing_no_telling_word_has_no_text_neighbours() -> None:
    texts = {"a": "lighthouse keepers", "b": "orchard blossom", "c": "glacier melt"}

    assert TextNeighbours(texts, "en").similar("a", 4, ()) == []


def test_stop_words_never_match_while_topic_words_do() -> None:
    texts = {
        "a": "they would have been there about harbour cranes",
        "b": "they would have been there about harbour",
        "c": "they would have been there about cranes",
        "d": "orchard blossom",
        "e": "glacier melt",
    }
    neighbours = TextNeighbours(texts, "en")

    terms = {
        other: neighbours.matching_terms("a", other) for other, _ in neighbours.similar("a", 4, ())
    }

    assert terms == {"b": ("harbour",), "c": ("cranes",)}


def test_stop_words_follow_the_site_language() -> None:
    assert "the" in stop_words("en")
    assert "the" in stop_words("en-GB")
    assert "und" in stop_words("de-AT")
    assert "und" not in stop_words("en")
    assert stop_words("xx") == frozenset()


def test_a_language_without_a_stop_list_still_ranks_by_telling_words() -> None:
    texts = topic_texts()

    neighbours = TextNeighbours(texts, "eu")

    found = neighbours.similar("farm-0", 4, ())
    assert found and all(key.startswith("farm-") for key, _ in found)


def test_the_same_texts_in_any_order_give_the_same_scores() -> None:
    texts = topic_texts()
    shuffled = dict(random.Random(7).sample(sorted(texts.items()), len(texts)))

    first = {k: TextNeighbours(texts, "en").similar(k, 4, ()) for k in texts}
    second = {k: TextNeighbours(shuffled, "en").similar(k, 4, ()) for k in texts}

    assert first == second
    assert TextNeighbours(texts, "en").fingerprint == TextNeighbours(shuffled, "en").fingerprint


def test_the_fingerprint_changes_with_any_text_and_the_language() -> None:
    texts = topic_texts()
    edited = {**texts, "chip-3": texts["chip-3"] + " more"}

    base = TextNeighbours(texts, "en").fingerprint
    assert TextNeighbours(edited, "en").fingerprint != base
    assert TextNeighbours(texts, "de").fingerprint != base


def test_nothing_is_computed_until_asked() -> None:
    neighbours = TextNeighbours(topic_texts(), "en")
    assert not neighbours.used

    neighbours.similar("vote-0", 0, ())
    assert not neighbours.used

    neighbours.similar("vote-0", 1, ())
    assert neighbours.used


def letsencrypt_posts() -> dict[str, str]:
    posts = CORPUS / "content" / "en" / "post"
    if not posts.is_dir():
        pytest.skip("the shared corpora are not next to the repository")
    texts = {}
    for path in sorted(posts.iterdir()):
        _, front, body = path.read_text(encoding="utf-8").split("---", 2)
        meta = yaml.safe_load(front)
        text = re.sub(r"<[^>]+>", " ", body)
        texts[path.stem] = f"{meta.get('title', '')}\n{meta.get('excerpt', '')}\n{text}"
    return texts


@pytest.mark.parametrize(
    ("post", "closest"),
    [
        ("2015-12-21-ovh-sponsorship", "2017-3-23-ovh-platinum-renewal"),
        (
            "2025-01-09-acme-profiles",
            "2024-04-24-guide-to-integrating-ari-into-existing-acme-clients",
        ),
        ("2025-12-02-from-90-to-45", "2025-01-09-acme-profiles"),
    ],
)
def test_a_real_blog_without_tags_finds_the_post_on_the_same_subject(
    post: str, closest: str
) -> None:
    neighbours = TextNeighbours(letsencrypt_posts(), "en")

    assert neighbours.similar(post, 4, ())[0][0] == closest


class MemoryStore:
    def __init__(self) -> None:
        self.kept = textrank.Counts((), {})
        self.saves = 0

    def load(self) -> textrank.Counts:
        return self.kept

    def save(self, counts: textrank.Counts) -> None:
        self.kept = counts
        self.saves += 1


def test_a_store_spares_counting_again_and_changes_no_score(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = topic_texts()
    store = MemoryStore()
    first = TextNeighbours(texts, "en", store).similar("vote-0", 4, ())
    counted: list[str] = []
    real_count = textrank._count
    monkeypatch.setattr(
        textrank, "_count", lambda text, ids: counted.append(text) or real_count(text, ids)
    )
    edited = {**texts, "farm-2": texts["farm-2"] + " wheat"}

    assert TextNeighbours(texts, "en", store).similar("vote-0", 4, ()) == first
    assert counted == []
    after_edit = TextNeighbours(edited, "en", store)
    found = {k: after_edit.similar(k, 4, ()) for k in edited}
    assert counted == [edited["farm-2"]]
    assert found == {k: TextNeighbours(edited, "en").similar(k, 4, ()) for k in edited}
    assert store.saves == 1  # one text is counted again next time: no store rewritten for it
    counted.clear()
    TextNeighbours(edited, "en", store).similar("vote-0", 4, ())
    assert counted == [edited["farm-2"]]

    monkeypatch.setattr(textrank, "RECOUNTED", 0)  # past the limit: the store is written
    TextNeighbours(edited, "en", store).similar("vote-0", 4, ())
    assert store.saves == 2
    counted.clear()
    TextNeighbours(edited, "en", store).similar("vote-0", 4, ())
    assert counted == []


def test_words_only_edits_left_behind_are_dropped_from_the_store(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(textrank, "RECOUNTED", 0)  # every edit written, as many edits would
    texts = topic_texts()
    store = MemoryStore()
    for round_ in range(40):
        texts["chip-0"] = f"wafers lithography word{round_}a word{round_}b word{round_}c"
        neighbours = TextNeighbours(texts, "en", store)
        assert neighbours.similar("chip-0", 4, ()) == TextNeighbours(texts, "en").similar(
            "chip-0", 4, ()
        )
    kept = store.kept
    used = {n for numbers, _ in kept.texts.values() for n in array("I", numbers)}
    assert len(kept.words) <= len(used) * 5 / 4 + 3
    assert len(kept.texts) == len(texts)
