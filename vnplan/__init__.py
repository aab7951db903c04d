"""vnplan: Vietnamese administrative-reform plans in, one comparable dataset out."""
__version__ = "0.1.0"
