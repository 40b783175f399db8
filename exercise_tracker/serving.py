"""gunicorn's threaded worker, with kept-alive connections spread evenly over the web processes.

gunicorn's processes take turns at one listening socket, and whichever wakes first accepts: a
process that has just closed a connection is usually awake and takes the client's next one too,
and a process being replaced (WEB_MAX_REQUESTS) hands all its clients to the others for good.
Kept-alive connections then stay where they landed, so one process can serve most of the
clients while another idles, and since a process runs Python on one core at a time, its clients
queue while a core is free. Each process therefore posts how many connections it holds on a
small board shared by all of them (made in the master, inherited on fork), accepts only while it
holds no more than the least-loaded other process, and asks the client of one of its connections
to reconnect (``Connection: close`` after a complete response, as HTTP/1.1 allows at any time)
while it holds more than one over that, so a newcomer fills up at once.
"""

import os
import threading
import time
from multiprocessing.sharedctypes import RawArray

from gunicorn.workers.gthread import ThreadWorker

# A process that has not posted for this long is not counted (stuck, or killed before it could
# withdraw): the others then accept without waiting for it. gunicorn's loop posts at least once
# a second.
STALE_AFTER_S = 2.0
# More connections than the least-loaded other process, above which one client is asked to
# reconnect; and the time between two such requests, so that the closes already asked for are
# counted before the next (a reconnection takes about a millisecond on a loopback).
HANDOFF_EXCESS = 1
HANDOFF_INTERVAL_S = 0.05
# How often a process that declined to accept looks again: another process may have declined
# too on counts that have changed since, and gunicorn's loop alone would wait up to a second.
RECHECK_S = 0.01
_PID, _CONNECTIONS, _POSTED = range(3)


class ConnectionBoard:
    """Slots of (pid, connections held, monotonic time posted), in memory the processes share.

    Each process writes only its own slot; a value is one aligned 8-byte word, written whole.
    """

    def __init__(self, slots: int):
        self.slots = slots
        self._values = RawArray("d", slots * 3)

    def post(self, slot: int, pid: int, connections: int) -> None:
        base = slot * 3
        self._values[base + _CONNECTIONS] = connections
        self._values[base + _PID] = pid
        self._values[base + _POSTED] = time.monotonic()

    def withdraw(self, slot: int, pid: int) -> None:
        if self._values[slot * 3 + _PID] == pid:
            self._values[slot * 3 + _PID] = 0

    def fewest_elsewhere(self, slot: int) -> int | None:
        """The fewest connections a live other process holds, or None when there is none."""
        now, fewest = time.monotonic(), None
        for other in range(self.slots):
            base = other * 3
            if other == slot or not self._values[base + _PID]:
                continue
            if now - self._values[base + _POSTED] > STALE_AFTER_S:
                continue
            held = int(self._values[base + _CONNECTIONS])
            fewest = held if fewest is None else min(fewest, held)
        return fewest


class BalancedThreadWorker(ThreadWorker):
    """A gthread worker that keeps its share of the connections, no more (module docstring)."""

    board: ConnectionBoard | None = None  # made by the first worker built, in the master

    def __init__(self, age, ppid, sockets, app, timeout, cfg, log):
        super().__init__(age, ppid, sockets, app, timeout, cfg, log)
        if BalancedThreadWorker.board is None:
            # Room for every process four times over: replaced ones may still be finishing.
            BalancedThreadWorker.board = ConnectionBoard(max(2, cfg.workers) * 4)
        self.slot = age % BalancedThreadWorker.board.slots
        self._handoff_lock = threading.Lock()
        self._last_handoff = 0.0
        self._declining = False

    def _excess(self) -> int:
        """Connections held over the least-loaded other process (0 when alone)."""
        fewest = self.board.fewest_elsewhere(self.slot)
        return 0 if fewest is None else self.nr_conns - fewest

    def notify(self):
        super().notify()
        if self.alive:
            self.board.post(self.slot, os.getpid(), self.nr_conns)
        else:  # stopping and draining: it accepts no more, so the others must not wait for it
            self.board.withdraw(self.slot, os.getpid())

    def set_accept_enabled(self, enabled):
        # gunicorn's loop asks again on every pass while this declines (see RECHECK_S).
        self._declining = enabled and self._excess() > 0
        super().set_accept_enabled(enabled and not self._declining)

    def wait_for_and_dispatch_events(self, timeout):
        super().wait_for_and_dispatch_events(
            min(timeout, RECHECK_S) if self._declining else timeout
        )

    def accept(self, listener):
        if self._excess() > 0:
            self.set_accept_enabled(True)  # declines, and looks again soon
            return
        super().accept(listener)
        self.board.post(self.slot, os.getpid(), self.nr_conns)

    def handle_request(self, req, conn):
        if self._excess() > HANDOFF_EXCESS:
            with self._handoff_lock:
                now = time.monotonic()
                if now - self._last_handoff >= HANDOFF_INTERVAL_S:
                    self._last_handoff = now
                    req.force_close()
        return super().handle_request(req, conn)

    def run(self):
        # A process that stops with no connection left never drains, so never notifies again.
        try:
            super().run()
        finally:
            self.board.withdraw(self.slot, os.getpid())
