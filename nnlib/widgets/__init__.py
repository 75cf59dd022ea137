"""Explorers: slider-driven figures with a live face (ipywidgets) and a static face (HTML).

See ``explorer.py`` for the design; each explorer module holds one pure update
function and a small ``Explorer`` subclass naming its controls.
"""
from .controls import Choice, ListSlider, Slider
from .explorer import Explorer
from .activation import ActivationExplorer, activation_scene
from .backprop import BackpropExplorer, backprop_scene, backprop_values
from .bumps import BumpExplorer, bumps_scene
from .computational_graph import ComputationalGraphExplorer, computational_graph_scene, graph_values
from .gradient_flow import GradientFlowExplorer, gradient_flow_scene
from .initialisation import InitialisationExplorer, initialisation_scene
from .kernel import KernelExplorer, kernel_scene
from .learning_rate import LearningRateExplorer, learning_rate_scene
from .loss_surface import LossSurfaceExplorer, loss_surface_scene
from .optimizer_race import OptimizerRaceExplorer, race, race_scene
from .perceptron import PerceptronExplorer, perceptron_scene
from .pooling import PoolingExplorer, pooling_scene
from .regularisation import RegularisationExplorer, regularisation_scene
from .temperature import TemperatureExplorer, temperature_scene
from .unrolled import UnrolledExplorer, unrolled_scene
from .sliding_window import SlidingWindowExplorer, sliding_window_scene
from .scene import Line, Panel, Points, Polygon, Raster, Scene, Text
from .xor_network import XorNetworkExplorer, xor_scene

__all__ = [
    "Explorer", "Slider", "ListSlider", "Choice", "Scene", "Panel", "Polygon", "Line", "Points", "Text", "Raster",
    "PerceptronExplorer", "perceptron_scene", "BackpropExplorer", "backprop_scene", "backprop_values",
    "ActivationExplorer", "activation_scene", "BumpExplorer", "bumps_scene", "XorNetworkExplorer", "xor_scene",
    "LossSurfaceExplorer", "loss_surface_scene", "OptimizerRaceExplorer", "race", "race_scene",
    "LearningRateExplorer", "learning_rate_scene", "InitialisationExplorer", "initialisation_scene",
    "RegularisationExplorer", "regularisation_scene", "KernelExplorer", "kernel_scene",
    "SlidingWindowExplorer", "sliding_window_scene", "PoolingExplorer", "pooling_scene",
    "GradientFlowExplorer", "gradient_flow_scene", "TemperatureExplorer", "temperature_scene",
    "UnrolledExplorer", "unrolled_scene",
    "ComputationalGraphExplorer", "computational_graph_scene", "graph_values",
]
