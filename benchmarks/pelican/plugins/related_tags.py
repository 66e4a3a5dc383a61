"""Pelican plugin: "You may also like" by shared tags, as sitegen ranks them.

Takes the finished article list, sets ``article.related_articles`` (at most
``RELATED_COUNT``). Same rule as sitegen (SPEC §5): shared tags weighted by
rarity, then closeness in date, then slug; fewer than enough: the same
section, then the newest. Pelican has no related-content feature, and the
benchmark must not flatter it by skipping the work, so the harness ships this.
It walks the rarest tags first and stops once nothing unseen can win.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from pelican import signals


def register() -> None:
    """Pelican's plugin entry point."""
    signals.article_generator_finalized.connect(add_related)


def add_related(generator: Any) -> None:
    """Attach ``related_articles`` to every published article."""
    articles = sorted(generator.articles, key=lambda a: (a.date.timestamp(), a.slug))
    count = int(generator.settings.get("RELATED_COUNT", 4))
    by_tag: dict[str, list[Any]] = defaultdict(list)
    by_section: dict[str, list[Any]] = defaultdict(list)
    for article in articles:
        for tag in getattr(article, "tags", ()):
            by_tag[tag.slug].append(article)
        by_section[article.category.slug].append(article)
    weights = {tag: math.log(1 + len(articles) / len(lst)) for tag, lst in by_tag.items()}
    times = {id(a): a.date.timestamp() for a in articles}
    newest = articles[::-1]
    for article in articles:
        chosen = _by_tags(article, by_tag, weights, count, times)
        if len(chosen) < count:
            pools = (_closest(by_section[article.category.slug], article, times), newest)
            for other in (other for pool in pools for other in pool):
                if len(chosen) >= count:
                    break
                if other is not article and other not in chosen:
                    chosen.append(other)
        article.related_articles = chosen


def _by_tags(
    article: Any,
    by_tag: dict[str, list[Any]],
    weights: dict[str, float],
    count: int,
    times: dict[int, float],
) -> list[Any]:
    tags = sorted({t.slug for t in getattr(article, "tags", ())}, key=lambda t: (-weights[t], t))
    mine = set(tags)
    when = times[id(article)]
    scores: dict[int, tuple[float, Any]] = {id(article): (math.inf, article)}
    for position, tag in enumerate(tags):
        bound = math.fsum(weights[t] for t in tags[position:])
        best = sorted((s for s, _ in scores.values()), reverse=True)
        if len(best) > count and best[count] > bound + 1e-9:
            break
        if position == len(tags) - 1:
            # Unseen articles here share only this tag: equal scores, so the
            # closest in date win and the walk stops after `count` of them.
            found = 0
            for other in _closest(by_tag[tag], article, times):
                if found >= count:
                    break
                if id(other) not in scores:
                    scores[id(other)] = (weights[tag], other)
                    found += 1
            break
        for other in by_tag[tag]:
            if id(other) not in scores:
                shared = sorted(mine.intersection(t.slug for t in other.tags))
                scores[id(other)] = (math.fsum(weights[t] for t in shared), other)
    del scores[id(article)]
    ranked = sorted(
        scores.values(), key=lambda so: (-so[0], abs(times[id(so[1])] - when), so[1].slug)
    )
    return [other for _, other in ranked[:count]]


def _closest(pool: list[Any], article: Any, times: dict[int, float]) -> Iterator[Any]:
    """``pool`` (oldest first) walked outward from ``article``'s date."""
    when = times[id(article)]
    right = bisect_left(pool, when, key=lambda a: times[id(a)])
    left = right - 1
    while left >= 0 or right < len(pool):
        if right >= len(pool) or (
            left >= 0
            and (when - times[id(pool[left])], pool[left].slug)
            < (times[id(pool[right])] - when, pool[right].slug)
        ):
            yield pool[left]
            left -= 1
        else:
            yield pool[right]
            right += 1
