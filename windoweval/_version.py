"""The package version (one place; ``windoweval.__version__`` and the report read it)."""
__version__ = "0.1.0"
