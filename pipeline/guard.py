"""Run documents in a child process under a per-document deadline and memory ceiling.

Both batch backends (a local pool worker and a Dask worker) call the same function,
:func:`pipeline.batch.process_document`, which runs each document through :func:`run_guarded`:
the worker forks a *runner* child and watches it from outside while the runner works, so a
parser stuck in C code, a zip bomb or a quadratic table is stopped however it misbehaves:

- the **deadline** (``max_seconds``) and the **memory ceiling** (``max_memory_mb``, resident
  memory of the runner) are checked every :data:`POLL_S` seconds; the runner is SIGKILLed at
  either and the caller gets ``"timed_out"`` or ``"over_memory"`` instead of a value;
- a runner killed by anything else (the kernel's OOM killer, a crash in a C library) is
  ``"died"``, with the signal or exit status; one whose peak memory passed the ceiling is
  ``"over_memory"`` whoever killed it.

The runner is reused for the next document (it keeps its warm caches: forking a fresh child per
document made text documents 2-4 times slower) until it is killed, or until its resident memory
after a document passes :data:`RECYCLE_FRACTION` of the ceiling, when it is replaced by a new fork
so that what one document left behind is never charged to the next.

Why a child of the worker, and not the pool's own time-outs: the ceiling must hold on Dask too,
which has neither per-task time-outs nor per-task memory limits; its worker processes are
daemonic, so ``multiprocessing`` (and pebble, built on it) refuses to start children there, while
``os.fork`` works in any worker.

Every process council-extract starts dies with its parent (:func:`die_with_parent`: Linux
``PR_SET_PDEATHSIG``), so a SIGKILLed ``council-extract run`` leaves nothing behind.

>>> run_guarded(sum, [1, 2], max_seconds=10, max_memory_mb=4096).value
3
"""

from __future__ import annotations

import ctypes
import errno
import gc
import importlib
import os
import pickle
import signal
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import psutil

POLL_S = 0.02             # seconds between checks of the runner's clock and resident memory
RECYCLE_FRACTION = 0.5    # a runner left holding more than this share of the ceiling is replaced
PR_SET_PDEATHSIG = 1      # linux/prctl.h
RESET_PEAK_RSS = b"5"     # written to /proc/PID/clear_refs: resets the process's VmHWM (Linux >= 4.0)
DONE, TIMED_OUT, OVER_MEMORY, DIED, RAISED = "done", "timed_out", "over_memory", "died", "raised"


@dataclass(frozen=True, slots=True)
class Guarded:
    """How a guarded call ended.

    ``outcome`` is ``"done"`` (``value`` holds the return value), ``"raised"`` (``detail`` is the
    exception's last traceback line), ``"timed_out"``, ``"over_memory"`` or ``"died"`` (``detail``
    says how).  ``peak_mb`` is the runner's peak resident memory in MB during the call (at most
    its lifetime peak where the kernel cannot reset it), ``seconds`` the call's wall time.
    """

    outcome: str
    value: Any = None
    seconds: float = 0.0
    peak_mb: float = 0.0
    detail: str = ""


def run_guarded(fn: Callable[..., Any], *args: Any, max_seconds: float, max_memory_mb: float) -> Guarded:
    """Call ``fn(*args)`` in this thread's runner child; kill it at ``max_seconds`` or ``max_memory_mb``.

    ``fn`` and its arguments go to the runner pickled (``fn`` by reference, as for any pool), and
    so does the value back.  Never raises for what the runner does.

    >>> run_guarded(time.sleep, 5, max_seconds=0.2, max_memory_mb=4096).outcome
    'timed_out'
    """
    runner = _runners.__dict__.setdefault("runner", None)
    if runner is None or not runner.alive():
        runner = _runners.runner = _Runner()
    result = runner.call(fn, args, max_seconds, max_memory_mb)
    if not runner.alive() or result.outcome == OVER_MEMORY or runner.rss_mb() > RECYCLE_FRACTION * max_memory_mb:
        runner.stop()
        _runners.runner = None
    return result


