"""Reading the home page's to-do list as the person sees it: each item's count, links and text."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class TodoItem:
    key: str
    count: int | None
    links: list[str] = field(default_factory=list)
    text: str = ""

    @property
    def link(self) -> str:
        """Where the item's own link goes (the first; the others name single things)."""
        return self.links[0]


class _TodoParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.items: dict[str, TodoItem] = {}
        self.current: TodoItem | None = None
        self.depth = 0  # <li> elements open inside the current item

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "li":
            if self.current is not None:
                self.depth += 1
            elif "data-todo" in attrs:
                count = attrs.get("data-count")
                self.current = TodoItem(attrs["data-todo"], int(count) if count is not None else None)
                self.items[self.current.key] = self.current
                self.depth = 0
        elif tag == "a" and self.current is not None:
            self.current.links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag == "li" and self.current is not None:
            if self.depth:
                self.depth -= 1
            else:
                self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current.text += data


def todo_items(html: str) -> dict[str, TodoItem]:
    """The to-do items on a home page, by their data-todo key; texts with whitespace collapsed."""
    parser = _TodoParser()
    parser.feed(html)
    for item in parser.items.values():
        item.text = " ".join(item.text.split())
    return parser.items


def home_todo(client) -> tuple[dict[str, TodoItem], str]:
    """GET the home page as whoever is logged in: (its to-do items, the page's HTML)."""
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    return todo_items(html), html
