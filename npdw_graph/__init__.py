"""npdw-graph: the Nationaal Programma Dordt West as a linked-data knowledge graph."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("npdw-graph")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0"
