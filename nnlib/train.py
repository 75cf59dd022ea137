"""Training: mini-batches, accuracy, and the loop every chapter uses.

One epoch visits every training example once, in a fresh random order, in
mini-batches. For each batch: clear the gradients, forward, loss, backward,
step. That is the whole of ``fit``; everything else is bookkeeping. (The
backward pass is ``model.backward_params``: the parameter gradients of
``backward`` without the gradient for the input data, which nothing uses.)
"""
import math
import warnings

import numpy as np

from ._checks import as_rng, check_int, check_number, describe, shape_str, warn_if_not_finite
from .losses import BCELoss, CrossEntropyLoss
from .optim import clip_grad_norm


def minibatches(n, batch_size, rng=None, shuffle=True):
    """Index arrays that split ``range(n)`` into batches of ``batch_size`` (the last may be smaller)."""
    check_int("minibatches", "n", n, minimum=0)
    check_int("minibatches", "batch_size", batch_size)
    order = as_rng(rng, "minibatches").permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        yield order[start:start + batch_size]


def predict_classes(scores):
    """Class indices from scores: the argmax of each row, or ``p >= 0.5`` for one probability per row."""
    scores = np.asarray(scores)
    if scores.ndim == 2 and scores.shape[1] > 1:
        return scores.argmax(axis=1)
    return (scores.reshape(len(scores)) >= 0.5).astype(np.int64)


def count_correct(scores, y):
    """How many rows' predicted class equals the target (indices, or one-hot rows)."""
    y = np.asarray(y)
    labels = y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.reshape(len(y))
    predicted = predict_classes(scores)
    if predicted.shape != labels.shape:
        raise ValueError(f"accuracy: {len(predicted)} predictions but {len(labels)} targets")
    return int(np.count_nonzero(predicted == labels))


def accuracy(scores, y):
    """Fraction of rows whose predicted class equals the target (indices, or one-hot rows)."""
    scores = np.asarray(scores)
    if len(scores) == 0:
        raise ValueError(f"accuracy: no predictions (scores of shape {shape_str(scores.shape)}); the fraction"
                         " correct of nothing is undefined")
    if scores.dtype.kind == "f":
        warn_if_not_finite("accuracy", "scores", scores)
    return count_correct(scores, y) / len(scores)


def _count_correct_binary(probabilities, targets):
    """Elements where the thresholded probability equals the 0/1 target (BCELoss, any shape)."""
    return int(np.count_nonzero((probabilities >= 0.5) == (targets >= 0.5)))


