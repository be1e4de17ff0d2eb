"""Measures fazhi on synthetic corpora of N reports and prints the figures of README "Speed and scale".

    python benchmarks/bench.py --n 100 1000 10000      # the README figures (about 25 min)
    python benchmarks/bench.py --n 100 --jobs-at 100    # a quick look (under a minute)
    python benchmarks/bench.py --profile 300            # where the engine spends its time

For every N it builds a corpus (benchmarks/corpus.py: the seed reports and the samples,
recombined section by section, figures redrawn) in a temporary folder and measures, each in
a fresh process and on the same files:

- reading: every file read and decoded as the scorer reads it (`scorer.ingest.read_report`);
- bare jieba: `jieba.lcut(text)` once over every text (default dictionary, as a user would
  call it), reading excluded;
- fazhi end-to-end: `scorer.batch.score_paths` over the folder (reading included), one
  worker. Twice: as the engine is ("warm": its per-sentence cache also serves sentences
  that repeat across reports, which the synthetic corpus has far more of than real
  reports do), and with the engine's text caches emptied before each report ("cold": what a
  corpus of all-new sentences costs, the honest figure for real reports);
- peak memory: the largest proportional set size (PSS, so pages shared by forked workers
  count once) of the scoring process and its workers together, sampled every 0.25 s;
- with workers: the cold run again with `--jobs 2` at N = --jobs-at, and whether its
  results are identical to the one-worker run (a digest of every file's score and statuses);
- streaming: the cold run through `scorer.batch.iter_outcomes`, results dropped as they
  come (what a writer that streams to disk would hold), for peak memory at every N;
- the real CLI, as a user runs it on the folder, with --jobs workers: `fazhi score DIR
  --out OUT -f csv` and `fazhi report DIR --out OUT --no-history`, for peak memory (PSS of
  the command and its workers) and wall time at every N. `--cli-only` measures just these
  (quick to compare two checkouts), `--cli-from DIR` runs the CLI of another checkout (an
  earlier commit, say) on the same corpus.

Then `fazhi --help` and `fazhi score ONE_FILE` are timed as a user would run them (median
of 5 and of 3 runs), the latter also "first run on a machine", with an empty temporary folder
so that jieba rebuilds its dictionary cache. Timings exclude interpreter start-up and
loading jieba's dictionary in the measured processes (both are paid once per run, and are
what the cold one-report figure shows).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import itertools
import json
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

from corpus import distinct_sentence_share, load_pools, write_corpus

from scorer.ingest import Source

MB = 1024 * 1024


def seed_folder() -> Path:
    """Returns the folder of the seed reports (../shared/corpus/seeds next to the repo)."""
    return REPO.parent / "shared" / "corpus" / "seeds"


def donor_texts() -> list[str]:
    """Returns the texts the corpus is recombined from: the seeds (when present) and samples."""
    from scorer.ingest import read_report
    from scorer.resources import sample_reports_dir

    files = sorted(seed_folder().glob("*.txt")) + sorted(sample_reports_dir().glob("*.txt"))
    return [read_report(p).text for p in files]


# A functools cache this large (or unbounded) holds texts — e.g. jieba's tokens per sentence —
# rather than set-up objects such as a converter, which stay.
_TEXT_CACHE_SIZE = 1024


_text_caches: tuple[int, list] = (0, [])  # (len(sys.modules) when found, the caches)


def empty_engine_caches() -> None:
    """Empties the text caches of the loaded scorer modules (functools caches of at least
    _TEXT_CACHE_SIZE entries, or unbounded). They are looked for again only when modules
    were loaded since, so that the harness's own work does not weigh on the timed run."""
    global _text_caches
    if _text_caches[0] != len(sys.modules):
        found = []
        for name, module in list(sys.modules.items()):
            if name.startswith("scorer.") and module is not None:
                for value in vars(module).values():
                    info = getattr(value, "cache_info", None)
                    if callable(info) and (info().maxsize or _TEXT_CACHE_SIZE) >= _TEXT_CACHE_SIZE:
                        found.append(value)
        _text_caches = (len(sys.modules), found)
    for cache in _text_caches[1]:
        cache.cache_clear()
    match = sys.modules.get("scorer.match")
    if match is not None and hasattr(match, "_log_probability"):
        match._log_probability.clear()  # the word weights met so far, for good measure


