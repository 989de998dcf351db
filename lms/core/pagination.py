"""What the layout's `pager` macro asks of a page of rows, from its number, size and total."""


class CountedPage:
    """Mixed into a dataclass with `page` (from 1), `per_page` and `total` (rows in all)."""

    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
