"""The demonstration data: the facts of the seed news articles, and invented sample artisans."""

from .load import load_demo
from .samples import SampleDataInUse, remove_sample_data

__all__ = ["SampleDataInUse", "load_demo", "remove_sample_data"]
