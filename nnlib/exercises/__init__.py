"""Checkers for the self-checking exercises: course furniture, not part of the library.

Each checker runs the reader's function on cases (worked out by hand, or random
inputs compared with nnlib and with finite differences) and prints a verdict in
words: which case failed and how, plus a hint for the reader who runs it (see
``verdict.py``). One module per chapter's topic, in the order of the book.
"""
from .perceptrons import check_step_neuron, check_train_perceptron
from .feedforward import check_parameter_count, check_softmax
from .losses import check_bce, check_softmax_cross_entropy
from .backprop import check_dense_layer, check_tanh_backward
from .autograd import check_gradient_walk, check_maximum_op
from .training import check_adam_step, check_batchnorm_backward
from .convolution import check_conv_backward, check_output_side, check_receptive_field
from .recurrent import check_lstm_step_backward, check_rnn_step
from .verdict import Failure, hints_shown, report

__all__ = [
    "check_step_neuron", "check_train_perceptron",
    "check_parameter_count", "check_softmax",
    "check_bce", "check_softmax_cross_entropy",
    "check_dense_layer", "check_tanh_backward",
    "check_maximum_op", "check_gradient_walk",
    "check_adam_step", "check_batchnorm_backward",
    "check_output_side", "check_receptive_field", "check_conv_backward",
    "check_rnn_step", "check_lstm_step_backward",
    "Failure", "hints_shown", "report",
]
