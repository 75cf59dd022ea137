"""Chapter 9's explorers: the attention weights of a character transformer, and permutation-equivariance."""
import json

import numpy as np
import pytest

from nnlib.text import Vocabulary
from nnlib.transformer import CharTransformer
from nnlib.widgets import AttentionExplorer, IntSlider, PermutationExplorer, permutation_scene
from nnlib.widgets.attention import SENTENCES, arrow_color, attention_scores, attention_weights
from nnlib.widgets.permutation import WORDS, swapped_outputs
from nnlib.widgets.scene import Line, Polygon
from nnlib.widgets.svg import legible


@pytest.fixture(scope="module")
def model_and_vocab():
    vocab = Vocabulary("".join(SENTENCES) + "xyz")
    return CharTransformer(len(vocab), embed_dim=16, num_heads=4, num_layers=2, context=32, rng=0), vocab


@pytest.fixture
def explorer(model_and_vocab):
    return AttentionExplorer(*model_and_vocab)


def test_scores_give_the_layers_own_weights(model_and_vocab):
    model, vocab = model_and_vocab
    scores = attention_scores(model, vocab, SENTENCES[1], layer=1)
    model.forward(vocab.encode(SENTENCES[1])[None, :])
    np.testing.assert_allclose(attention_weights(scores, causal=True), model.blocks[1].attn.weights[0], rtol=1e-12)


