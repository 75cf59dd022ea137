"""nnlib.autograd: every operation against centred differences, the graph walk, bad input,
and chapter 4's network and stairs example recomputed on the engine."""
import sys

import numpy as np
import pytest

import nnlib
from nnlib import CrossEntropyLoss, Dense, PrependOnes, Sequential, Sigmoid, numerical_gradient, relative_error
from nnlib.autograd import Dual, Tensor, gradcheck, jacobian, unbroadcast

RNG = np.random.default_rng(2024)


def engine_vs_numeric(f, *arrays):
    """Largest relative error of the engine's gradient of sum(f(...) * G) against centred differences."""
    arrays = [np.array(a, dtype=np.float64) for a in arrays]
    leaves = [Tensor(a) for a in arrays]
    out = f(*leaves)
    G = RNG.standard_normal(out.shape)
    (out * G).sum().backward()
    worst = 0.0
    for i, leaf in enumerate(leaves):
        def scalar(x, i=i):
            return np.sum(f(*[Tensor(x if j == i else a) for j, a in enumerate(arrays)]).data * G)
        numeric = numerical_gradient(scalar, arrays[i].copy())
        assert leaf.grad.shape == arrays[i].shape
        worst = max(worst, relative_error(leaf.grad, numeric))
    return worst


def away_from_zero(shape):
    """Random values with |v| in [0.5, 2]: safe to divide by, and far from ReLU's kink."""
    return RNG.uniform(0.5, 2.0, shape) * RNG.choice([-1.0, 1.0], shape)


SHAPE_PAIRS = [((3, 4), (3, 4)), ((3, 4), (4,)), ((4,), (3, 4)), ((2, 1, 4), (3, 1)), ((), (3, 2)), ((5,), ()),
               ((2, 3, 1), (1, 3, 4))]
BINARY = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "** (tensor exponent)": lambda a, b: abs_(a) ** b,
}


def abs_(t):  # a positive base for **, built from engine operations
    return (t * t) ** 0.5


@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("shapes", SHAPE_PAIRS, ids=str)
def test_binary_operations_with_broadcasting(name, shapes):
    a, b = away_from_zero(shapes[0]), away_from_zero(shapes[1])
    assert engine_vs_numeric(BINARY[name], a, b) < 1e-7


@pytest.mark.parametrize("f", [lambda a: a + 2.5, lambda a: 2.5 + a, lambda a: a - 1.5, lambda a: 1.5 - a,
                               lambda a: a * 3.0, lambda a: 3.0 * a, lambda a: a / 4.0, lambda a: 4.0 / a,
                               lambda a: a ** 3, lambda a: abs_(a) ** 0.5, lambda a: 2.0 ** a, lambda a: -a,
                               lambda a: np.arange(1.0, 5.0) * a, lambda a: a - np.arange(4.0)],
                         ids=["t+n", "n+t", "t-n", "n-t", "t*n", "n*t", "t/n", "n/t", "t**3", "t**0.5", "n**t", "neg",
                              "array*t", "t-array"])
def test_numbers_and_arrays_on_either_side(f):
    a = away_from_zero((3, 4))
    assert isinstance(f(Tensor(a)), Tensor)
    np.testing.assert_allclose(f(Tensor(a)).data, f(a), rtol=1e-15)  # the same value numpy computes
    assert engine_vs_numeric(f, a) < 1e-7


@pytest.mark.parametrize("shapes", [((3, 4), (4, 2)), ((4,), (4, 2)), ((3, 4), (4,)), ((4,), (4,)),
                                    ((2, 3, 4), (4, 5)), ((2, 3, 4), (2, 4, 5)), ((3, 4), (2, 4, 5)),
                                    ((4,), (2, 4, 3))], ids=str)
def test_matrix_product(shapes):
    a, b = RNG.standard_normal(shapes[0]), RNG.standard_normal(shapes[1])
    np.testing.assert_array_equal((Tensor(a) @ Tensor(b)).data, a @ b)
    assert engine_vs_numeric(lambda x, y: x @ y, a, b) < 1e-7
    assert engine_vs_numeric(lambda y: a @ y, b) < 1e-7  # an ndarray on the left


