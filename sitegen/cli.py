"""The command line: argparse, exit codes, progress on a terminal only.

Exit status (SPEC §2): 0 success, 1 the site has errors (one ``PATH:LINE:
message`` per line on stderr), 2 the command line is wrong. The clock is read
here and nowhere else: ``SOURCE_DATE_EPOCH`` when set, else the current time.
"""

from __future__ import annotations

import argparse
import atexit
import logging
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from sitegen import __version__
from sitegen.entry import exclusive, unchanged_build
from sitegen.errors import Problem, Problems, RunError, SiteError
from sitegen.executors import (
    DEFAULT_TIMEOUT,
    Executor,
    open_executor,
    parse_executor,
    positive_seconds,
)
from sitegen.options import BuildOptions

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def build_clock() -> datetime:
    """``SOURCE_DATE_EPOCH`` (reproducible builds) or now, as an aware UTC datetime."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds, not {epoch!r}") from None
    return datetime.now(UTC)


class UsageError(Exception):
    """The command line (or its environment) is wrong: exit status 2."""


class TerminalProgress:
    """One self-overwriting status line on stderr, only when stdout is a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.enabled:
            sys.stderr.write(f"\r\x1b[2K{stage}: {done}/{total}")
            sys.stderr.flush()

    def clear(self) -> None:
        if self.enabled:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description="Static sites for news analysis.")
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser("build", help="build the site into the output directory")
    b.add_argument("site", nargs="?", default=".", type=Path, help="site directory (default .)")
    b.add_argument("-o", "--output", type=Path, help="output directory (default SITE/output)")
    b.add_argument("--drafts", action="store_true", help="include drafts")
    b.add_argument("--future", action="store_true", help="include future-dated articles")
    b.add_argument("--base-url", help="override base_url from site.yaml")
    b.add_argument(
        "--jobs",
        type=_positive_int,
        default=os.cpu_count() or 1,
        help="worker processes (pages: this one and N - 1 workers)",
    )
    b.add_argument("--no-minify", action="store_true", help="write readable HTML")
    b.add_argument("--cache-dir", type=Path, help="cache directory (default SITE/.sitegen-cache)")
    _executor_arguments(b)

    c = commands.add_parser("check", help="validate the site, its links and anchors; write nothing")
    c.add_argument("site", nargs="?", default=".", type=Path, help="site directory (default .)")
    c.add_argument("--external", action="store_true", help="also probe external http(s) links")
    c.add_argument("--timeout", type=float, default=10.0, help="seconds per external request")
    c.add_argument("--drafts", action="store_true", help="include drafts")
    c.add_argument("--future", action="store_true", help="include future-dated articles")
    c.add_argument("--base-url", help="override base_url from site.yaml")
    _executor_arguments(c)

    s = commands.add_parser("serve", help="preview with drafts; rebuild and reload on save")
    s.add_argument("site", nargs="?", default=".", type=Path, help="site directory (default .)")
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")

    n = commands.add_parser("new", help="write content/<slug>.md with its front matter filled in")
    n.add_argument("title", help="the article's title; its slug names the file")
    n.add_argument("site", nargs="?", default=".", type=Path, help="site directory (default .)")
    n.add_argument("--section", help="the article's section")
    n.add_argument("--tags", help="comma-separated tags: --tags 'energy,EU policy'")

    r = commands.add_parser("related", help='print an article\'s "You may also like" list')
    r.add_argument(
        "slug", help="the article's slug, or its file (content/2022/a.md) if slugs repeat"
    )
    r.add_argument("site", nargs="?", default=".", type=Path, help="site directory (default .)")
    r.add_argument("--explain", action="store_true", help="add each one's reason, score and tags")

    i = commands.add_parser(
        "import",
        help="make a sitegen site from a Hugo or Jekyll site or a WordPress, Blogger, "
        "Ghost, Substack or Medium export",
    )
    kinds = ("hugo", "jekyll", "wordpress", "blogger", "ghost", "substack", "medium")
    i.add_argument("source_kind", choices=kinds, metavar="{" + ",".join(kinds) + "}")
    i.add_argument(
        "source",
        type=Path,
        help="the Hugo or Jekyll site's folder, the WordPress or Blogger export (.xml, "
        "Blogger's feed.atom or Takeout zip), the Ghost "
        "export (.json, or a folder holding it and Ghost's content/images), or the "
        "Substack or Medium export (.zip, or the folder it was unpacked into)",
    )
    i.add_argument("dest", type=Path, help="folder to write the new site into")
    i.add_argument("--force", action="store_true", help="replace DEST if it is not empty")

    t = commands.add_parser("schedule", help="print when the next future-dated article goes live")
    t.add_argument("site", nargs="?", default=".", type=Path, help="site directory (default .)")
    return parser


