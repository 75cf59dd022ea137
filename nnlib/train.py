"""Training: mini-batches, accuracy, and the loop every chapter uses.

One epoch visits every training example once, in a fresh random order, in
mini-batches. For each batch: clear the gradients, forward, loss, backward,
step. That is the whole of ``fit``; everything else is bookkeeping. (The
backward pass is ``model.backward_params``: the parameter gradients of
``backward`` without the gradient for the input data, which nothing uses.)
"""
import numpy as np

from ._checks import as_rng, shape_str
from .optim import clip_grad_norm


def minibatches(n, batch_size, rng=None, shuffle=True):
    """Index arrays that split ``range(n)`` into batches of ``batch_size`` (the last may be smaller)."""
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"minibatches: batch_size must be a positive integer, got {batch_size!r}")
    order = as_rng(rng).permutation(n) if shuffle else np.arange(n)
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
    return count_correct(scores, y) / len(scores)


def fit(model, loss, optimizer, X, y, epochs, batch_size=32, rng=None, validation=None, progress=True,
        scheduler=None, patience=None, augment=None, max_norm=None):
    """Train ``model`` with mini-batch gradient descent; return the history.

    ``validation=(X_val, y_val)`` is evaluated after every epoch. The history is a
    dict of per-epoch lists: ``loss`` and ``accuracy`` (averaged over the epoch's
    batches, as the model changed during it), ``val_loss``, ``val_accuracy``, and
    the learning rate ``lr``.
    With ``progress`` a bar of epochs is printed as training goes. The model is
    left in evaluation mode.

    Options of chapter 5: ``scheduler`` (``nnlib.schedules``) is stepped after
    every epoch, and the rate used is recorded in ``history["lr"]``.
    ``patience=k`` stops early once the validation loss has not improved for k
    epochs, and puts back the weights of the best epoch (``history["best_epoch"]``).
    ``augment(X_batch, rng)`` transforms each training batch before the forward
    pass (input noise, shifted images), with the training ``rng``.

    Options of chapter 7: a model that outputs one prediction per time step,
    (N, T, C) against targets (N, T), is scored at every step (the steps are
    folded into the batch); ``max_norm`` clips the gradient norm before each step.
    Integer inputs (token indices) are passed on as integers.
    """
    X, y = np.asarray(X), np.asarray(y)
    if not np.issubdtype(X.dtype, np.integer):
        X = X.astype(np.float64, copy=False)
    if len(X) != len(y):
        raise ValueError(f"fit: X has {len(X)} rows but y has {len(y)} (shapes {shape_str(X.shape)}, {shape_str(y.shape)})")
    if patience is not None and (validation is None or not (isinstance(patience, int) and patience > 0)):
        raise ValueError(f"fit: early stopping needs validation data and a positive integer patience, got {patience!r}")
    gen = as_rng(rng)
    history = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": [], "lr": []}
    best_loss, best_weights = np.inf, None
    for epoch in range(1, epochs + 1):
        model.train()
        history["lr"].append(optimizer.lr)
        total_loss = total_correct = 0.0
        for idx in minibatches(len(X), batch_size, gen):
            optimizer.zero_grad()
            batch = X[idx] if augment is None else augment(X[idx], gen)
            out = model(batch)
            scores, targets = _per_step(out, y[idx])
            total_loss += loss(scores, targets) * len(idx)
            total_correct += count_correct(scores, targets) * len(idx) / len(targets)
            model.backward_params(loss.backward().reshape(out.shape))
            if max_norm is not None:
                clip_grad_norm(model.parameters(), max_norm)
            optimizer.step()
        history["loss"].append(total_loss / len(X))
        history["accuracy"].append(total_correct / len(X))
        if validation is not None:
            model.eval()
            scores, targets = _per_step(model(validation[0]), np.asarray(validation[1]))
            history["val_loss"].append(loss(scores, targets))
            history["val_accuracy"].append(accuracy(scores, targets))
        if scheduler is not None:
            scheduler.step()
        if progress:
            _print_progress(epoch, epochs, history)
        if patience is not None:
            if history["val_loss"][-1] < best_loss:
                best_loss, history["best_epoch"] = history["val_loss"][-1], epoch
                best_weights = [p.data.copy() for p in model.parameters()]
            elif epoch - history["best_epoch"] >= patience:
                if progress:
                    print(f"stopped after epoch {epoch}: no better validation loss for {patience} epochs;"
                          f" weights of epoch {history['best_epoch']} restored", flush=True)
                break
    if best_weights is not None:
        for p, best in zip(model.parameters(), best_weights):
            p.data[...] = best
    model.eval()
    return history


def _per_step(out, y):
    """Sequence outputs (N, T, C) with targets (N, T): fold the time steps into the batch."""
    if out.ndim == 3 and y.ndim == 2:
        return out.reshape(-1, out.shape[-1]), y.reshape(-1)
    return out, y


def _print_progress(epoch, epochs, history, width=20, lines=10):
    """A bar of finished epochs with the latest figures, on about ``lines`` lines in all."""
    every = max(1, epochs // lines)
    if epoch % every and epoch != epochs:
        return
    done = round(width * epoch / epochs)
    text = f"epoch {epoch:>{len(str(epochs))}}/{epochs} [{'#' * done}{'.' * (width - done)}]"
    text += f" loss {history['loss'][-1]:.4f}  acc {history['accuracy'][-1]:.3f}"
    if history["val_loss"]:
        text += f"  val_loss {history['val_loss'][-1]:.4f}  val_acc {history['val_accuracy'][-1]:.3f}"
    print(text, flush=True)