UNARY = {
    "exp": lambda t: t.exp(),
    "log": lambda t: abs_(t).log(),
    "tanh": lambda t: t.tanh(),
    "sigmoid": lambda t: t.sigmoid(),
    "relu": lambda t: t.relu(),
    "T": lambda t: t.T,
    "reshape": lambda t: t.reshape(-1),
    "reshape to a tuple": lambda t: t.reshape((t.size, 1)),
}


@pytest.mark.parametrize("name", list(UNARY))
@pytest.mark.parametrize("shape", [(), (5,), (3, 4), (2, 3, 4)], ids=str)
def test_elementwise_and_shape_operations(name, shape):
    assert engine_vs_numeric(UNARY[name], away_from_zero(shape)) < 1e-7


@pytest.mark.parametrize("reduce", ["sum", "mean", "max"])
@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)], ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions(reduce, axis, keepdims):
    a = RNG.standard_normal((3, 4, 5))  # continuous random values: no ties for max
    f = lambda t: getattr(t, reduce)(axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(f(Tensor(a)).data, getattr(a, reduce)(axis=axis, keepdims=keepdims), rtol=1e-15)
    assert engine_vs_numeric(f, a) < 1e-7


def test_max_routes_the_gradient_and_ties_share_it():
    a = Tensor([[1.0, 5.0, 2.0], [7.0, 7.0, 0.0]])
    a.max(axis=1).sum().backward()
    np.testing.assert_array_equal(a.grad, [[0, 1, 0], [0.5, 0.5, 0]])
    # a tie is a kink; the centred difference measures the same even split
    numeric = numerical_gradient(lambda x: x.max(axis=1).sum(), a.data.copy())
    np.testing.assert_allclose(numeric, a.grad, atol=1e-9)


def test_the_expression_of_the_issue():
    a, b = RNG.standard_normal((3, 3)), RNG.standard_normal((3, 3))
    assert engine_vs_numeric(lambda a, b: (a @ b + a * 2.0 - b / 3.0) ** 2, a, b) < 1e-7


def test_the_worked_example_by_hand():
    """f = (x*y + z) * sigmoid(w) at x=3, y=-2, z=2, w=0: the chapter's numbers, derived by hand."""
    x, y, z, w = (Tensor(v) for v in (3.0, -2.0, 2.0, 0.0))
    q = x * y + z
    s = w.sigmoid()
    f = q * s
    f.backward()
    assert f.item() == -2.0
    assert (x.grad, y.grad, z.grad, w.grad) == (-1.0, 1.5, 0.5, -1.0)  # s*y, s*x, s, q*s*(1-s)
    assert (q.grad, s.grad) == (0.5, -4.0)


def test_fan_out_adds_and_backward_accumulates():
    x = Tensor(3.0)
    (x * x + x).backward()  # d/dx (x^2 + x) = 2x + 1: three uses, three contributions
    assert x.grad == 7.0
    (x * x + x).backward()
    assert x.grad == 14.0  # added to the last gradient: why zero_grad exists
    x.zero_grad()
    assert x.grad is None
    (x * x + x).backward()
    assert x.grad == 7.0


def test_a_shared_subexpression_is_visited_once():
    x = Tensor(2.0)
    y = x.exp()
    f = y * y * y  # y has two users, the first product has one; d/dx e^{3x} = 3 e^{3x}
    f.backward()
    assert f.nodes().count(y) == 1
    assert x.grad == pytest.approx(3 * np.exp(6.0), rel=1e-14)


def test_a_10000_node_chain_needs_no_recursion():
    assert sys.getrecursionlimit() < 10_000
    x = Tensor(0.5)
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    assert len(y.nodes()) == 20_001  # x, 10,000 constants, 10,000 products
    assert x.grad == pytest.approx(1.0001 ** 10_000, rel=1e-10)


def test_topological_order_puts_inputs_first():
    x, y = Tensor(1.0), Tensor(2.0)
    a = x * y
    b = a + x
    c = (b * a).tanh()
    order = c.nodes()
    position = {id(t): i for i, t in enumerate(order)}
    for node in order:
        for parent in node.parents:
            assert position[id(parent)] < position[id(node)]
    assert order[-1] is c


def test_unbroadcast_sums_the_broadcast_axes():
    g = np.arange(24.0).reshape(2, 3, 4)
    np.testing.assert_array_equal(unbroadcast(g, (4,)), g.sum(axis=(0, 1)))
    np.testing.assert_array_equal(unbroadcast(g, (3, 1)), g.sum(axis=(0, 2))[:, None])
    np.testing.assert_array_equal(unbroadcast(g, ()), g.sum())
    assert unbroadcast(g, g.shape) is not None and unbroadcast(g, g.shape).shape == g.shape


def test_leaves_copy_their_data_and_results_are_float64():
    a = np.array([1, 2, 3])
    t = Tensor(a)
    a[0] = 100
    assert t.data.dtype == np.float64 and t.data[0] == 1.0 and t.grad is None
    assert (t * 2).data.dtype == np.float64


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"Tensor @: shapes \(3, 4\) @ \(5, 2\) do not fit"):
        Tensor(np.ones((3, 4))) @ Tensor(np.ones((5, 2)))
    with pytest.raises(ValueError, match=r"Tensor @: needs arrays, got shapes \(\) @ \(3,\)"):
        Tensor(2.0) @ Tensor(np.ones(3))
    with pytest.raises(ValueError, match=r"Tensor.backward: needs a single-element tensor .*got shape \(3, 2\)"):
        (Tensor(np.ones((3, 2))) * 2).backward()
    with pytest.raises(ValueError, match=r"Tensor \+: shapes \(3,\) and \(4,\) do not broadcast"):
        Tensor(np.ones(3)) + np.ones(4)
    with pytest.raises(ValueError, match=r"Tensor \*: shapes \(2, 3\) and \(2,\) do not broadcast"):
        Tensor(np.ones((2, 3))) * Tensor(np.ones(2))
    with pytest.raises(ValueError, match=r"Tensor.reshape: cannot reshape \(2, 3\) \(6 elements\) into \(4,\)"):
        Tensor(np.ones((2, 3))).reshape(4)
    with pytest.raises(ValueError, match=r"Tensor.sum: axis 2 is out of range for a tensor of shape \(2, 3\)"):
        Tensor(np.ones((2, 3))).sum(axis=2)
    with pytest.raises(TypeError, match="Tensor: data must be numeric, got str"):
        Tensor("abc")
    with pytest.raises(TypeError, match="already a Tensor"):
        Tensor(Tensor(1.0))