def _executor_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--executor",
        metavar="WHERE",
        help="'local' (this machine's processes, the default) or dask://HOST:PORT, "
        "a Dask scheduler (default $SITEGEN_EXECUTOR)",
    )
    command.add_argument(
        "--executor-timeout",
        metavar="SECONDS",
        help=f"how long to wait for the Dask scheduler, a worker, a batch "
        f"(default {DEFAULT_TIMEOUT:g}; or dask://HOST:PORT?timeout=SECONDS)",
    )


def _executor(args: argparse.Namespace, jobs: int) -> AbstractContextManager[Executor]:
    """The executor ``--executor`` (or ``SITEGEN_EXECUTOR``) names, to open around a run."""
    text = args.executor or os.environ.get("SITEGEN_EXECUTOR", "") or "local"
    try:
        spec = parse_executor(text)
    except ValueError as error:
        raise UsageError(f"--executor: {error}") from None
    try:
        timeout = args.executor_timeout
        seconds = positive_seconds(timeout, "--executor-timeout") if timeout else None
    except ValueError as error:
        raise UsageError(str(error)) from None
    return open_executor(spec, jobs, seconds)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _base_url(args: argparse.Namespace) -> str | None:
    return args.base_url or os.environ.get("SITEGEN_BASE_URL") or None


def run_build(args: argparse.Namespace) -> int:
    site = args.site
    if not site.is_dir():
        raise UsageError(f"{site}: no such site directory")
    options = BuildOptions(
        site_dir=site,
        output_dir=args.output if args.output else site / "output",
        now=build_clock(),
        drafts=args.drafts,
        future=args.future,
        base_url=_base_url(args),
        jobs=args.jobs,
        minify=not args.no_minify,
        cache_dir=args.cache_dir,
    )
    started = time.perf_counter()
    where = _executor(args, options.jobs)  # a malformed --executor is a usage error first
    look = unchanged_build(options)
    last = look.unchanged
    if last is not None:  # nothing to do: the stages are not even imported
        _print_warnings(last.warnings)
        print(_summary(last.pages, 0, last.files, time.perf_counter() - started))
        return EXIT_OK
    from sitegen.build import build

    progress = TerminalProgress(sys.stdout.isatty())
    try:
        with where as executor:
            result = build(options, progress, executor=executor, inputs=look.inputs)
    finally:
        progress.clear()
    _print_warnings(result.warnings)
    print(_summary(result.pages, result.written, result.unchanged, result.seconds))
    return EXIT_OK


def _print_warnings(warnings: Sequence[Problem]) -> None:
    """``PATH:LINE: warning: …`` on stderr: what the build left out, not an error."""
    for warning in warnings:
        print(warning, file=sys.stderr)


def _summary(pages: int, written: int, unchanged: int, seconds: float) -> str:
    return (
        f"built {pages} pages ({written} files written, {unchanged} unchanged) in {seconds:.2f} s"
    )


def run_check(args: argparse.Namespace) -> int:
    if not args.site.is_dir():
        raise UsageError(f"{args.site}: no such site directory")
    if not args.timeout > 0:
        raise UsageError("--timeout must be a positive number of seconds")
    options = BuildOptions(
        site_dir=args.site,
        output_dir=args.site / "output",  # never written: check only prepares
        now=build_clock(),
        drafts=args.drafts,
        future=args.future,
        base_url=_base_url(args),
        minify=False,  # ids and links are the same either way
    )
    # Only here: the link checker's HTTP client is no part of a build's start-up.
    from sitegen.commands.check import check_site, report_lines

    problems, progress = Problems(), TerminalProgress(sys.stdout.isatty())
    timeout = args.timeout if args.external else None
    try:
        with (
            _executor(args, options.jobs) as executor,
            exclusive(options, f"the check of {args.site}"),  # it reads the cache and output
        ):
            report = check_site(options, problems, timeout, progress, executor)
    finally:
        progress.clear()
    _print_warnings(report.warnings)
    for line in report_lines(report, len(problems)):
        print(line)
    problems.raise_if_any()
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from sitegen.serve.session import ListenError, serve_site  # watchdog only when serving

    if not args.site.is_dir():
        raise UsageError(f"{args.site}: no such site directory")
    try:
        return serve_site(args.site, args.host, args.port, build_clock(), sys.stdout, sys.stderr)
    except ListenError as error:
        raise UsageError(str(error)) from None


def run_new(args: argparse.Namespace) -> int:
    from sitegen.commands.newarticle import parse_tags, write_new_article

    if not args.site.is_dir():
        raise UsageError(f"{args.site}: no such site directory")
    now = build_clock()  # today, in the site's timezone, is decided from this instant
    try:
        path = write_new_article(args.site, args.title, now, args.section, parse_tags(args.tags))
    except ValueError as error:
        raise UsageError(str(error)) from None
    print(args.site / path)
    return EXIT_OK


