"""stdmap: a knowledge graph of national standards and the ISO/IEC standards they adopt."""

__version__ = "0.1.0"
