"""Rounds of alternating cases, Comparisons against the baseline and the ratio lines on stdout."""

import statistics
import sys
from dataclasses import dataclass

from .common import DEFAULTS, log
from .load import measure


@dataclass(frozen=True)
class Case:
    """One endpoint to measure: a name for the report, a path and the request headers; for a
    write, the method and `bodies`: bodies(connection number) -> a function giving each next
    request's body (so each connection can be its own trainee, each request new data), and
    `paths`: paths(connection number) -> the path that connection uses (its own resource).
    `url`, when given, is the base URL of the server this case is sent to (a bench comparing two
    servers, e.g. a setting on and off); otherwise the one passed to run_rounds()/compare().
    `expect`: the statuses that count as an answer (200 only, unless told)."""

    name: str
    path: str
    headers: dict | None = None
    method: str = "GET"
    bodies: object = None
    paths: object = None
    url: str | None = None
    expect: tuple = (200,)


@dataclass(frozen=True)
class Comparison:
    """A target's measurements beside the baseline's of the same rounds."""

    name: str
    baseline_name: str
    target: list
    baseline: list

    @property
    def value(self):
        return statistics.median(m.rps for m in self.target)

    @property
    def baseline_value(self):
        return statistics.median(m.rps for m in self.baseline)

    @property
    def ratio(self):
        return self.value / self.baseline_value

    @property
    def round_ratios(self):
        return [t.rps / b.rps for t, b in zip(self.target, self.baseline, strict=True)]


def run_rounds(base_url, cases, *, rounds=DEFAULTS["rounds"], duration=DEFAULTS["duration"],
               concurrency=DEFAULTS["concurrency"], warmup=DEFAULTS["warmup"]):
    """Measure every case once per round, in order, for `rounds` rounds: {name: [Measurement]}.
    `base_url` serves every case that names no `url` of its own (it may be None if all do).

    Alternating (A, B, A, B, ...) instead of all A then all B spreads slow drifts of the machine
    (another process, CPU frequency) over every case rather than onto one.
    """
    results = {case.name: [] for case in cases}
    width = max(len(case.name) for case in cases)
    for round_number in range(1, rounds + 1):
        for case in cases:
            measurement = measure(case.url or base_url, case.path, case.headers,
                                  duration=duration, concurrency=concurrency, warmup=warmup,
                                  method=case.method, bodies=case.bodies, paths=case.paths,
                                  expect=case.expect)
            results[case.name].append(measurement)
            log(f"  round {round_number}/{rounds}  {case.name:<{width}}  {measurement.describe()}")
    return results


def compare(base_url, baseline, targets, *, rounds=DEFAULTS["rounds"],
            duration=DEFAULTS["duration"], concurrency=DEFAULTS["concurrency"],
            warmup=DEFAULTS["warmup"]):
    """Alternate the baseline Case with the target Cases over `rounds`: a Comparison per target."""
    results = run_rounds(base_url, [baseline, *targets], rounds=rounds, duration=duration,
                         concurrency=concurrency, warmup=warmup)
    return [Comparison(target.name, baseline.name, results[target.name], results[baseline.name])
            for target in targets]


def _arrow():
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "→".encode(encoding)
    except (LookupError, UnicodeEncodeError):
        return "->"
    return "→"


def _figure(ratio):
    """A ratio with two significant digits under 0.1 (0.058, not a rounded 0.06), else two
    decimals."""
    return f"{ratio:.3f}" if ratio < 0.1 else f"{ratio:.2f}"


def report(name, value, baseline, *, baseline_name="no-op", round_ratios=None, unit="req/s"):
    """Print `name: X req/s vs no-op Y req/s → ratio X/Y` on stdout; return the ratio."""
    ratio = float(value) / float(baseline)
    line = (f"{name}: {float(value):.1f} {unit} vs {baseline_name} {float(baseline):.1f} {unit} "
            f"{_arrow()} ratio {_figure(ratio)}")
    if round_ratios and len(round_ratios) > 1:
        line += f" (per round: {', '.join(_figure(r) for r in round_ratios)})"
    print(line, flush=True)
    return ratio


def report_comparison(comparison):
    """report() a Comparison: medians of its rounds and the ratio of each round."""
    return report(comparison.name, comparison.value, comparison.baseline_value,
                  baseline_name=comparison.baseline_name, round_ratios=comparison.round_ratios)