def fit(model, loss, optimizer, X, y, epochs, batch_size=32, rng=None, validation=None, progress=True,
        scheduler=None, patience=None, augment=None, max_norm=None):
    """Train ``model`` with mini-batch gradient descent; return the history.

    ``validation=(X_val, y_val)`` is evaluated after every epoch. The history is a
    dict of per-epoch lists: ``loss`` and ``accuracy`` (averaged over the epoch's
    batches, as the model changed during it), ``val_loss``, ``val_accuracy``, and
    the learning rate ``lr``. Accuracy belongs to classification: it is recorded
    for ``CrossEntropyLoss`` (the argmax of each row against class indices or
    one-hot rows) and ``BCELoss`` (each probability thresholded at 0.5); with any
    other loss (``MSELoss`` for a regression, an autoencoder, ...) the accuracy
    lists stay empty and only losses are recorded.
    With ``progress`` a bar of epochs is printed as training goes. The model is
    left in evaluation mode.

    Options of chapter 6: ``scheduler`` (``nnlib.schedules``) is stepped after
    every epoch, and the rate used is recorded in ``history["lr"]``.
    ``patience=k`` stops early once the validation loss has not improved for k
    epochs, and puts back the weights of the best epoch (``history["best_epoch"]``).
    A validation loss of NaN or infinity means training diverged: with ``patience``
    that also stops training, with a warning, keeping the history so far.
    ``augment(X_batch, rng)`` transforms each training batch before the forward
    pass (input noise, shifted images), with the training ``rng``.

    Options of chapter 8: a model that outputs one prediction per time step,
    (N, T, C) against targets (N, T) or one-hot (N, T, C), is scored at every step
    (the steps are folded into the batch); ``max_norm`` clips the gradient norm before each step.
    Integer inputs (token indices) are passed on as integers.

    Stopped by an exception (Ctrl-C, or an error in a layer), ``fit`` ends as it
    always does, then lets the exception go on: the model is put in evaluation
    mode, the best weights so far are put back when ``patience`` is set, and the
    history of the finished epochs is attached to the exception as ``.history``
    (in Jupyter, after Ctrl-C: ``import sys; sys.last_value.history``).
    """
    _check_fit_arguments(model, loss, optimizer, epochs, batch_size, validation, patience, augment, scheduler, max_norm)
    X, y = np.asarray(X), np.asarray(y)
    if not np.issubdtype(X.dtype, np.integer):
        X = X.astype(np.float64, copy=False)
    if len(X) != len(y):
        raise ValueError(f"fit: X has {len(X)} rows but y has {len(y)} (shapes {shape_str(X.shape)}, {shape_str(y.shape)})")
    if len(X) == 0:
        raise ValueError(f"fit: no training data (X has shape {shape_str(X.shape)})")
    classes = isinstance(loss, CrossEntropyLoss)
    scored = classes or isinstance(loss, BCELoss)
    gen = as_rng(rng, "fit")
    history = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": [], "lr": []}
    best_loss, best_weights = np.inf, None
    learn = getattr(model, "backward_params", model.backward)
    epoch = 0
    try:
        for epoch in range(1, epochs + 1):
            model.train()
            history["lr"].append(optimizer.lr)
            total_loss = total_correct = 0.0
            for idx in minibatches(len(X), batch_size, gen):
                optimizer.zero_grad()
                batch = X[idx] if augment is None else augment(X[idx], gen)
                out = model(batch)
                scores, targets = _per_step(out, y[idx]) if classes else (out, y[idx])
                total_loss += loss(scores, targets) * len(idx)
                if classes:
                    total_correct += count_correct(scores, targets) * len(idx) / len(targets)
                elif scored:
                    total_correct += _count_correct_binary(scores, targets) * len(idx) / targets.size
                learn(loss.backward().reshape(out.shape))
                if max_norm is not None:
                    clip_grad_norm(model.parameters(), max_norm)
                optimizer.step()
            history["loss"].append(total_loss / len(X))
            if scored:
                history["accuracy"].append(total_correct / len(X))
            if validation is not None:
                model.eval()
                out, y_val = model(validation[0]), np.asarray(validation[1])
                scores, targets = _per_step(out, y_val) if classes else (out, y_val)
                history["val_loss"].append(loss(scores, targets))
                if classes:
                    history["val_accuracy"].append(accuracy(scores, targets))
                elif scored:
                    history["val_accuracy"].append(_count_correct_binary(scores, targets) / targets.size)
            if scheduler is not None:
                scheduler.step()
            if progress:
                _print_progress(epoch, epochs, history)
            if patience is not None:
                val_loss = history["val_loss"][-1]
                if not math.isfinite(val_loss):
                    kept = (f"the weights of epoch {history['best_epoch']} are put back" if best_weights is not None
                            else "no epoch had a finite validation loss, so the weights are left as they are")
                    warnings.warn(f"fit: the validation loss is {val_loss} after epoch {epoch}: training diverged;"
                                  f" stopping with the history so far ({kept})", RuntimeWarning, stacklevel=2)
                    break
                if val_loss < best_loss:
                    best_loss, history["best_epoch"] = val_loss, epoch
                    best_weights = [p.data.copy() for p in model.parameters()]
                elif epoch - history["best_epoch"] >= patience:
                    if progress:
                        print(f"stopped after epoch {epoch}: no better validation loss for {patience} epochs;"
                              f" weights of epoch {history['best_epoch']} restored", flush=True)
                    break
    except BaseException as exc:
        _attach_history(exc, history, epoch)
        raise
    finally:
        if best_weights is not None:
            for p, best in zip(model.parameters(), best_weights):
                p.data[...] = best
        model.eval()
    return history