class WarmingRunner:
    """A runner forked now that starts ``prepare()`` at once, while the caller goes on with other work.

    For work that needs something slow to build (the spaCy tagger) and could use a second core
    meanwhile: :meth:`ready` waits for ``prepare``, then :meth:`call` runs work under the guard.
    Fork it before starting any thread (a fork while another thread holds an import lock leaves the
    child's lock held).  Never raises for what the runner does; :meth:`stop` ends it.
    """

    def __init__(self, prepare: Callable[[], Any]) -> None:
        self._runner = _Runner()
        self._stopped = False
        self._pending = self._runner.send(prepare, ())

    def ready(self, max_seconds: float, max_memory_mb: float) -> bool:
        """Wait for ``prepare`` (killed past ``max_seconds`` or the ceiling); True when it finished."""
        if not self._pending:
            return self._runner.alive()
        self._pending = False
        runner = self._runner
        return runner.watch(time.monotonic(), _reset_peak(runner.pid), max_seconds, max_memory_mb).outcome == DONE

    def call(self, fn: Callable[..., Any], *args: Any, max_seconds: float, max_memory_mb: float) -> Guarded:
        """``fn(*args)`` in the runner, as :func:`run_guarded` runs it (call :meth:`ready` first)."""
        return self._runner.call(fn, args, max_seconds, max_memory_mb)

    def stop(self) -> None:
        """End the runner; stopping it again does nothing."""
        if not self._stopped:
            self._stopped = True
            self._runner.stop()


_runners = threading.local()   # one runner per calling thread (a Dask worker may run several tasks at once)
_frozen = False


def _freeze() -> None:
    """Move the parent's objects out of the collector's reach before a fork.

    A runner's garbage collector then never writes to the pages of the parent's long-lived
    objects (the spaCy pipeline, compiled patterns), so the fork shares them instead of copying.
    The first time collects first; later forks (after more was built) only freeze what is new.
    """
    global _frozen
    if not _frozen:
        gc.collect()
        _frozen = True
    gc.freeze()