def cli_scoring():
    """Returns what `fazhi score` scores with by default: the bundled checklists (chosen by
    reporting year) where this version has them, else the default checklist."""
    try:
        from scorer.outlines import bundled_checklists
    except ImportError:
        from scorer.checklist import load_checklist

        return load_checklist(None)
    return bundled_checklists()


class ColdSource(Source):
    """A report source whose reading first empties the engine's text caches (in whatever process
    scores it), so that no sentence is served from an earlier report."""

    def read(self):
        empty_engine_caches()
        return super().read()


# ---------------------------------------------------------------- measured child processes

def _cpu_seconds() -> float:
    """Returns the CPU time of this process and of its finished children (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _digest(outcomes) -> str:
    h = hashlib.sha256()
    for source, outcome in outcomes:
        if hasattr(outcome, "decisions"):
            h.update(f"{source.name}|{outcome.score}|".encode())
            h.update("".join(f"{d.element_id}={d.status};" for d in outcome.decisions).encode())
        else:
            h.update(f"{source.name}|error|{outcome.error}".encode())
    return h.hexdigest()[:16]


def child_score(folder: Path, jobs: int, cold: bool, stream: bool) -> dict:
    """Scores a folder as a user's batch would; returns the timing and a digest of the results."""
    from scorer.batch import iter_outcomes, score_paths, score_sources
    from scorer.engine import matcher_for
    from scorer.ingest import find_reports

    checklist = cli_scoring()
    matcher_for(checklist)  # jieba's dictionary and the checklist words, as in any run
    start, cpu = time.perf_counter(), _cpu_seconds()
    if stream:
        sources = [ColdSource(s.name, s.path) for s in find_reports([folder])]
        n_ok = n_err = 0
        for _, outcome in iter_outcomes(sources, checklist, jobs=jobs):
            n_ok += hasattr(outcome, "decisions")
            n_err += not hasattr(outcome, "decisions")
        return {"seconds": time.perf_counter() - start, "cpu_seconds": _cpu_seconds() - cpu,
                "scored": n_ok, "failed": n_err}
    if cold:
        sources = [ColdSource(s.name, s.path) for s in find_reports([folder])]
        batch = score_sources(sources, checklist, jobs=jobs)
    else:
        sources = find_reports([folder])
        batch = score_paths([folder], checklist, jobs=jobs)
    seconds, cpu = time.perf_counter() - start, _cpu_seconds() - cpu
    by_name = {r.file: r for r in batch.results} | {e.file: e for e in batch.errors}
    return {"seconds": seconds, "cpu_seconds": cpu, "scored": len(batch.results), "failed": len(batch.errors),
            "digest": _digest((s, by_name[s.name]) for s in sources)}


def child_jieba(folder: Path) -> dict:
    """Reads every file and segments it once with bare jieba; returns both times."""
    import jieba

    from scorer.ingest import find_reports

    jieba.setLogLevel(60)
    jieba.initialize()
    read_s = cut_s = cut_cpu = 0.0
    n_bytes = n_chars = 0
    for source in find_reports([folder]):
        t0 = time.perf_counter()
        text = source.read().text
        t1, c1 = time.perf_counter(), time.process_time()
        jieba.lcut(text)
        t2, c2 = time.perf_counter(), time.process_time()
        read_s, cut_s, cut_cpu = read_s + t1 - t0, cut_s + t2 - t1, cut_cpu + c2 - c1
        n_bytes += source.path.stat().st_size
        n_chars += len(text)
    return {"read_seconds": read_s, "jieba_seconds": cut_s, "jieba_cpu_seconds": cut_cpu,
            "bytes": n_bytes, "chars": n_chars}


# ---------------------------------------------------------------- the measuring parent

def _process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children[pid])
    return tree


def _memory_of(pid: int) -> int:
    """Returns a process's proportional set size in bytes (its RSS where PSS is not shown)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _run_sampled(command: list[str], env: dict | None = None, quiet: bool = False,
                 cwd: Path | None = None) -> tuple[subprocess.CompletedProcess, float, float]:
    """Runs a command; returns it (stdout captured; stderr passed through, or captured when
    `quiet`), the peak memory of its process tree in bytes, sampled every 0.25 s, and its
    wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE if quiet else None,
                            text=True, env=env, cwd=cwd)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, sum(_memory_of(p) for p in _process_tree(proc.pid)))
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return subprocess.CompletedProcess(command, proc.returncode, out, err), peak, seconds


