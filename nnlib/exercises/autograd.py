"""Checkers for the automatic-differentiation chapter."""
import numpy as np

from .verdict import NOT_WRITTEN, Failure, report

MAX_ROUTES = ("each element's gradient must go, all of it, to the input that was larger there, and nothing to the"
              " other (max routes); grad_fn returns one array per input, each shaped like g.")
FAN_OUT_ADDS = ("one tensor feeds two operations, and each sends it a share of the gradient: the dictionary must"
                " add the second share to the first, not replace it.")


def check_maximum_op(maximum):
    """Check ``maximum(a, b) -> Tensor``, the elementwise max written as a new operation of
    ``nnlib.autograd``: its value, and its backward by the engine's gradient check on random inputs."""
    from ..autograd import Tensor, gradcheck

    rng = np.random.default_rng(0)
    a, b, row = rng.standard_normal((3, 4)), rng.standard_normal((3, 4)), rng.standard_normal(4)

    def value():
        if not np.array_equal(maximum(Tensor(a), Tensor(b)).data, np.maximum(a, b)):
            return Failure("maximum(a, b).data differs from np.maximum(a.data, b.data).")

    def gradient(second):
        def check():
            error = gradcheck(maximum, a, second)
            if not error < 1e-6:
                return Failure(f"the engine's gradient check gives a relative error of {error:.1g}"
                               " (a right backward gives about 1e-10).", MAX_ROUTES)
        return check

    def relu():
        t, r = Tensor(a), Tensor(a)
        maximum(t, Tensor(0.0)).sum().backward()
        r.relu().sum().backward()
        if t.grad is None or not np.array_equal(t.grad, r.grad):
            every = t.grad is not None and np.allclose(t.grad, 1.0)
            return Failure("its gradient with respect to x should be 1 where x > 0 and 0 where x < 0.",
                           "every element received the gradient, even where the 0 was larger: that is the rule"
                           " of +, not of max." if every else MAX_ROUTES)

    checks = [("the value", value), ("the gradient for two (3, 4) inputs", gradient(b)),
              ("the gradient for a (3, 4) and a broadcast (4,) input", gradient(row)),
              ("maximum(x, 0) as a ReLU", relu)]
    failures = []
    for about, check in checks:
        try:
            failure = check()
        except NotImplementedError:
            failure = Failure(f"maximum's backward (grad_fn) {NOT_WRITTEN} (it raises NotImplementedError).")
        except Exception as exc:  # the reader's code: report any error in words
            failure = Failure(f"raised {type(exc).__name__}: {exc}")
        if failure:
            failures.append(failure if NOT_WRITTEN in failure.symptom else
                            failure._replace(symptom=f"{about}: {failure.symptom}"))
    report(failures, len(checks))


def _walk_cases():
    """(description, build) pairs: build() returns (loss, {name: input tensor}) on fresh tensors."""
    from ..autograd import Tensor

    rng = np.random.default_rng(1)
    x, y, z, w = rng.standard_normal(4)
    X, W1, b1, W2 = (rng.standard_normal(s) for s in ((5, 3), (3, 4), (4,), (4, 2)))

    def leaves(**arrays):
        return {k: Tensor(v) for k, v in arrays.items()}

    def chain():
        t = leaves(x=x)
        return (t["x"].exp() * 2.0).tanh(), t

    def worked():
        t = leaves(x=x, y=y, z=z, w=w)
        return (t["x"] * t["y"] + t["z"]) * t["w"].sigmoid(), t

    def square():
        t = leaves(x=x)
        return t["x"] * t["x"], t

    def network():
        t = leaves(X=X, W1=W1, b1=b1, W2=W2)
        return ((t["X"] @ t["W1"] + t["b1"]).relu() @ t["W2"]).mean(), t

    def shared():
        t = leaves(x=x, y=y)
        h = t["x"].tanh()
        return h * t["y"] + h, t

    return [("a chain, tanh(2 exp(x))", chain, False), ("(x*y + z) * sigmoid(w)", worked, False),
            ("x * x", square, True), ("a two-layer network's mean output", network, False),
            ("h * y + h with h = tanh(x)", shared, True)]


def check_gradient_walk(gradients):
    """Check ``gradients(loss) -> {tensor: d loss / d tensor}``, a reverse walk over an
    ``nnlib.autograd`` graph, on five graphs against ``Tensor.backward``."""
    cases = _walk_cases()
    failures = []
    for about, build, fans_out in cases:
        reference, inputs = build()
        reference.backward()
        want = {name: t.grad for name, t in inputs.items()}
        loss, inputs = build()
        try:
            got = gradients(loss)
            missing = [name for name, t in inputs.items() if t not in got]
        except Exception as exc:  # the reader's code: report any error in words
            failures.append(Failure(f"{about}: gradients(loss) raised {type(exc).__name__}: {exc}"))
            continue
        if missing:
            failures.append(Failure(f"{about}: no gradient for {', '.join(missing)} in the dictionary returned."))
            continue
        shapes = [name for name, t in inputs.items() if np.shape(got[t]) != want[name].shape]
        if shapes:
            name = shapes[0]
            failures.append(Failure(f"{about}: the gradient of {name} has shape {np.shape(got[inputs[name]])}, but"
                                    f" {name} has shape {want[name].shape}.",
                                    "an input that was broadcast needs its gradient summed back over the broadcast"
                                    " axes (unbroadcast)."))
            continue
        wrong = [name for name, t in inputs.items() if not np.allclose(got[t], want[name], rtol=1e-10, atol=1e-12)]
        if wrong:
            failures.append(Failure(f"{about}: wrong gradient for {', '.join(wrong)} (expected"
                                    f" {np.round(np.ravel(want[wrong[0]])[:3], 6).tolist()}, got"
                                    f" {np.round(np.ravel(got[inputs[wrong[0]]])[:3], 6).tolist()} for {wrong[0]}).",
                                    FAN_OUT_ADDS if fans_out else "compare with Tensor.backward on this graph."))
    report(failures, len(cases))
