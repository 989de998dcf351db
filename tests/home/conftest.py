"""What the home tests share: the catalog tests' query counter."""

from tests.catalog.conftest import count_queries  # noqa: F401