def run_child(args: list[str]) -> dict:
    """Runs this script in a child mode; returns its JSON answer plus the tree's peak memory
    and the machine's load average before it started (other work on the machine skews times)."""
    load_before = os.getloadavg()[0]
    done, peak, _ = _run_sampled([sys.executable, str(Path(__file__).resolve()), *args])
    if done.returncode != 0:
        raise SystemExit(f"child {' '.join(args)} failed with exit code {done.returncode}")
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    answer["peak_mb"] = peak / MB
    answer["load_before"] = load_before
    return answer


def run_cli(args: list[str], checkout: Path | None = None) -> dict:
    """Runs `fazhi ARGS` as a user would (stdout discarded), from `checkout` (default: this
    one); returns its peak memory (PSS of the command and its workers), wall time and exit code."""
    checkout = checkout or REPO
    env = dict(os.environ)
    env["PYTHONPATH"] = str(checkout)
    load_before = os.getloadavg()[0]
    # Run from the checkout: `python -c` puts the current folder first on the import path.
    done, peak, seconds = _run_sampled(
        [sys.executable, "-c", "from scorer.cli import main; main()", *args], env, quiet=True, cwd=checkout)
    if done.returncode not in (0, 1):  # 1: some files failed, which a synthetic corpus has none of
        raise SystemExit(f"fazhi {' '.join(args)} failed with exit code {done.returncode}:\n{done.stderr}")
    return {"peak_mb": peak / MB, "seconds": seconds, "exit_code": done.returncode, "load_before": load_before}


def measure_cli(folder: Path, root: Path, jobs: int, checkout: Path | None) -> dict:
    """Returns the peak memory and time of `fazhi score --out -f csv` and `fazhi report
    --no-history` on a folder, each writing into a fresh folder that is removed afterwards."""
    figures = {}
    for name, args in (("score", ["score", str(folder), "-f", "csv"]),
                       ("report", ["report", str(folder), "--no-history"])):
        out = root / f"cli-{name}"
        print(f"  fazhi {name} --out, {jobs} workers …", file=sys.stderr, flush=True)
        figures[name] = run_cli([*args, "--out", str(out), "--jobs", str(jobs)], checkout)
        shutil.rmtree(out, ignore_errors=True)
    return figures


def _median_wall(command: list[str], runs: int, env: dict | None = None,
                 fresh_tmp: bool = False) -> float:
    times = []
    for _ in range(runs):
        run_env = dict(env or os.environ)
        tmp = tempfile.mkdtemp(prefix="fazhi-cold-") if fresh_tmp else None
        if tmp:
            run_env["TMPDIR"] = tmp  # jieba keeps its dictionary cache in the temp folder
        start = time.perf_counter()
        subprocess.run(command, env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True)
        times.append(time.perf_counter() - start)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    return statistics.median(times)


def _fazhi_command() -> list[str]:
    exe = shutil.which("fazhi")
    return [exe] if exe else [sys.executable, "-c", "from scorer.cli import main; main()"]


def build(n: int, root: Path, seed: int) -> tuple[Path, float]:
    """Writes a corpus of n reports under root; returns its folder and its share of
    sentences that occur only once (computed on at most 1,000 reports)."""
    from scorer.checklist import load_checklist

    checklist = load_checklist(None)
    pools = load_pools(donor_texts(), checklist)
    folder = root / f"n{n}"
    paths = list(write_corpus(pools, n, folder, seed=seed))
    from scorer.ingest import read_report

    share = distinct_sentence_share([read_report(p).text for p in paths[:1000]], checklist)
    return folder, share