def run_related(args: argparse.Namespace) -> int:
    from sitegen.commands.explain import UnknownSlugError, explain_related, format_explanation

    if not args.site.is_dir():
        raise UsageError(f"{args.site}: no such site directory")
    try:
        explanation = explain_related(args.site, args.slug, build_clock())
    except UnknownSlugError as error:
        print(f"sitegen: {error}", file=sys.stderr)
        return EXIT_ERRORS
    if args.explain:
        print("\n".join(format_explanation(explanation)))
    else:
        print("\n".join(explanation.name(c) for c in explanation.candidates))
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from sitegen.importer.model import SourceError
    from sitegen.importer.write import write_import

    if args.source_kind == "hugo":
        from sitegen.importer.hugo import read_hugo_site as read
    elif args.source_kind == "jekyll":
        from sitegen.importer.jekyll import read_jekyll_site as read
    elif args.source_kind == "ghost":
        from sitegen.importer.ghost import read_ghost_export as read
    elif args.source_kind == "substack":
        from sitegen.importer.substack import read_substack_export as read
    elif args.source_kind == "blogger":
        from sitegen.importer.blogger import read_blogger_export as read
    elif args.source_kind == "medium":
        from sitegen.importer.medium import read_medium_export as read
    else:
        from sitegen.importer.wordpress import read_wordpress_export as read
    if not args.source.exists():
        raise UsageError(f"{args.source}: no such file or folder")
    try:
        result = write_import(read(args.source), args.dest, force=args.force)
    except SourceError as error:
        print(error, file=sys.stderr)
        return EXIT_ERRORS
    print(
        f"imported {result.articles} articles and {result.files} files into {args.dest}; "
        f"{result.notes} notes in {result.report}"
    )
    return EXIT_OK


def run_schedule(args: argparse.Namespace) -> int:
    from sitegen.commands.schedule import format_scheduled, next_scheduled

    if not args.site.is_dir():
        raise UsageError(f"{args.site}: no such site directory")
    scheduled = next_scheduled(args.site, build_clock())
    if scheduled is not None:
        print(format_scheduled(scheduled))
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": run_build,
    "check": run_check,
    "serve": run_serve,
    "new": run_new,
    "related": run_related,
    "import": run_import,
    "schedule": run_schedule,
}


class WarningLines(logging.Handler):
    """``sitegen: warning: …`` on whatever stderr is at the time of the warning;
    one about a place the author must look at is ``PATH:LINE: warning: …``, as
    every located message is."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        located = _LOCATED.match(message)
        if located:
            print(f"{located[1]}: warning: {located[2]}", file=sys.stderr)
        else:
            print(f"sitegen: warning: {message}", file=sys.stderr)


_LOCATED = re.compile(r"^([^\s:]+:\d+): (.*)$", re.DOTALL)


def _show_warnings() -> None:
    logger = logging.getLogger("sitegen")
    if not any(isinstance(h, WarningLines) for h in logger.handlers):
        logger.addHandler(WarningLines(logging.WARNING))
        logger.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns its exit status (``run`` ends the process with it)."""
    _show_warnings()
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except UsageError as error:
        print(f"sitegen: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SiteError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return EXIT_ERRORS
    except RunError as error:  # a full disk, a folder it cannot write: not the site's fault
        print(f"sitegen: {error}", file=sys.stderr)
        return EXIT_ERRORS
    except KeyboardInterrupt:
        print("sitegen: interrupted", file=sys.stderr)
        return 130


EXIT_UNFLUSHED = 120
"""The status of a process whose last output could not be written (a reader that
went away): the one the interpreter itself ends with then."""


def run() -> NoReturn:
    """The ``sitegen`` console script (and ``python -m sitegen``): ``main``, then
    out without taking the heap apart.

    An interpreter that ends the usual way takes apart every module and frees
    every object still alive, one at a time, before the process can go: after
    one body edit of a 100,000-article site, about 0.12 s of 6.2, memory the
    system takes back at once when the process ends. So
    the exit handlers run as they would (pools, temporary folders, the log's
    handlers), the output streams are flushed, and the process ends there.
    With another thread still running, none of that: it ends the usual way,
    which waits for the thread.
    """
    try:
        status = main()
    except BrokenPipeError:  # the summary, written to a reader that went away
        status = _unflushed()
    if threading.active_count() > 1:
        sys.exit(status)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        status = _unflushed()
    os._exit(status)


def _unflushed() -> int:
    """``EXIT_UNFLUSHED``, with the standard output sent nowhere from now on: what is
    left in its buffer would fail again, and an ending that flushes it would
    print a traceback."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return EXIT_UNFLUSHED
