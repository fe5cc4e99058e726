"""CONTRACT section 5: bad input gets HTTP 200 and a reply, and the servers go on."""
import time

import pytest

from scripts.judge import reply_text

BAD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t  ",
    "markup": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "sql injection": "'; DROP TABLE events; --",
    "template injection": "{{7*7}} ${jndi:ldap://x} {% raw %}",
    "control characters": "\x00\x01\x07\x1b[31mred\x1b[0m\x7f",
    "emoji": "\U0001F600\U0001F489\U0001F3E5 pump? \U0001F914",
    "20,000 characters": "pain pump trial " * 1250,
    "unicode noise": "\u202e\u200b\ufeffȸ̸̢̛̗̫͎ͮ",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_prompt_plain_reply(rest, name):
    started = time.monotonic()
    [reply] = rest.conversation(BAD_INPUTS[name])
    assert time.monotonic() - started < 10
    text = reply_text(reply)
    assert reply and text.strip(), "every message gets an answer"
    assert "<script" not in text and "<img" not in text and "\x00" not in text


def test_markup_inside_a_patient_description_is_not_echoed(rest):
    [reply] = rest.conversation(
        "<b>Metastatic lung cancer</b>, failed escalating opioids, IT trial 70% "
        "<script>alert(1)</script>, LE 12 months, psych eval done, afebrile, INR 1.0")
    text = reply_text(reply)
    assert "<b>" not in text and "<script" not in text
    assert "70%" in text


def test_conversation_goes_on_after_bad_input(rest):
    replies = rest.conversation("", "\x00<script>", "what are the contraindications?")
    assert "infection" in reply_text(replies[-1]).lower()


def test_server_survives_all_bad_input_and_a_non_string_message(assistant, rest):
    sender = "bad-input-survivor"
    for message in (12345, None, ["a", "list"]):
        try:
            rest.send(sender, message)
        except Exception:  # a 4xx for a malformed request body is acceptable
            pass
    [reply] = rest.conversation("hello")
    assert reply_text(reply)
