"""The region picker: completion at every level as you type, and cascading combos."""

from __future__ import annotations

from caseapp.ui.cases.region_picker import CascadingRegionCombos, RegionPicker
from tests.ui.cases.driving import pick_region, type_into

POLEANG = "Kec. Poleang, Kabupaten Bombana, Sulawesi Tenggara"


def test_typing_suggests_full_paths_at_every_level(qtbot):
    picker = RegionPicker()
    qtbot.addWidget(picker)
    picker.show()
    type_into(qtbot, picker.edit, "Bombana")
    qtbot.waitUntil(lambda: "Kabupaten Bombana, Sulawesi Tenggara" in picker.suggestions.stringList(), timeout=3000)
    type_into(qtbot, picker.edit, "Poleang")
    qtbot.waitUntil(lambda: POLEANG in picker.suggestions.stringList(), timeout=3000)
    pick_region(qtbot, picker, "Kasipute", "Kel. Kasipute, Kec. Rumbia, Kabupaten Bombana, Sulawesi Tenggara")
    assert picker.value() == "74.06.04.1005"
    assert "74.06.04.1005" in picker.path.text()


def test_picking_emits_changed_and_clearing_empties(qtbot):
    picker = RegionPicker()
    qtbot.addWidget(picker)
    picker.show()
    with qtbot.waitSignal(picker.changed, timeout=3000):
        pick_region(qtbot, picker, "Poleang", POLEANG)
    assert picker.value() == "74.06.01"
    picker.edit.clear()
    picker.edit.editingFinished.emit()
    assert picker.value() is None


def test_cascading_combos_follow_and_set_the_value(qtbot):
    picker = RegionPicker()
    qtbot.addWidget(picker)
    picker.show()
    picker.set_value("74.06.04.1005")
    picker.toggle.click()
    combos = picker.cascade.combos
    assert [c.currentData() for c in combos] == ["74", "74.06", "74.06.04", "74.06.04.1005"]
    combos[2].setCurrentIndex(combos[2].findData("74.06.01"))
    combos[2].activated.emit(combos[2].currentIndex())
    assert picker.value() == "74.06.01"
    assert picker.edit.text() == POLEANG
    assert combos[3].count() > 1 and not combos[3].currentData()


def test_cascade_alone_starts_with_provinces(qtbot):
    cascade = CascadingRegionCombos()
    qtbot.addWidget(cascade)
    assert cascade.combos[0].count() == 39  # a dash and 38 provinces
    assert cascade.value() is None
