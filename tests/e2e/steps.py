"""Steps the browser walks share: a menu item, a link or button that loads a page, a flash."""

from playwright.sync_api import expect


def open_menu_item(page, menu_id: str, href_end: str):
    """Open a navigation menu and click the item that goes to `href_end`."""
    page.locator(f"#{menu_id}").click()
    item = page.locator(f"ul[aria-labelledby={menu_id}] a.dropdown-item[href$='{href_end}']")
    expect(item).to_be_visible()
    with page.expect_navigation():
        item.click()


def click_and_wait(page, role: str, name, scope=None):
    """Click a link or button that loads another page, and wait for it (`name` a text, or a
    pattern matched as such)."""
    with page.expect_navigation():
        (scope or page).get_by_role(role, name=name, exact=isinstance(name, str)).click()


def expect_flash(page, text: str, kind: str = "success"):
    expect(page.locator(f"main > .alert-{kind}[role=alert]")).to_contain_text(text)
