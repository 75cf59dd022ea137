"""Chapter 9's explorers: the attention weights of a character transformer, and permutation-equivariance."""
import numpy as np
import pytest

from nnlib.text import Vocabulary
from nnlib.transformer import CharTransformer
from nnlib.widgets import AttentionExplorer, PermutationExplorer, attention_scene, permutation_scene
from nnlib.widgets.attention import SENTENCES, attention_scores, attention_weights
from nnlib.widgets.permutation import WORDS, swapped_outputs
from nnlib.widgets.scene import Line, Polygon


@pytest.fixture(scope="module")
def model_and_vocab():
    vocab = Vocabulary("".join(SENTENCES) + "xyz")
    return CharTransformer(len(vocab), embed_dim=16, num_heads=4, num_layers=2, context=32, rng=0), vocab


@pytest.fixture(scope="module")
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


def test_integer_controls_are_rounded_not_truncated(explorer):
    nudged = explorer.update(SENTENCES[0], 2.9999999, 2.9999999, "causal", 1.0)
    exact = explorer.update(SENTENCES[0], 3, 3, "causal", 1.0)
    assert nudged.html_text == exact.html_text and nudged.panels[0].title == exact.panels[0].title
    assert [i.to_json() for i in nudged.panels[0].items] == [i.to_json() for i in exact.panels[0].items]
    perm = permutation_scene(0.9999999, 4.0000001, "none", "none")
    assert perm.html_text == permutation_scene(1, 4, "none", "none").html_text and "words 1 and 4" in perm.html_text


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
    assert "sentence = And God remembered Noah, (run the notebook to change)" in explorer.static_html()
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


def test_live_faces_redraw():
    explorer = PermutationExplorer()
    controls, image, note = explorer.live().children
    assert "the same numbers" in note.value and image.value[:4] == b"\x89PNG"
    positions = next(c for c in controls.children if c.description == "positions")
    positions.value = "sinusoidal"
    assert "changes the outputs" in note.value
