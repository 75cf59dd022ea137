"""Explorers: slider-driven figures with a live face (ipywidgets) and a static face (HTML).

See ``explorer.py`` for the design; each explorer module holds one pure update
function and a small ``Explorer`` subclass naming its controls.
"""
from .controls import Choice, Slider
from .explorer import Explorer
from .activation import ActivationExplorer, activation_scene
from .backprop import BackpropExplorer, backprop_scene, backprop_values
from .bumps import BumpExplorer, bumps_scene
from .loss_surface import LossSurfaceExplorer, loss_surface_scene
from .perceptron import PerceptronExplorer, perceptron_scene
from .scene import Line, Panel, Points, Polygon, Scene, Text
from .xor_network import XorNetworkExplorer, xor_scene

__all__ = [
    "Explorer", "Slider", "Choice", "Scene", "Panel", "Polygon", "Line", "Points", "Text",
    "PerceptronExplorer", "perceptron_scene", "BackpropExplorer", "backprop_scene", "backprop_values",
    "ActivationExplorer", "activation_scene", "BumpExplorer", "bumps_scene", "XorNetworkExplorer", "xor_scene",
    "LossSurfaceExplorer", "loss_surface_scene",
]