class _Runner:
    """A forked child that runs calls one at a time, sent and answered through two pipes."""

    def __init__(self) -> None:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        parent = os.getpid()
        _freeze()
        with warnings.catch_warnings():
            # Python 3.12+ warns about fork() in a process with threads (a Dask worker has several).
            # The runner never touches the other threads' locks; a deadlock there would still end at
            # the deadline.
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the runner; its behaviour is checked through the parent
            _serve(task_r, result_w, parent)
        os.close(task_r)
        os.close(result_w)
        self.pid = pid
        self.tasks = Connection(task_w, readable=False)
        self.results = Connection(result_r, writable=False)
        self.process = psutil.Process(pid)
        self.status: int | None = None   # wait status once reaped
        self.lifetime_peak_mb = 0.0

    def alive(self) -> bool:
        return self.status is None

    def rss_mb(self) -> float:
        try:
            return self.process.memory_info().rss / 2**20
        except psutil.Error:
            return 0.0

    def call(self, fn: Callable[..., Any], args: tuple, max_seconds: float, max_memory_mb: float) -> Guarded:
        start = time.monotonic()
        exact_peak = _reset_peak(self.pid)
        if not self.send(fn, args):
            return Guarded(DIED, seconds=0.0, detail=_describe_status(self.status))
        return self.watch(start, exact_peak, max_seconds, max_memory_mb)

    def send(self, fn: Callable[..., Any], args: tuple) -> bool:
        """Queue ``fn(*args)``; False when the runner is gone (then it is reaped)."""
        try:
            self.tasks.send_bytes(pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            self._reap()
            return False
        return True

    def watch(self, start: float, exact_peak: bool, max_seconds: float, max_memory_mb: float) -> Guarded:
        """Wait for the next answer, killing the runner past ``max_seconds`` (from ``start``) or the ceiling."""
        sampled = 0.0
        killed_for = ""
        message = None
        while message is None:
            mb = self.rss_mb()
            sampled = max(sampled, mb)
            if mb > max_memory_mb:
                killed_for = OVER_MEMORY
            elif time.monotonic() - start > max_seconds:
                killed_for = TIMED_OUT
            if killed_for:
                if exact_peak:
                    sampled = max(sampled, _peak_mb(self.pid))
                self.kill()
                break
            try:
                if self.results.poll(POLL_S):
                    message = pickle.loads(self.results.recv_bytes())
            except (EOFError, OSError):
                break                     # the runner died
        seconds = time.monotonic() - start
        if message is None:
            self._reap()
            if killed_for:
                return Guarded(killed_for, seconds=seconds, peak_mb=sampled)
            peak = max(sampled, self.lifetime_peak_mb)
            if peak > max_memory_mb:      # killed from outside (OOM killer) after passing the ceiling
                return Guarded(OVER_MEMORY, seconds=seconds, peak_mb=peak)
            return Guarded(DIED, seconds=seconds, peak_mb=peak, detail=_describe_status(self.status))
        peak = max(sampled, _peak_mb(self.pid) if exact_peak else 0.0)
        outcome, value = message
        if outcome == DONE:
            return Guarded(DONE, value, seconds, peak)
        return Guarded(outcome, seconds=seconds, peak_mb=peak, detail=str(value))

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stop(self) -> None:
        """End the runner (it exits when its task pipe closes) and reap it."""
        self.tasks.close()
        if self.alive():
            self.kill()
            self._reap()
        self.results.close()

    def _reap(self) -> None:
        if self.status is not None:
            return
        try:
            _, status, usage = os.wait4(self.pid, 0)
        except ChildProcessError:        # SIGCHLD ignored somewhere: the kernel reaped it for us
            self.status = -1
            return
        self.status = status
        self.lifetime_peak_mb = usage.ru_maxrss / 1024   # Linux: KiB


def _serve(task_fd: int, result_fd: int, parent: int) -> None:
    """The runner's loop: receive ``(fn, args)``, answer ``(outcome, value)``; always ends with ``os._exit``."""
    status = 0
    try:
        _close_fds_except(task_fd, result_fd)
        die_with_parent(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the driver's to handle: it kills us
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        tasks = Connection(task_fd, writable=False)
        results = Connection(result_fd, readable=False)
        while True:
            try:
                fn, args = pickle.loads(tasks.recv_bytes())
            except EOFError:
                break                                   # the parent is done with us
            results.send_bytes(_answer(fn, args))
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child into the parent's code
        status = 70     # EX_SOFTWARE: the parent sees a runner that died without answering
    finally:
        os._exit(status)


def _answer(fn: Callable[..., Any], args: tuple) -> bytes:
    try:
        message: tuple[str, Any] = (DONE, fn(*args))
    except MemoryError:
        message = (OVER_MEMORY, "MemoryError")
    except Exception as e:  # noqa: BLE001 - reported to the parent, which decides
        message = (RAISED, traceback.format_exception_only(type(e), e)[-1].strip())
    try:
        return pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as e:  # noqa: BLE001 - an unpicklable value is our bug, reported as such
        return pickle.dumps((RAISED, f"the result could not be sent back ({type(e).__name__}: {e})"))


def _close_fds_except(*keep: int) -> None:
    """Close every inherited descriptor but stdin/out/err and ``keep``.

    Another thread's runner pipe held open here would hide that runner's death; the pool's
    channel, the run lock and the Dask sockets are not the runner's business either.
    """
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, os.sysconf("SC_OPEN_MAX"))


def _reset_peak(pid: int) -> bool:
    """Reset the kernel's peak-RSS mark of ``pid``; False where that is not possible."""
    try:
        with open(f"/proc/{pid}/clear_refs", "wb") as f:
            f.write(RESET_PEAK_RSS)
    except OSError:
        return False
    return True


def _peak_mb(pid: int) -> float:
    """The kernel's peak-RSS mark (VmHWM) of ``pid`` in MB, or 0.0."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _describe_status(status: int | None) -> str:
    if status is None or status < 0:
        return "ended without an answer"
    if os.WIFSIGNALED(status):
        return f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exited with status {os.waitstatus_to_exitcode(status)} without an answer"


def die_with_parent(parent: int | None = None) -> None:
    """Make the kernel SIGKILL this process when its parent exits; exit now if it already has.

    ``parent`` is the pid the caller expects as parent (default: the current one); on systems
    without ``PR_SET_PDEATHSIG`` a daemon thread polls the parent pid every second instead.
    """
    expected = parent if parent is not None else os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    else:  # pragma: no cover - macOS/BSD
        threading.Thread(target=_exit_when_orphaned, args=(expected,), daemon=True).start()
    if os.getppid() != expected:       # the parent died before the request took effect
        os._exit(errno.ESRCH)


def start_pool_worker(parent: int, tag: bool, warm_up: str) -> None:
    """A batch pool worker's initializer: ask for the parent-death signal first, then warm up.

    ``parent`` is the batch process's pid, passed in rather than read: a worker whose batch was
    killed while it was still starting (importing the pipeline takes seconds on a busy machine)
    already has init as its parent, and must exit at once instead of warming up for nobody.
    Lives here, in a module that imports little, so that the request is made before the
    extractors and spaCy are imported.  ``warm_up`` names the function that warms the worker up,
    as ``"module:function"`` called with ``(tag, parent)`` (``"pipeline.batch:start_worker"``): a name,
    not the function, so that unpickling the initializer's arguments imports nothing heavy, and
    so that this module, below the batch, never imports it.
    """
    die_with_parent(parent)
    module, _, name = warm_up.partition(":")
    getattr(importlib.import_module(module), name)(tag, parent)


def _exit_when_orphaned(parent: int) -> None:  # pragma: no cover - non-Linux fallback
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(errno.ESRCH)


def stop_runner() -> None:
    """Stop this thread's runner, if any; the next guarded call forks a fresh one from the current state."""
    runner = _runners.__dict__.pop("runner", None)
    if runner is not None:
        runner.stop()
