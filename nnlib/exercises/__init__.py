"""Checkers for the self-checking exercises: course furniture, not part of the library.

Each checker runs the reader's function on cases (worked out by hand, or random
inputs compared with nnlib and with finite differences) and prints a verdict in
words: which case failed and how, plus a hint for the reader who runs it (see
``verdict.py``). One module per chapter's topic.
"""
from .backprop import check_dense_layer, check_tanh_backward
from .convolution import check_output_side
from .feedforward import check_parameter_count
from .losses import check_bce
from .perceptrons import check_step_neuron
from .recurrent import check_lstm_step_backward, check_rnn_step
from .training import check_adam_step, check_batchnorm_backward
from .verdict import Failure, hints_shown, report
from .perceptrons import check_train_perceptron
from .feedforward import check_softmax
from .losses import check_softmax_cross_entropy

__all__ = [
    "check_step_neuron", "check_parameter_count", "check_bce", "check_dense_layer", "check_tanh_backward",
    "check_adam_step", "check_batchnorm_backward", "check_output_side", "check_rnn_step", "check_lstm_step_backward",
    "Failure", "hints_shown", "report",
]
__all__ += ["check_train_perceptron", "check_softmax", "check_softmax_cross_entropy"]
