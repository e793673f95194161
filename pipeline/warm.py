"""Build the tagger ahead of need: once per process, or in a runner forked early for a one-file run.

The spaCy tagger takes most of a second to build (spaCy's import, then the gazetteer), as long as a
one-file run's own reading.  :func:`start_tagger` forks a runner that builds it from the moment the
batch knows it will run in this process, before it reads its output's index (Arrow and pandas), so the
two overlap on a second core; :func:`pipeline.batch.read_while_tagger_builds` then tags the first
document in that runner.
"""

from __future__ import annotations

from pipeline.guard import WarmingRunner


def build_tagger() -> None:
    """Build the tagger and what spaCy sets up lazily on first use (a first call does both); never raises."""
    try:
        from pipeline.nlp import tag_text

        tag_text("HR and Kent County Council: 56% of staff trained by March 2024", timescale=True)
    except Exception:  # noqa: BLE001, S110 - reported per document by the child, which meets it again
        pass


def start_tagger(wanted: bool) -> WarmingRunner | None:
    """A runner building the tagger from now on when ``wanted`` (the batch runs in this process and tags:
    :func:`pipeline.batch.run_batch` decides), else None; None too when no process can be started.

    The caller stops it (:meth:`~pipeline.guard.WarmingRunner.stop`); unused when every file is unchanged.
    """
    if not wanted:
        return None
    try:
        return WarmingRunner(build_tagger)
    except OSError:      # no process to spare: the tagger is built the ordinary way
        return None