def test_a_new_operation_returning_a_wrong_shape_is_named():
    a = Tensor(np.ones((2, 3)))
    bad = Tensor(a.data.sum(), (a,), "mysum", lambda g: (np.ones(3),))
    with pytest.raises(ValueError, match=r"operation 'mysum' returned a gradient of shape \(3,\) for an input"
                                         r" of shape \(2, 3\)"):
        bad.backward()


def test_negative_base_with_a_tensor_exponent_warns():
    base, exponent = Tensor([-2.0, 3.0]), Tensor([2.0, 2.0])
    with pytest.warns(RuntimeWarning, match="undefined for a negative base"):
        (base ** exponent).sum().backward()
    assert np.isnan(exponent.grad[0]) and exponent.grad[1] == pytest.approx(9 * np.log(3.0))
    zero = Tensor([0.0])
    e = Tensor([2.0])
    (zero ** e).sum().backward()
    assert e.grad[0] == 0.0  # 0^b stays 0 near b = 2


def test_gradcheck_finds_a_wrong_backward():
    a = RNG.standard_normal((3, 4))
    assert gradcheck(lambda t: t.tanh() * t, a) < 1e-8
    wrong = lambda t: Tensor(np.tanh(t.data), (t,), "tanh", lambda g: (g * np.tanh(t.data),))  # not 1 - tanh^2
    assert gradcheck(wrong, a) > 0.1


