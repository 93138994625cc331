"""Customer journey maps as code: the core, the MkDocs plugin and the command line."""

__version__ = "0.1.0"