def measure(sizes: list[int], jobs_at: int, jobs: int, root: Path, seed: int, cli_only: bool = False,
            checkout: Path | None = None, cli: bool = True) -> dict:
    figures: dict = {"sizes": {}, "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
                     "cli_only": cli_only, "cli_from": str(checkout) if checkout else None}
    for n in sorted(set(sizes) | ({jobs_at} if not cli_only else set())):
        print(f"N = {n}: building the corpus …", file=sys.stderr, flush=True)
        folder, share = build(n, root, seed)
        row: dict = {"distinct_sentence_share": share}
        if cli:
            print(f"N = {n}: the CLI …", file=sys.stderr, flush=True)
            row["cli"] = measure_cli(folder, root, jobs, checkout)
        if cli_only:
            figures["sizes"][n] = row
            shutil.rmtree(folder, ignore_errors=True)
            continue
        print(f"N = {n}: reading and bare jieba …", file=sys.stderr, flush=True)
        row |= run_child(["_jieba", str(folder)])
        for label, extra in (("warm", []), ("cold", ["--cold"])):
            print(f"N = {n}: fazhi {label}, 1 worker …", file=sys.stderr, flush=True)
            row[label] = run_child(["_score", str(folder), "--jobs", "1", *extra])
        if n == jobs_at:
            print(f"N = {n}: fazhi cold, {jobs} workers …", file=sys.stderr, flush=True)
            row[f"cold_jobs{jobs}"] = run_child(["_score", str(folder), "--jobs", str(jobs), "--cold"])
        print(f"N = {n}: fazhi cold, streamed, {jobs} workers …", file=sys.stderr, flush=True)
        row["stream"] = run_child(["_score", str(folder), "--jobs", str(jobs), "--stream"])
        figures["sizes"][n] = row
        shutil.rmtree(folder, ignore_errors=True)
    figures["jobs"], figures["jobs_at"], figures["report_sizes"] = jobs, jobs_at, sizes
    if cli_only:
        return figures
    print("CLI start-up and one cold report …", file=sys.stderr, flush=True)
    one = root / "one"
    pools_folder, _ = build(1, one, seed)
    one_file = next(pools_folder.glob("*.txt"))
    fazhi = _fazhi_command()
    figures["help_seconds"] = _median_wall([*fazhi, "--help"], 5)
    figures["one_report_seconds"] = _median_wall([*fazhi, "score", str(one_file), "-f", "json"], 3)
    figures["one_report_first_run_seconds"] = _median_wall(
        [*fazhi, "score", str(one_file), "-f", "json"], 3, fresh_tmp=True)
    return figures


def render_cli(figures: dict) -> list[str]:
    """Returns the table of the CLI's peak memory and time at each N."""
    rows = figures["sizes"]
    where = f" (the CLI of {figures['cli_from']})" if figures.get("cli_from") else ""
    title = (f"The CLI with --jobs {figures['jobs']}{where}: peak memory (PSS of the command and its "
             "workers) and wall time.")
    header = ("| N | `fazhi score DIR --out OUT -f csv` peak MB | s "
              "| `fazhi report DIR --out OUT --no-history` peak MB | s |")
    lines = [title, "", header, "|---|---|---|---|---|"]
    for n in figures["report_sizes"]:
        cli = rows[n]["cli"]
        lines.append(f"| {n:,} | {cli['score']['peak_mb']:.0f} | {cli['score']['seconds']:.1f} "
                     f"| {cli['report']['peak_mb']:.0f} | {cli['report']['seconds']:.1f} |")
    return lines


