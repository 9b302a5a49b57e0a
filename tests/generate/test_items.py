"""Problem sets: versions, rosters, slots and the manifest a course commits."""

import pytest
from problem_families import SIGMOID

from mlverify.errors import MlverifyError
from mlverify.generate import RosterError, Student, build_set, choose_slots, read_roster


def test_a_set_has_one_version_per_student_and_adding_one_changes_no_other(family_from, registry):
    family = family_from(SIGMOID)
    two = build_set([family, family], 5, registry, roster=[Student("Ada", "a1"), Student("Bo", "b2")])
    three = build_set([family, family], 5, registry, roster=[Student("Ada", "a1"), Student("Cy", "c3"),
                                                               Student("Bo", "b2")])
    assert [v.label for v in two.versions] == ["a1", "b2"]
    by_label = {v.label: v for v in three.versions}
    for version in two.versions:
        assert [i.content_hash for i in version.items] == [i.content_hash for i in by_label[version.label].items]
    assert two.versions[0].items[0].variant.seed != two.versions[0].items[1].variant.seed


def test_the_manifest_holds_every_item_and_is_the_same_for_the_same_seed(family_from, registry):
    family = family_from(SIGMOID)
    manifest = build_set([family], 7, registry, versions=3).manifest()
    assert manifest["seed"] == 7 and manifest["slots"] == ["fixture"]
    item = manifest["versions"][2]["items"][0]
    assert set(item) >= {"family", "seed", "parameters", "answer", "options", "hash", "key", "checks"}
    assert sum(o["correct"] for o in item["options"]) == 1 and len(item["hash"]) == 64
    assert build_set([family], 7, registry, versions=3).manifest() == manifest
    assert build_set([family], 8, registry, versions=3).manifest() != manifest


def test_slots_follow_the_named_families_or_draw_without_repeats(family_from):
    families = {name: family_from({**SIGMOID, "topic": topic}, name=name)
                for name, topic in (("a", "t1"), ("b", "t1"), ("c", "t2"))}
    assert [f.id for f in choose_slots(families, ["c", "a"], None, 3, 0)] == ["c", "a", "c"]
    drawn = [f.id for f in choose_slots(families, [], None, 3, 0)]
    assert sorted(drawn) == ["a", "b", "c"]
    assert {f.id for f in choose_slots(families, [], "t1", None, 0)} == {"a", "b"}
    with pytest.raises(MlverifyError, match="unknown problem family 'd'"):
        choose_slots(families, ["d"], None, None, 0)
    with pytest.raises(MlverifyError, match="the topics are t1, t2"):
        choose_slots(families, [], "t3", None, 0)


def test_a_roster_reads_names_and_ids(tmp_path):
    path = tmp_path / "students.csv"
    path.write_text("Name,Student_ID\nAda Lovelace,1815\n\nAlan Turing,1912\n", encoding="utf-8")
    assert read_roster(path) == [Student("Ada Lovelace", "1815"), Student("Alan Turing", "1912")]
    path.write_text("name\nGrace Hopper\n", encoding="utf-8")
    assert read_roster(path) == [Student("Grace Hopper", "grace-hopper")]


@pytest.mark.parametrize(("text", "message"), [
    ("", "the roster is empty"),
    ("first,last\nA,B\n", "needs a 'name' or an 'id' column"),
    ("name,id\nA,1\nB,1\n", r":3: the id '1' appears twice"),
    ("name,id\n", "lists no students"),
])
def test_a_bad_roster_is_one_line_with_its_place(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match=message) as error:
        read_roster(path)
    assert str(error.value).startswith(str(path))
