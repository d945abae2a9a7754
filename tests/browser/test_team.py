"""Sign-in and roles in real browsers: a dashboard served with an `[auth]` section, signing in
through a real OpenID Connect provider on loopback (oidc-provider-mock, one button per user on
its form), Alice and Bob each in a browser of their own.

Alice owns Alpha, Bob owns Beta (granted from the command line, which acts as administrator).
Bob cannot see Alpha, nor open it by its address; Alice grants him viewer and it appears on his
reload; as viewer he cannot save; each step is in Alpha's audit trail. A visitor who has not
signed in sees a "Log in" button and nothing of any workspace.
"""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from model.store import OWNER, command_line, create_workspace, grant, open_store
from tests.browser.app_server import (
    LAUNCH_ARGS,
    PAGE_TIMEOUT_MS,
    REPO,
    WINDOW,
    free_port,
    running_app,
    wait_idle,
)

ALICE, BOB = "alice@example.com", "bob@example.com"
SIDEBAR = "[data-testid='stSidebar']"


@contextlib.contextmanager
def identity_provider() -> Iterator[str]:
    """oidc-provider-mock on a free loopback port, Alice and Bob its predefined users."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "--port", str(port)]
    command += ["--user", ALICE, "--user", BOB]
    with tempfile.TemporaryFile(mode="w+") as log:
        provider = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/.well-known/openid-configuration"):
                        break
                except (urllib.error.URLError, ConnectionError):
                    if provider.poll() is not None or time.monotonic() > deadline:
                        log.seek(0)
                        raise RuntimeError(f"the provider did not start:\n{log.read()}") from None
                    time.sleep(0.2)
            yield url
        finally:
            provider.terminate()
            provider.wait(timeout=10)


def _secrets(folder: Path, app_port: int, provider: str) -> None:
    """A .streamlit folder of the test's own: the repository's config and an [auth]."""
    settings = folder / ".streamlit"
    settings.mkdir()
    (settings / "config.toml").write_text((REPO / ".streamlit" / "config.toml").read_text())
    (settings / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        'cookie_secret = "a-test-secret-that-is-long-enough-to-sign-cookies"\n'
        'client_id = "churn-cost-tests"\n'
        'client_secret = "not-a-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
    )


@pytest.fixture(scope="module")
def team_app(tmp_path_factory) -> Iterator[str]:
    """The dashboard with sign-in, on a store of its own holding Alpha (Alice's) and Beta
    (Bob's), made from the command line's side."""
    folder = tmp_path_factory.mktemp("team-server")
    url = f"sqlite:///{folder / 'workspaces.sqlite'}"
    store = open_store(url).acting(command_line())
    for name, owner in (("Alpha", ALICE), ("Beta", BOB)):
        create_workspace(store, name)
        grant(store, name, owner, OWNER)
    store.dispose()
    port = free_port()
    with identity_provider() as provider:
        _secrets(folder, port, provider)
        environment = {"CHURN_COST_DATABASE_URL": url}
        with running_app(env=environment, folder=folder, port=port) as base:
            yield base


@pytest.fixture(scope="module")
def browsers(playwright) -> Iterator[tuple[Browser, Browser]]:
    """Two browsers, one for each user: nothing of one's sign-in reaches the other."""
    first = playwright.chromium.launch(**LAUNCH_ARGS)
    second = playwright.chromium.launch(**LAUNCH_ARGS)
    yield first, second
    first.close()
    second.close()


def sign_in(browser: Browser, base: str, email: str) -> Page:
    page = browser.new_context(viewport=WINDOW).new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(base)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name=email, exact=True).click()  # the provider's form
    page.locator(SIDEBAR).get_by_role("button", name="Log out").wait_for()
    wait_idle(page)
    return page


def open_workspace_page(page: Page, base: str, name: str) -> None:
    page.goto(f"{base}workspace?workspace={name}")
    main = "[data-testid='stMain']"
    page.locator(f"{main} h1, {main} [data-testid='stAlert']").first.wait_for()
    wait_idle(page)


def sidebar_workspaces(page: Page):
    """The workspaces listed in the sidebar: each a link, its text the name (after its icon)."""
    return page.locator(SIDEBAR).locator("[data-testid='stPageLink-NavLink']")


def named(*names: str) -> list[re.Pattern]:
    """Each link's text ends with the name (the icon's ligature comes first)."""
    return [re.compile(re.escape(name) + "$") for name in names]


def test_a_visitor_sees_a_log_in_button_and_nothing_of_any_workspace(team_app, browsers):
    page = browsers[0].new_context(viewport=WINDOW).new_page()
    page.goto(f"{team_app}workspace?workspace=Alpha")
    expect(page.get_by_role("button", name="Log in")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    wait_idle(page)
    text = page.locator("[data-testid='stApp']").inner_text()
    assert "Alpha" not in text and "Beta" not in text
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    page.context.close()


def test_two_users_a_refusal_a_grant_a_viewer_and_the_audit_trail(team_app, browsers):
    alice = sign_in(browsers[0], team_app, ALICE)
    bob = sign_in(browsers[1], team_app, BOB)

    # Each sees only their own workspace, by name, in the sidebar of every page.
    expect(sidebar_workspaces(alice)).to_have_text(named("Alpha"))
    expect(sidebar_workspaces(bob)).to_have_text(named("Beta"))

    # Bob cannot open Alpha by its address: a refusal that names nothing.
    open_workspace_page(bob, team_app, "Alpha")
    main = bob.locator("[data-testid='stMain']")
    expect(main).to_contain_text("There is no workspace of that name that you can open.")
    assert "Alpha" not in main.inner_text()
    open_workspace_page(bob, team_app, "Nowhere")  # the same words as for one that exists
    expect(main).to_contain_text("There is no workspace of that name that you can open.")

    # Alice saves a scenario in Alpha and makes Bob a viewer of it.
    open_workspace_page(alice, team_app, "Alpha")
    alice.get_by_label("Scenario name").fill("Plan A")
    alice.get_by_role("button", name="Save the scenario").click()
    expect(alice.get_by_text("Saved as version 1.")).to_be_visible()
    alice.get_by_label("E-mail address").fill(BOB)
    alice.get_by_role("button", name="Grant the role").click()  # viewer, the first role
    expect(alice.get_by_text(f"{BOB} is now viewer.")).to_be_visible()

    # On his reload Alpha appears; he reads it as viewer and cannot save.
    bob.reload()
    wait_idle(bob)
    expect(sidebar_workspaces(bob)).to_have_text(named("Alpha", "Beta"))
    open_workspace_page(bob, team_app, "Alpha")
    expect(bob.get_by_text("Your role here: viewer.")).to_be_visible()
    expect(bob.get_by_role("button", name="Save the scenario")).to_be_disabled()

    # Every step is in the audit trail, with who did it.
    trail = bob.locator("[data-testid='stTable']").last
    expect(trail).to_contain_text("member granted")
    expect(trail).to_contain_text(f"{BOB} made viewer")
    expect(trail).to_contain_text("scenario saved")
    expect(trail).to_contain_text("'Plan A' version 1")
    expect(trail).to_contain_text(f"{ALICE} made owner")
    shown = trail.inner_text().replace("\u200b", "")  # an address is kept from autolinking
    assert "cli:" in shown and f"{ALICE}\n" in shown.replace("\t", "")

    # "Log out" is on every page.
    for address in ("", "trend", "what-if", "methodology"):
        alice.goto(f"{team_app}{address}")
        expect(alice.locator(SIDEBAR).get_by_role("button", name="Log out")).to_be_visible()
    alice.locator(SIDEBAR).get_by_role("button", name="Log out").click()
    alice.get_by_role("button", name="End session").click()  # the provider's own form
    expect(alice.get_by_role("button", name="Log in")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
    assert "Alpha" not in alice.locator("[data-testid='stApp']").inner_text()
