"""``Outputs``: a build's files as the last build's kept ones (one map) and those it made."""

from __future__ import annotations

from sitegen.model import KeptFile, OutputFile, Outputs, kept_paths, output_paths


def test_kept_files_read_one_by_one_are_kept_files_in_the_last_builds_order() -> None:
    made = [OutputFile("b/index.html", b"b", key="kb"), KeptFile("feed.xml", "kf")]
    outputs = Outputs({"z/index.html": "kz", "a/index.html": ""}, made)
    assert list(outputs) == [
        KeptFile("z/index.html", "kz"),
        KeptFile("a/index.html", ""),
        *made,
    ]
    assert list(reversed(outputs)) == list(reversed(list(outputs)))
    assert len(outputs) == 4 and outputs[2] == made[0]
    assert list(output_paths(outputs)) == [f.path for f in outputs]
    assert kept_paths(outputs) == {"z/index.html", "a/index.html", "feed.xml"}


def test_the_paths_of_a_plain_sequence_are_read_from_its_files() -> None:
    files = [KeptFile("a", "k"), OutputFile("b", b"")]
    assert kept_paths(files) == {"a"}
    assert list(output_paths(files)) == ["a", "b"]
