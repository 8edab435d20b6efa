"""npdw-graph: the Nationaal Programma Dordt West as a linked-data knowledge graph."""


def __getattr__(name: str) -> str:
    """``__version__`` is read from the installed metadata on first use (importlib.metadata costs start-up time)."""
    if name != "__version__":
        raise AttributeError(f"module 'npdw_graph' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("npdw-graph")
    except PackageNotFoundError:  # running from a source tree without installation
        found = "0.0.0"
    globals()["__version__"] = found
    return found


def _install_literal_warning_filter() -> None:
    """rdflib logs "Failed to convert Literal lexical form to value" with a traceback for every ill-typed
    literal (``"abc"^^xsd:decimal``) it meets. npdw reports each of those itself, as one located message
    (``file:line: value "abc" is not a valid xsd:decimal``), and keeps the literal as written; the
    traceback would only bury that message. Installed here, without importing rdflib, so that every
    command and every library use is covered."""
    import logging

    def keep(record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Failed to convert Literal lexical form to value")

    logging.getLogger("rdflib.term").addFilter(keep)


_install_literal_warning_filter()
