"""The load benchmark's protocol client (benchmarks/stream_client.py), on messages built as
Streamlit's server builds them: widget ids and figures read from the deltas, a key press's
value, the rerun a browser would send, and the server's references to kept elements."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime.forward_msg_cache import create_reference_msg, populate_hash_if_needed

from benchmarks.stream_client import PageState, Press, ProtocolError

MARGIN_ID = "$$ID-e6a6e7144452da86992f8f3ed79e25fb-assumption.gross_margin"
LEVER_ID = "$$ID-c99a8c9261e24dbee819ccfbe73e220c-lever.outage_hours_cut"


def new_session(page_hash: str = "ab5a", max_age: int = 2) -> ForwardMsg:
    msg = ForwardMsg()
    msg.new_session.page_script_hash = page_hash
    msg.new_session.config.max_cached_message_age = max_age
    return msg


def delta(path: tuple[int, ...]) -> ForwardMsg:
    msg = ForwardMsg()
    msg.metadata.delta_path.extend(path)
    return msg


def slider(path, widget_id, label, value, step, low=0.0, high=100.0) -> ForwardMsg:
    msg = delta(path)
    element = msg.delta.new_element.slider
    element.id, element.label, element.step = widget_id, label, step
    element.min, element.max = low, high
    element.default.append(0.0)
    element.value.append(value)
    element.set_value = True
    return msg


def metric(path, label, body) -> ForwardMsg:
    msg = delta(path)
    msg.delta.new_element.metric.label = label
    msg.delta.new_element.metric.body = body
    return msg


def markdown(path, body) -> ForwardMsg:
    msg = delta(path)
    msg.delta.new_element.markdown.body = body
    return msg


def finished(status=ForwardMsg.FINISHED_SUCCESSFULLY) -> ForwardMsg:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg


def what_if_run(state: PageState, margin=60.0, lever=0.0, cost="$1,723,317") -> None:
    """A run of the What-if page as the server sends it (the parts the client reads)."""
    for msg in (
        new_session(),
        slider((1, 7), MARGIN_ID, "Gross margin (%)", margin, 1.0),
        slider((0, 2, 0, 0), LEVER_ID, "Cut outage hours by", lever, 5.0),
        metric((0, 5, 2, 0), "Total expected cost", cost),
        finished(),
    ):
        state.apply(msg)


def test_widget_ids_values_and_the_headline_are_read_from_the_deltas():
    state = PageState()
    what_if_run(state)
    assert state.widget_id("Gross margin (%)") == MARGIN_ID
    assert state.widget_id("Cut outage hours by") == LEVER_ID
    assert state.slider_value("Gross margin (%)") == 60.0
    assert state.metric("Total expected cost") == "$1,723,317"
    with pytest.raises(ProtocolError, match="no metric labelled 'Total saving'"):
        state.metric("Total saving")


def test_a_key_press_moves_a_slider_one_step_within_its_bounds():
    state = PageState()
    what_if_run(state, lever=95.0)
    assert state.press_slider("Gross margin (%)", 1) == 61.0
    assert state.press_slider("Gross margin (%)", -1) == 60.0
    assert state.press_slider("Cut outage hours by", 1) == 100.0
    assert state.press_slider("Cut outage hours by", 1) == 100.0  # the top holds
    # the value set is the one pressed from, even before the server draws it again
    assert state.slider_value("Cut outage hours by") == 100.0


def test_the_rerun_carries_what_a_browser_sends():
    state = PageState()
    first = state.first_run("what-if", "customers=10000")
    assert first.rerun_script.page_name == "what-if"
    assert first.rerun_script.query_string == "customers=10000"
    what_if_run(state)
    address = ForwardMsg()
    address.page_info_changed.query_string = "gross_margin=0.61"
    state.apply(address)
    state.press_slider("Gross margin (%)", 1)
    back = state.rerun().rerun_script
    assert back.page_script_hash == "ab5a"
    assert back.query_string == "gross_margin=0.61"
    assert [(w.id, list(w.double_array_value.data)) for w in back.widget_states.widgets] == [
        (MARGIN_ID, [61.0])
    ]


def test_a_reference_is_replaced_by_the_kept_element_at_the_references_place():
    state = PageState()
    big = markdown((0, 9), "x" * 20_000)  # over the server's 10 kB: cacheable
    populate_hash_if_needed(big)
    assert big.metadata.cacheable
    state.apply(big)
    state.apply(finished())
    assert state.rerun().rerun_script.cached_message_hashes == [big.hash]
    reference = create_reference_msg(big)
    reference.metadata.delta_path[:] = [0, 4]
    assert state.apply(reference) == "delta"
    state.apply(finished())
    assert state.elements[(0, 4)].markdown.body == "x" * 20_000
    assert (0, 9) not in state.elements  # not drawn by the second run: cleared
    assert state.references_resolved == 1


def test_a_kept_element_expires_after_the_announced_age_and_an_unknown_reference_fails():
    state = PageState()
    state.apply(new_session(max_age=1))
    big = markdown((0, 9), "y" * 20_000)
    populate_hash_if_needed(big)
    state.apply(big)
    state.apply(finished())  # one run ended since it was used: age 1, still kept
    assert big.hash in state.kept
    state.apply(finished())  # age 2 > 1: gone, as the frontend drops it
    assert big.hash not in state.kept
    with pytest.raises(ProtocolError, match=big.hash):
        state.apply(create_reference_msg(big))


def test_elements_not_drawn_again_are_cleared_unless_the_run_was_cut_short():
    state = PageState()
    what_if_run(state)
    state.apply(metric((0, 5, 2, 0), "Total expected cost", "$1,748,293"))
    state.apply(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN))
    assert state.widget_id("Gross margin (%)") == MARGIN_ID  # kept: the run was replaced
    state.apply(metric((0, 5, 2, 0), "Total expected cost", "$1,748,293"))
    state.apply(finished())
    assert state.metric("Total expected cost") == "$1,748,293"
    with pytest.raises(ProtocolError, match="no slider"):
        state.widget_id("Gross margin (%)")


def test_an_error_drawn_on_the_page_is_kept_and_a_press_says_whether_the_headline_moved():
    state = PageState()
    failure = delta((0, 3))
    failure.delta.new_element.exception.type = "KeyError"
    failure.delta.new_element.exception.message = "'total'"
    state.apply(failure)
    assert state.errors == ["KeyError: 'total'"]
    assert Press(80.0, "$1,723,317", "$1,748,293").changed
    assert not Press(80.0, "$0", "$0").changed
