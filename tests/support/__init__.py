"""Helpers every tier shares: waiting on a signal, a clock moved by hand, squares on the map, a
free port.

from tests.support import Clock, eventually, free_port, square
"""

from tests.support.clock import Clock
from tests.support.geometry import METRES_PER_DEGREE, square
from tests.support.ports import free_port
from tests.support.waiting import eventually

__all__ = ["METRES_PER_DEGREE", "Clock", "eventually", "free_port", "square"]
