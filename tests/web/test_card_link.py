"""An EHR card's link opens the chat page with that card's assessment shown as its card: a real
CDS hook call (signed JWT) on the real servers, then the card's own link in Chromium."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.cds.conftest import cds_server, signer  # noqa: F401 (fixtures of the CDS servers)
from tests.cds.fhir_builder import hook_request, load_cases
from tests.cds.test_server import PATIENT_VIEW, SERVICES, Ehr
from tests.web.conftest import WIDGET_PATH, assert_no_axe_violations, new_page


@pytest.fixture
def ehr_page(browser, cds_server):  # noqa: F811
    page = new_page(browser, cds_server)
    yield page
    page.context.close()


def card_of(cds_server, signer, case_id):  # noqa: F811
    case = next(c for c in load_cases() if c["id"] == case_id)
    status, body = Ehr(cds_server.base_url, signer).post(
        f"{SERVICES}/{PATIENT_VIEW}", hook_request(case)
    )
    assert status == 200, body
    [card] = body["cards"]
    return card


@pytest.mark.parametrize("case_id", ["ex01", "ex03"])
def test_the_cards_link_shows_its_assessment_as_a_card(
    ehr_page,
    cds_server,  # noqa: F811
    signer,  # noqa: F811
    case_id,
):
    card = card_of(cds_server, signer, case_id)
    ehr_page.goto(card["links"][0]["url"])
    ehr_page.wait_for_selector("body.ready")
    shown = ehr_page.locator(".assessment")
    expect(shown).to_have_count(1)
    verdict = {"info": "meets_criteria", "critical": "contraindicated"}.get(card["indicator"])
    if verdict:
        expect(shown).to_have_attribute("data-verdict", verdict)
    expect(shown).to_contain_text(card["summary"].rstrip("\u2026")[:60])
    expect(ehr_page.locator(".page-notice")).to_contain_text("Opened from the EHR card")
    # The link is used once: a reload keeps the conversation rather than loading it again.
    assert "assessment=" not in ehr_page.url
    ehr_page.reload()
    ehr_page.wait_for_selector("body.ready")
    expect(ehr_page.locator(".assessment")).to_have_count(1)
    assert_no_axe_violations(ehr_page, f"card link {case_id}")
    assert ehr_page.watch.errors == [] and ehr_page.watch.foreign_requests == []


def test_an_unknown_or_expired_link_says_so_and_keeps_the_page(ehr_page, cds_server):  # noqa: F811
    ehr_page.goto(f"{cds_server.base_url}{WIDGET_PATH}?assessment={uuid.uuid4()}")
    ehr_page.wait_for_selector("body.ready")
    expect(ehr_page.locator(".page-notice")).to_contain_text("could not be shown")
    expect(ehr_page.locator(".page-notice")).to_contain_text("links expire")
    expect(ehr_page.locator(".assessment")).to_have_count(0)
