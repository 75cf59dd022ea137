"""nnlib: the small numpy neural-network library of the course.

Layers with forward and backward side by side, losses with their gradients,
optimizers with PyTorch's update rules, and gradient checking. Read it in an
afternoon: each module holds one idea.
"""
from .conv import AvgPool2D, Conv2D, Flatten, MaxPool2D, conv_output_size
from .activations import Identity, LeakyReLU, ReLU, Sigmoid, Softmax, Tanh, leaky_relu, relu, sigmoid, softmax, tanh
from .gradcheck import gradcheck, gradcheck_loss, numerical_gradient, relative_error
from .layers import Dense, PrependOnes, Sequential
from .losses import BCELoss, CrossEntropyLoss, MSELoss
from .module import Layer, Parameter
from .dropout import Dropout
from .normalization import BatchNorm1D
from .optim import SGD, AdaGrad, Adam, AdamW, Optimizer, RMSprop, clip_grad_norm
from .perceptron import Perceptron
from .recurrent import GRU, LSTM, RNN, Embedding, LastTimeStep, TimeDistributed
from . import augment, data, detection, evaluation, init, landscape, models, sampling, schedules, surfaces, text, train
from .train import accuracy, fit, minibatches

__version__ = "0.1.0"

__all__ = [
    "Parameter", "Layer", "Dense", "PrependOnes", "Sequential",
    "Conv2D", "MaxPool2D", "AvgPool2D", "Flatten", "conv_output_size", "detection", "augment", "models",
    "RNN", "LSTM", "GRU", "Embedding", "TimeDistributed", "LastTimeStep", "sampling", "text",
    "Identity", "Sigmoid", "Tanh", "ReLU", "LeakyReLU", "Softmax",
    "sigmoid", "tanh", "relu", "leaky_relu", "softmax",
    "MSELoss", "CrossEntropyLoss", "BCELoss",
    "Dropout", "BatchNorm1D",
    "Optimizer", "SGD", "AdaGrad", "RMSprop", "Adam", "AdamW", "clip_grad_norm", "schedules", "init", "surfaces", "landscape",
    "numerical_gradient", "gradcheck", "gradcheck_loss", "relative_error", "evaluation",
    "Perceptron", "data", "train", "fit", "minibatches", "accuracy",
]