def _check_fit_arguments(model, loss, optimizer, epochs, batch_size, validation, patience, augment, scheduler, max_norm):
    """Every argument of ``fit`` that is not data, checked before the first epoch."""
    for name, obj, needs in (("model", model, ("forward", "backward", "parameters", "train", "eval")),
                             ("loss", loss, ("backward",)), ("optimizer", optimizer, ("step", "zero_grad", "lr"))):
        missing = [m for m in needs if not hasattr(obj, m)]
        if missing or not (callable(obj) or name == "optimizer"):
            raise TypeError(f"fit: {name} must be an nnlib {name if name != 'model' else 'layer (such as Sequential)'},"
                            f" got {describe(obj)}")
    check_int("fit", "epochs", epochs, minimum=0)
    check_int("fit", "batch_size", batch_size)
    if validation is not None:
        if not (isinstance(validation, (tuple, list)) and len(validation) == 2):
            raise ValueError(f"fit: validation must be a pair (X_val, y_val), got {describe(validation)}"
                             f"{f' of {len(validation)} item(s)' if isinstance(validation, (tuple, list)) else ''}")
        n_x, n_y = len(validation[0]), len(validation[1])
        if n_x != n_y or n_x == 0:
            raise ValueError(f"fit: validation X_val has {n_x} rows and y_val {n_y}; they must match and not be empty")
    if patience is not None:
        if validation is None or not isinstance(patience, (int, np.integer)) or isinstance(patience, bool) or patience < 1:
            raise ValueError(f"fit: early stopping needs validation data and a positive integer patience, got {patience!r}")
    if augment is not None and not callable(augment):
        raise TypeError(f"fit: augment must be a function augment(X_batch, rng), got {describe(augment)}")
    if scheduler is not None and not callable(getattr(scheduler, "step", None)):
        raise TypeError(f"fit: scheduler must be one of nnlib.schedules (with a step method), got {describe(scheduler)}")
    if max_norm is not None:
        check_number("fit", "max_norm", max_norm, low=0, low_closed=False, allow_inf=True)


def _attach_history(exc, history, epoch):
    """Give the exception that stopped ``fit`` the history so far, and a note saying where it is."""
    try:
        exc.history = history
    except AttributeError:  # an exception type that takes no attributes
        return
    if hasattr(exc, "add_note"):  # Python 3.11+
        done = len(history["loss"])
        exc.add_note(f"fit: stopped during epoch {epoch}; the history of the {done} finished epoch(s) is attached"
                     " to this exception as .history (in Jupyter: import sys; sys.last_value.history)")


def _per_step(out, y):
    """Sequence outputs (N, T, C) with targets (N, T), or one-hot (N, T, C): fold the time steps into the batch."""
    if out.ndim == 3 and y.ndim == 2:
        return out.reshape(-1, out.shape[-1]), y.reshape(-1)
    if out.ndim == 3 and y.shape == out.shape:
        return out.reshape(-1, out.shape[-1]), y.reshape(-1, out.shape[-1])
    return out, y


def _print_progress(epoch, epochs, history, width=20, lines=10):
    """A bar of finished epochs with the latest figures, on about ``lines`` lines in all."""
    every = max(1, epochs // lines)
    if epoch % every and epoch != epochs:
        return
    done = round(width * epoch / epochs)
    text = f"epoch {epoch:>{len(str(epochs))}}/{epochs} [{'#' * done}{'.' * (width - done)}]"
    text += f" loss {history['loss'][-1]:.4f}"
    if history["accuracy"]:
        text += f"  acc {history['accuracy'][-1]:.3f}"
    if history["val_loss"]:
        text += f"  val_loss {history['val_loss'][-1]:.4f}"
        if history["val_accuracy"]:
            text += f"  val_acc {history['val_accuracy'][-1]:.3f}"
    print(text, flush=True)
