"""Boxes for object detection: intersection over union and non-max suppression.

A box is ``(x1, y1, x2, y2)``, its left, top, right and bottom edges, with
x1 < x2 and y1 < y2. A detector proposes many overlapping boxes, each with a
confidence score. **IoU** (intersection over union, the Jaccard index) measures
how much two boxes overlap, from 0 (apart) to 1 (identical). **Non-max
suppression** keeps the most confident box, drops every other box that overlaps
it by more than a threshold (they are taken to see the same object), and repeats
with the most confident box left.
"""
import numpy as np

from ._checks import as_float_array, check_number, shape_str, warn_if_not_finite


def _boxes(name, boxes):
    boxes = as_float_array("detection", name, boxes)
    if boxes.ndim != 2 or boxes.shape[1] != 4:
        raise ValueError(f"detection: expected {name} of shape (K, 4) as (x1, y1, x2, y2), got {shape_str(boxes.shape)}")
    warn_if_not_finite("detection", name, boxes)
    bad = np.flatnonzero((boxes[:, 2] < boxes[:, 0]) | (boxes[:, 3] < boxes[:, 1]))
    if len(bad):
        raise ValueError(f"detection: {name}[{bad[0]}] = {boxes[bad[0]].tolist()} has x2 < x1 or y2 < y1")
    return boxes


def box_area(boxes):
    """Area of each box: (x2 - x1) (y2 - y1)."""
    boxes = _boxes("boxes", boxes)
    return (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])


def iou(boxes_a, boxes_b):
    """IoU of every box in ``boxes_a`` (K, 4) with every box in ``boxes_b`` (M, 4): an array (K, M).

    The intersection of two boxes is the box between the larger left/top edges
    and the smaller right/bottom edges (empty if they cross); the union is the
    sum of the areas minus the intersection.
    """
    a, b = _boxes("boxes_a", boxes_a), _boxes("boxes_b", boxes_b)
    top_left = np.maximum(a[:, None, :2], b[None, :, :2])
    bottom_right = np.minimum(a[:, None, 2:], b[None, :, 2:])
    sides = np.clip(bottom_right - top_left, 0, None)
    inter = sides[..., 0] * sides[..., 1]
    union = box_area(a)[:, None] + box_area(b)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def non_max_suppression(boxes, scores, iou_threshold=0.5):
    """Indices of the boxes kept, most confident first.

    All pairwise IoUs are computed at once; the greedy pass then visits the
    boxes by falling score (a loop over boxes, which is inherently sequential:
    whether a box survives depends on which boxes survived before it).
    """
    boxes = _boxes("boxes", boxes)
    scores = as_float_array("non_max_suppression", "scores", scores)
    if scores.shape != (len(boxes),):
        raise ValueError(f"non_max_suppression: expected scores of shape ({len(boxes)},), got {shape_str(scores.shape)}")
    warn_if_not_finite("non_max_suppression", "scores", scores)
    iou_threshold = check_number("non_max_suppression", "iou_threshold", iou_threshold, low=0, high=1)
    overlaps = iou(boxes, boxes)
    order = np.argsort(-scores, kind="stable")
    suppressed = np.zeros(len(boxes), dtype=bool)
    keep = []
    for i in order:
        if suppressed[i]:
            continue
        keep.append(int(i))
        suppressed |= overlaps[i] > iou_threshold
    return np.array(keep, dtype=np.int64)