def test_forward_mode_agrees_with_reverse_mode():
    x = RNG.standard_normal(6)
    A = RNG.standard_normal((4, 6))

    def f(v):
        h = (A @ v).tanh()
        return (h * h + (v * 0.5).sigmoid().sum() / (1.0 + h.exp())).log()

    J_forward, J_reverse = jacobian(f, x, mode="forward"), jacobian(f, x, mode="reverse")
    assert J_forward.shape == (4, 6)
    np.testing.assert_allclose(J_forward, J_reverse, rtol=1e-12, atol=1e-14)
    numeric = np.stack([numerical_gradient(lambda v, i=i: f(Tensor(v)).data[i], x.copy()) for i in range(4)])
    np.testing.assert_allclose(J_reverse, numeric, rtol=1e-6, atol=1e-8)
    d = Dual(2.0, 1.0)
    assert (d * d).tangent == 4.0 and (1.0 / d).tangent == -0.25 and (d ** 3).tangent == 12.0
    with pytest.raises(ValueError, match="mode must be 'forward' or 'reverse'"):
        jacobian(f, x, mode="sideways")


# ----- chapter 4 on the engine -----------------------------------------------------------------
def cross_entropy(logits, Y):
    """Mean cross-entropy of softmax(logits) against one-hot rows Y, written as tensor operations."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - shifted.exp().sum(axis=1, keepdims=True).log()
    return -(log_probs * Y).sum(axis=1).mean()


def test_a_two_layer_network_as_tensor_expressions_matches_dense_and_sequential():
    rng = np.random.default_rng(7)
    X, labels = rng.standard_normal((16, 5)), rng.integers(0, 3, 16)
    Y = np.eye(3)[labels]
    model = Sequential(Dense(5, 8, rng=rng), Sigmoid(), Dense(8, 3, rng=rng))
    loss = CrossEntropyLoss()
    value = loss(model(X), labels)
    dX = model.backward(loss.backward())

    x = Tensor(X)
    W1, b1, W2, b2 = (Tensor(p.data) for p in model.parameters())
    L = cross_entropy((x @ W1 + b1).sigmoid() @ W2 + b2, Y)
    L.backward()
    assert abs(L.item() - value) < 1e-12
    for t, p in zip((W1, b1, W2, b2), model.parameters()):
        assert np.max(np.abs(t.grad - p.grad)) < 1e-12
    assert np.max(np.abs(x.grad - dX)) < 1e-12


def test_the_stairs_gradients_equal_chapter_4s_to_five_decimals():
    stairs = nnlib.data.load_stairs()
    X1, Y, W1, W2 = stairs["X1"], stairs["Y"], stairs["W1"], stairs["W2"]
    hidden, output = Dense(5, 2, bias=False), Dense(3, 2, bias=False)
    hidden.W.data[...], output.W.data[...] = W1, W2
    layers, loss = Sequential(hidden, Sigmoid(), PrependOnes(), output), CrossEntropyLoss()
    loss(layers(X1), Y)
    layers.backward(loss.backward())

    w1 = Tensor(W1)
    A1 = (Tensor(X1) @ w1).sigmoid()
    # the bias row of W2 acts on the constant input 1: Z2 = [1 | A1] @ W2 = A1 @ W2[1:] + W2[0]
    bias2, weights2 = Tensor(W2[0]), Tensor(W2[1:])
    Z2 = A1 @ weights2 + bias2
    cross_entropy(Z2, Y).backward()
    grad_W2 = np.vstack([bias2.grad, weights2.grad])
    for engine, chapter4 in ((w1.grad, hidden.W.grad), (grad_W2, output.W.grad)):
        np.testing.assert_array_equal(np.round(engine, 5), np.round(chapter4, 5))
        assert np.max(np.abs(engine - chapter4)) < 1e-12
