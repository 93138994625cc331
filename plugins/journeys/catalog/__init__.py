"""Layer 2, the catalog: every item of every map by id, and the cross-references between them."""

from .build import build_catalog, load_catalog
from .catalog import Catalog

__all__ = ["Catalog", "build_catalog", "load_catalog"]
