"""A light visitor of the dashboard that speaks Streamlit's own websocket protocol.

The load benchmark (benchmarks/load_latency.py) uses it so that six or more visitors cost
the client's core almost nothing: no browser renders the page, no chart is drawn. A visitor
does what Streamlit's frontend does on the wire, and no more:

- it connects to the app's websocket (`/_stcore/stream`, subprotocol "streamlit") and asks
  for a page's first run with a `BackMsg.rerun_script` naming the page's url path and its
  address's query string;
- it keeps the page's elements by their delta path from the `ForwardMsg` deltas, drops at
  the end of a run the ones the run did not draw again (as the frontend clears stale
  elements), and reads a widget's id and value and a metric's shown figure from them;
- it keeps the large elements the server marks cacheable, by hash, and sends their hashes
  with each rerun (`ClientState.cached_message_hashes`), as the frontend does: the server
  then sends a reference (`ForwardMsg.ref_hash`) instead of an element the client already
  has, and the client puts the element it kept in the reference's place. A kept element
  expires when `max_cached_message_age` runs have ended without it being used, the age the
  server announces in its `new_session` message;
- it presses a slider by sending a rerun with the slider's new value, the value a key press
  gives (one step up or down, within the slider's bounds), with the page's script hash and
  the query string the server last wrote to the address.

`PageState` holds the pure part (messages in, figures and the next `BackMsg` out; tests/unit
test it on messages built as the server builds them); `Visitor` drives one websocket with it.
A press's latency runs from sending the `BackMsg` to the `script_finished` message of that
run, so it is the server's time and the network's, never a browser's.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

STREAM_PATH = "_stcore/stream"
#: A run ended: the frontend clears the elements the run did not draw again.
_FINISHED = (
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


class ProtocolError(RuntimeError):
    """The server sent something a visitor cannot follow (a reference to an element it never
    kept, an error drawn on the page, a widget the page does not have)."""


@dataclass
class PageState:
    """One visitor's view of a page, built from the server's messages."""

    #: The page's elements by delta path (root container first: 0 the main area, 1 the
    #: sidebar).
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)
    #: Paths drawn (elements or blocks) by the run under way.
    drawn: set[tuple[int, ...]] = field(default_factory=set)
    #: Cacheable messages kept by hash, with the run count when each was last used.
    kept: dict[str, tuple[ForwardMsg, int]] = field(default_factory=dict)
    runs_ended: int = 0
    max_cached_age: int = 2
    page_script_hash: str = ""
    query_string: str = ""
    #: The widget states this visitor has set, by widget id, sent with every rerun.
    widget_states: dict[str, WidgetState] = field(default_factory=dict)
    #: Errors the page drew (st.exception elements), as their messages.
    errors: list[str] = field(default_factory=list)
    #: Elements read from the client's cache in place of a reference.
    references_resolved: int = 0

    def apply(self, msg: ForwardMsg) -> str | None:
        """Take one message from the server; its kind (`ForwardMsg.type`), that of the kept
        message for a reference."""
        if msg.WhichOneof("type") == "ref_hash":
            msg = self._resolve(msg)
        if msg.metadata.cacheable and msg.hash:
            self.kept[msg.hash] = (msg, self.runs_ended)
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self.max_cached_age = msg.new_session.config.max_cached_message_age or 2
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "navigation" and msg.navigation.page_script_hash:
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "delta":
            self._apply_delta(msg)
        elif kind == "script_finished":
            self._end_run(msg.script_finished)
        return kind

    def _resolve(self, reference: ForwardMsg) -> ForwardMsg:
        entry = self.kept.get(reference.ref_hash)
        if entry is None:
            raise ProtocolError(
                f"the server referred to a message this visitor never kept ({reference.ref_hash})"
            )
        self.kept[reference.ref_hash] = (entry[0], self.runs_ended)
        self.references_resolved += 1
        resolved = ForwardMsg()
        resolved.CopyFrom(entry[0])
        resolved.metadata.CopyFrom(reference.metadata)  # the element's place in this run
        return resolved

    def _apply_delta(self, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        if delta.WhichOneof("type") == "new_element":
            self.elements[path] = delta.new_element
            self.drawn.add(path)
            if delta.new_element.WhichOneof("type") == "exception":
                failure = delta.new_element.exception
                self.errors.append(f"{failure.type}: {failure.message}")
        elif delta.WhichOneof("type") == "add_block":
            self.drawn.add(path)

    def _end_run(self, status: int) -> None:
        if status in _FINISHED:
            self.elements = {
                path: element for path, element in self.elements.items() if path in self.drawn
            }
        self.drawn.clear()
        self.runs_ended += 1
        self.kept = {
            key: (kept, used)
            for key, (kept, used) in self.kept.items()
            if self.runs_ended - used <= self.max_cached_age
        }

    def element(self, kind: str, label: str) -> Element:
        """The page's element of this kind ("slider", "metric", ...) with this label."""
        for element in self.elements.values():
            if element.WhichOneof("type") == kind and getattr(element, kind).label == label:
                return element
        raise ProtocolError(f"the page has no {kind} labelled {label!r}")

    def widget_id(self, label: str, kind: str = "slider") -> str:
        return getattr(self.element(kind, label), kind).id

    def metric(self, label: str) -> str:
        """The figure the metric with this label shows."""
        return self.element("metric", label).metric.body

    def slider_value(self, label: str) -> float:
        """A single-value slider's value: the one this visitor set, else the page's."""
        slider = self.element("slider", label).slider
        state = self.widget_states.get(slider.id)
        if state is not None:
            return state.double_array_value.data[0]
        return (slider.value if slider.set_value else slider.default)[0]

    def press_slider(self, label: str, steps: int) -> float:
        """Move a single-value slider by `steps` key presses (negative: down), as its arrow
        keys do: one step each, never past its bounds. Returns the new value."""
        slider = self.element("slider", label).slider
        value = self.slider_value(label) + steps * slider.step
        value = round(min(max(value, slider.min), slider.max), 10)
        state = WidgetState(id=slider.id)
        state.double_array_value.data.append(value)
        self.widget_states[slider.id] = state
        return value

    def first_run(self, page: str, query_string: str) -> BackMsg:
        """The message a browser sends on opening the page at `page?query_string`."""
        back = BackMsg()
        back.rerun_script.page_name = page
        back.rerun_script.query_string = query_string
        self.query_string = query_string
        return back

    def rerun(self) -> BackMsg:
        """The message a browser sends when a widget changes: the page's script hash, its
        address's query string, the widget states and the hashes of the kept elements."""
        back = BackMsg()
        state = back.rerun_script
        state.page_script_hash = self.page_script_hash
        state.query_string = self.query_string
        state.widget_states.widgets.extend(self.widget_states.values())
        state.cached_message_hashes.extend(sorted(self.kept))
        return back