def render(figures: dict) -> str:
    """Returns the figures as the Markdown tables of README "Speed and scale"."""
    if figures.get("cli_only"):
        return "\n".join(render_cli(figures))
    sizes, jobs, jobs_at = figures["report_sizes"], figures["jobs"], figures["jobs_at"]
    rows = figures["sizes"]
    loads = [v["load_before"] for r in rows.values() for v in r.values()
             if isinstance(v, dict) and "load_before" in v]
    lines = [
        (f"Machine: {figures['machine']['cores']} cores, Python {figures['machine']['python']}; "
         f"load average before the runs {min(loads):.1f}–{max(loads):.1f} "
         "(above 0 means other work shared the cores: compare CPU-time ratios then)."),
        "",
        ("| N | MB | distinct sentences | read s | bare jieba s | fazhi cold s | reports/s | MB/s "
         "| cold ÷ jieba | same, CPU time | fazhi warm s | warm ÷ jieba | peak MB | peak MB streamed |"),
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n in sizes:
        r = rows[n]
        cold, warm, mb = r["cold"]["seconds"], r["warm"]["seconds"], r["bytes"] / MB
        lines.append(
            f"| {n:,} | {mb:.1f} | {r['distinct_sentence_share']:.0%} | {r['read_seconds']:.2f} "
            f"| {r['jieba_seconds']:.1f} | {cold:.1f} | {n / cold:.0f} | {mb / cold:.2f} "
            f"| **{cold / r['jieba_seconds']:.2f}** | {r['cold']['cpu_seconds'] / r['jieba_cpu_seconds']:.2f} "
            f"| {warm:.1f} | {warm / r['jieba_seconds']:.2f} "
            f"| {r['cold']['peak_mb']:.0f} | {r['stream']['peak_mb']:.0f} |")
    lines.append("")
    ordered = sorted(sizes)
    for a, b in itertools.pairwise(ordered):
        ta, tb = rows[a]["cold"]["seconds"], rows[b]["cold"]["seconds"]
        lines.append(f"- Scaling {a:,} → {b:,} reports ({b / a:.0f}×): {tb / ta:.1f}× the time (cold).")
    r = rows[jobs_at]
    one, many = r["cold"], r[f"cold_jobs{jobs}"]
    same = "identical" if one["digest"] == many["digest"] else "DIFFERENT"
    lines.append(f"- Workers at N = {jobs_at:,}: --jobs 1 {one['seconds']:.1f} s, --jobs {jobs} "
                 f"{many['seconds']:.1f} s: **{one['seconds'] / many['seconds']:.2f}× speed-up**; "
                 f"results {same}; peak {many['peak_mb']:.0f} MB.")
    lines.append(f"- `fazhi --help`: {figures['help_seconds']:.2f} s; one report scored cold "
                 f"(`fazhi score FILE`, jieba included): {figures['one_report_seconds']:.2f} s, "
                 f"{figures['one_report_first_run_seconds']:.2f} s on a machine's first run "
                 "(jieba builds its dictionary cache).")
    with_cli = all("cli" in rows[n] for n in sizes)
    return "\n".join([*lines, *(["", *render_cli(figures)] if with_cli else [])])


def profile(n: int, seed: int, top: int) -> None:
    """Prints where one worker spends its time scoring n cold reports (cProfile)."""
    from scorer.batch import score_sources
    from scorer.engine import matcher_for
    from scorer.ingest import find_reports

    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        folder, _ = build(n, Path(tmp), seed)
        checklist = cli_scoring()
        matcher_for(checklist)
        sources = [ColdSource(s.name, s.path) for s in find_reports([folder])]
        profiler = cProfile.Profile()
        profiler.enable()
        score_sources(sources, checklist, jobs=1)
        profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    for key in ("tottime", "cumulative"):
        print(f"\n=== top {top} by {key} ({n} cold reports, one worker) ===")
        stats.sort_stats(key).print_stats(top)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("_"):
        child = argparse.ArgumentParser()
        child.add_argument("mode", choices=["_score", "_jieba"])
        child.add_argument("folder", type=Path)
        child.add_argument("--jobs", type=int, default=1)
        child.add_argument("--cold", action="store_true")
        child.add_argument("--stream", action="store_true")
        a = child.parse_args()
        answer = (child_jieba(a.folder) if a.mode == "_jieba"
                  else child_score(a.folder, a.jobs, a.cold, a.stream))
        print(json.dumps(answer))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 1000, 10000], help="corpus sizes")
    parser.add_argument("--jobs", type=int, default=2, help="workers compared with one (default 2)")
    parser.add_argument("--jobs-at", type=int, default=1000, help="N of the workers comparison")
    parser.add_argument("--seed", type=int, default=7, help="seed of the synthetic corpus")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="instead: profile the engine on N cold reports and print the hotspots")
    parser.add_argument("--top", type=int, default=30, help="rows of the profile (default 30)")
    parser.add_argument("--cli-only", action="store_true",
                        help="measure only the CLI's peak memory and time (fazhi score --out, fazhi report)")
    parser.add_argument("--no-cli", action="store_true",
                        help="leave out the CLI runs (fazhi report writes every office output: slow at large N)")
    parser.add_argument("--cli-from", type=Path, metavar="DIR",
                        help="run the CLI of another checkout (its folder, holding scorer/) on the same corpus")
    args = parser.parse_args()
    if not seed_folder().is_dir():
        print(f"note: {seed_folder()} not found; the corpus is built from the samples only",
              file=sys.stderr)
    if args.profile:
        profile(args.profile, args.seed, args.top)
        return
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        figures = measure(args.n, args.jobs_at, args.jobs, Path(tmp), args.seed, args.cli_only,
                          args.cli_from.resolve() if args.cli_from else None, cli=not args.no_cli)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(render(figures))


if __name__ == "__main__":
    main()