def test_weights_are_probabilities_masked_and_sharpened_by_a_low_temperature(explorer):
    scores = explorer.scores[SENTENCES[0]][2]
    T = scores.shape[0]
    for causal in (True, False):
        w = attention_weights(scores, causal, 1.0)
        np.testing.assert_allclose(w.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(attention_weights(scores, True, 1.0)[np.triu_indices(T, k=1)] == 0.0)
    assert np.all(attention_weights(scores, False, 1.0) > 0.0)
    peaks = [attention_weights(scores, False, t).max(axis=1) for t in (0.25, 1.0, 4.0)]
    assert np.all(peaks[0] >= peaks[1]) and np.all(peaks[1] >= peaks[2])


def test_integer_controls_hand_over_whole_numbers(explorer):
    """Query, head and the two words are IntSliders: a move lands on the integer itself, never on 2.9999999."""
    controls = {c.name: c for c in explorer.controls}
    assert isinstance(controls["query"], IntSlider) and isinstance(controls["head"], IntSlider)
    assert controls["query"].live_grid() == list(range(len(SENTENCES[0])))
    assert controls["head"].live_grid() == [1, 2, 3, 4]
    index = dict(explorer.live_index(), query=3, head=2)  # positions on the sliders: query 3, head 3
    moved = explorer.move("head", index)
    assert (explorer.values["query"], explorer.values["head"]) == (3, 3)
    assert type(explorer.values["query"]) is int and type(explorer.values["head"]) is int
    exact = explorer.update(SENTENCES[0], 3, 3, "causal", 1.0)
    assert moved.html_text == exact.html_text
    assert moved.panels[0].title == exact.panels[0].title == "head 3, mask: causal, temperature 1"
    assert [i.to_json() for i in moved.panels[0].items] == [i.to_json() for i in exact.panels[0].items]
    perm = PermutationExplorer()
    assert all(isinstance(c, IntSlider) for c in perm.controls[:2])
    scene = perm.move("j", dict(perm.live_index(), i=1, j=4))
    assert (perm.values["i"], perm.values["j"]) == (1, 4) and type(perm.values["j"]) is int
    assert scene.html_text == permutation_scene(1, 4, "none", "none").html_text and "words 1 and 4" in scene.html_text


def test_arrows_go_from_the_query_to_its_largest_weights(explorer):
    sentence, query, head = SENTENCES[2], 15, 3
    scene = explorer.update(sentence, query, head, "none", 0.5)
    row = attention_weights(explorer.scores[sentence][head - 1], False, 0.5)[query]
    heads = [i for i in scene.panels[0].items if isinstance(i, Polygon)]
    tips = sorted(int(np.floor(np.asarray(p.xy)[0, 0])) for p in heads)
    expected = sorted(j for j in np.argsort(-row)[:6] if row[j] >= 0.05)
    assert tips == expected and 1 <= len(heads) <= 6
    shafts = [i for i in scene.panels[0].items if isinstance(i, Line) and len(i.xy) == 2]
    assert all(np.asarray(s.xy)[0, 0] == query + 0.5 for s in shafts)  # every arrow leaves the query
    best = int(np.argmax(row))
    assert f"at {best} ({row[best]:.2f})" in scene.html_text


def test_attention_static_face_and_bad_sentences(explorer, model_and_vocab):
    data = explorer.static_data()
    sizes = [len(c["values"]) for c in data["controls"]]
    assert sizes == [1, len(SENTENCES[0]), 4, 2, 3] and len(data["frames"]) == int(np.prod(sizes))
    # the website offers one sentence: a control with one value, which static_face.js lists as fixed text
    sentence = data["controls"][0]
    assert sentence["name"] == "sentence" and sentence["labels"] == [SENTENCES[0]] and not sentence.get("live_only")
    assert "Shown: sentence = And God remembered Noah,, query position = 12, head = 1" in explorer.static_html()
    with pytest.raises(ValueError, match="the sentences must have one length"):
        AttentionExplorer(*model_and_vocab, sentences=("abc", "abcd"))


def test_without_positions_or_mask_a_swap_only_moves_the_outputs():
    for i in range(len(WORDS)):
        for j in range(len(WORDS)):
            out, back = swapped_outputs(i, j, "none", "none")
            assert np.abs(out - back).max() < 1e-12
    for positions, mask in (("sinusoidal", "none"), ("none", "causal"), ("sinusoidal", "causal")):
        out, back = swapped_outputs(1, 4, positions, mask)
        assert np.abs(out - back).max() > 1e-3
        out, back = swapped_outputs(2, 2, positions, mask)
        assert np.abs(out - back).max() == 0.0


def test_permutation_scene_says_what_it_shows():
    assert "the same numbers" in permutation_scene(1, 4, "none", "none").html_text
    changed = permutation_scene(1, 4, "sinusoidal", "none")
    assert "changes the outputs: by up to" in changed.html_text and "Position vectors" in changed.html_text
    assert "changes nothing" in permutation_scene(3, 3, "none", "causal").html_text
    data = PermutationExplorer().static_data()
    assert len(data["frames"]) == len(WORDS) ** 2 * 4


def test_live_faces_redraw(explorer):
    widget = PermutationExplorer().live()
    assert [c["name"] for c in widget.spec["controls"]] == ["i", "j", "positions", "mask"]
    assert "the same numbers" in widget.scene["html"] and len(widget.scene["panels"]) == 3
    positions = next(c for c in widget.spec["controls"] if c["name"] == "positions")
    index = dict(widget.scene["index"], positions=positions["labels"].index("sinusoidal"))
    sent = widget.handle_move({"type": "move", "seq": 3, "index": index, "changed": "positions"})
    assert sent["seq"] == 3 and "changes the outputs" in sent["html"]
    assert sent["index"]["positions"] == index["positions"]
    assert json.loads(json.dumps(sent)) == sent  # plain JSON, no numpy numbers
    widget = explorer.live()
    index = dict(widget.scene["index"], mask=1)  # causal, none
    sent = widget.handle_move({"type": "move", "seq": 1, "index": index, "changed": "mask"})
    assert sent["panels"][0]["meta"]["title"] == "head 1, mask: none, temperature 1" and "even later ones" in sent["html"]


def test_arrows_look_the_same_on_a_light_and_a_dark_page():
    """Every arrow colour stands out 3:1 from white and from the dark themes' backgrounds (pydata-sphinx-theme,
    JupyterLab), so the renderer draws the shaft (a line) as given, the same colour as the head (a fill)."""
    colours = [arrow_color(w / 10) for w in range(11)]
    assert len(set(colours)) == 11
    for background in ("#ffffff", "#14181e", "#111111"):
        assert [legible(c, background, 3) for c in colours] == colours
