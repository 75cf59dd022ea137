"""Every page as printed (the download menu's PDF is the browser's print): laid out on A4's
width with print media, after the browser's `beforeprint` event. From the `survey` fixture.
The explorers' own print rules (controls hidden, the current frame printed) are tested
with the explorers; here their insides are left out."""


def printed(survey):
    return {name: views["desktop"]["printed"] for name, views in survey.items()}


def test_no_navigation_sidebar_or_button_on_paper(survey):
    furniture = {name: p["printedFurniture"] for name, p in printed(survey).items() if p["printedFurniture"]}
    controls = {name: p["printedControls"] for name, p in printed(survey).items() if p["printedControls"]}
    assert furniture == {} and controls == {}


def test_code_and_maths_are_not_cut_at_the_page_edge(survey):
    cut = {name: p["cutAtEdge"] for name, p in printed(survey).items() if p["cutAtEdge"]}
    assert cut == {}
    # the code is still there, wrapped: a chapter prints its code cells
    assert all(p["code"] for name, p in printed(survey).items() if name.startswith("chapters/"))


def test_no_empty_frames(survey):
    assert {name: p["emptyFrames"] for name, p in printed(survey).items() if p["emptyFrames"]} == {}


def test_solutions_print_open_under_their_title(survey):
    for name, p in printed(survey).items():
        if name.startswith("chapters/"):
            solutions = [s for s in p["solutions"] if (s["title"] or "").startswith("Solution")]
            assert solutions and all(s["bodyShown"] for s in solutions), name