@dataclass
class Press:
    """One press: its latency, and the headline figure before and after."""

    milliseconds: float
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.after != self.before


class Visitor:
    """One visitor on one websocket (asyncio): opens a page, presses sliders."""

    def __init__(self, base_url: str) -> None:
        self.address = base_url.replace("http://", "ws://", 1).rstrip("/") + "/" + STREAM_PATH
        self.state = PageState()
        self.socket = None

    async def open(self, page: str, query_string: str, timeout: float) -> float:
        """Connect and run the page once; seconds until its run ended."""
        self.socket = await websockets.connect(
            self.address, subprotocols=["streamlit"], max_size=None
        )
        return await self._run(self.state.first_run(page, query_string), timeout) / 1000

    async def press(self, slider: str, steps: int, headline: str, timeout: float) -> Press:
        """Move `slider` by `steps` and wait for the run to end; the headline before and after.

        Raises TimeoutError when the run does not end within `timeout` seconds."""
        before = self.state.metric(headline)
        self.state.press_slider(slider, steps)
        milliseconds = await self._run(self.state.rerun(), timeout)
        return Press(milliseconds, before, self.state.metric(headline))

    async def _run(self, back: BackMsg, timeout: float) -> float:
        """Send `back` and read messages until the run it starts has ended; milliseconds."""
        assert self.socket is not None, "open the page first"
        errors = len(self.state.errors)
        started = time.perf_counter()
        await self.socket.send(back.SerializeToString())
        deadline = started + timeout
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no end of the run within {timeout:.0f} s")
            msg = ForwardMsg()
            msg.ParseFromString(await _recv(self.socket, remaining))
            if self.state.apply(msg) == "script_finished":
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # a rerun this visitor did not ask for replaced it: keep reading
                elapsed = (time.perf_counter() - started) * 1000
                if len(self.state.errors) > errors:
                    raise ProtocolError(f"the page drew an error: {self.state.errors[-1]}")
                return elapsed

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()


async def _recv(socket, timeout: float) -> bytes:
    return await asyncio.wait_for(socket.recv(), timeout)
