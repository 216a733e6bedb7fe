"""A valid lower bound on the optimal total route length of a PVRP.

A linear relaxation solved with HiGHS' simplex (highspy; node 0 is the depot):

- ``y[i,p] in [0,1]``, ``sum_p y[i,p] = 1``: the pattern of required customer i;
  ``z[i,d] = sum_{p contains d} y[i,p]`` (the constant 1 when all its patterns
  contain d). Optional customers are ignored: with the triangle inequality,
  dropping a customer from a route never makes it longer (nor heavier), so the
  optimum without them is <= the true optimum. Patterns using a day without
  vehicles, or whose capacity is below the demand, are infeasible: dropped.
- ``x[d,e]``: uses of edge e on day d; customer-customer edges in [0,1], depot
  edges in [0,2] (a one-customer route uses its depot edge twice).
- degree ``x[d](delta(i)) = 2 z[i,d]``: a visited customer is entered and left once.
- depot ``x[d](delta(0)) <= 2 vehicles[d]``: a route has two depot edge ends. A
  slack of cost M (bounded) keeps the restricted LP feasible; an extra variable
  only relaxes the LP, so validity is unaffected.
- cuts on a customer set S (depot outside), valid because each route of day d
  that meets S crosses delta(S) at least twice and carries at most Q_d:
  ``x[d](delta(S)) >= 2 sum_{i in S} q_i z[i,d] / Q_d`` (fractional capacity);
  with F the customers of S visited on d in every pattern and r(A) =
  max(1, ceil(q(A)/Q_d)) routes for a nonempty A (r(empty) = 0), the rounded
  cut ``x[d](delta(S)) >= 2 r(F) + 2 (r(F + j) - r(F)) z[j,d]`` for one j in S
  (r is monotone; with F empty it is connectivity, ``>= 2 z[j,d]``).
  S = all customers of day d gives the depot lower bounds.
- multi-day cuts over a window W of days: customer i has at least m_i = min_p
  |p & W| visits in W, and ``sum_d ceil(a_d/Q_d) >= ceil(sum_d a_d / max Q)``,
  so ``sum_{d in W} x[d](delta(S)) >= 2 ceil(sum_{i in S} q_i m_i / max_{d in W} Q_d)``.

On large instances (customers x days >= ``_AGGREGATE_FROM``) an *aggregated*
relaxation runs first, for up to half the time: the same LP with all days summed
into one graph (``x = sum_d x[d]``), customer i of f_i visits (every pattern of one
size) with degree ``2 f_i``, edges used at most ``min(f_i, f_j)`` times, the depot
``<= 2 sum_d m_d``, and capacity cuts over demands ``q_i f_i`` and the largest
capacity (valid by the multi-day argument above). It is weaker than the per-day LP
but a 1-day LP converges where the t-day one does not; the larger value is reported.

Cuts are separated heuristically (components of thresholded support graphs, a
greedy set growth); cuts idle for a few solves are deleted, and added back when
violated again. Edges are priced: the LP starts from the k nearest neighbours
plus all depot edges. Every re-solve starts from the previous basis: a round
either adds priced edges (primal simplex) or, once none prices out, cuts (dual
simplex), so the basis stays feasible for the simplex that follows. The reported
value is always the Lagrangian bound of the current duals, clipped to their valid
signs, over *all* edges:
``sum_r pi_r b_r + sum_vars min(0, reduced cost) * upper bound``. It is valid
for any such duals (also those of a solve stopped by the time limit) and equals
the LP optimum once nothing prices out; the restricted LP value itself is never
reported.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import cast

import highspy
import numpy as np
from numpy.typing import ArrayLike

__all__ = ["Bound", "lower_bound"]

_TOL = 1e-3  # minimum cut violation
_RC_TOL = 1e-7  # an edge prices in below -_RC_TOL * longest edge
_K_NEAREST = 8  # initial edges per customer
_MAX_CUTS = 100  # new cuts per day (and for the windows) per round
_IDLE = 3  # solves with zero dual before a cut is deleted
_STALL = 20  # stop after this many rounds without LP progress nor priced edges
_AGGREGATE_FROM = 600  # customers x days from which the aggregated relaxation runs first
_AGGREGATE_SHARE = 0.5  # of the time limit


@dataclass(frozen=True)
class Bound:
    value: float  # a valid lower bound on the optimal total route length
    seconds: float
    rounds: int  # cut/pricing rounds done
    lp_optimal: bool  # the final LP over all edges was solved with no violated cut found


def lower_bound(
    dist: ArrayLike,
    demand: Sequence[float],
    patterns: Sequence[Iterable[Iterable[int]]],
    required: Sequence[bool],
    vehicles: Sequence[int],
    capacity: Sequence[float],
    time_limit_s: float,
    report: Callable[[Bound], None] | None = None,
) -> Bound:
    """A valid lower bound on the total route length of the PVRP (see the module docstring).

    ``report`` is called with each better (valid) bound as it is found, so a caller
    that has to stop the computation early still has the latest value.
    """
    start = time.perf_counter()
    deadline = start + max(0.0, float(time_limit_s))
    D = np.asarray(dist, dtype=float)
    pats: dict[int, tuple[frozenset[int], ...]] = {}
    for i in range(1, len(D)):
        if required[i]:  # optional customers are ignored (triangle inequality, see above)
            ok = {
                frozenset(p)
                for p in patterns[i]
                if all(vehicles[d] > 0 and demand[i] <= capacity[d] for d in p)
            }
            if not ok:  # no feasible solution at all: any number is a lower bound
                return Bound(0.0, time.perf_counter() - start, 0, False)
            pats[i] = tuple(sorted(ok, key=sorted))
    nodes = list(pats)  # the simple bound: a visit pays half its two cheapest incident edges
    two = {i: sum(sorted([D[0, i]] * 2 + [D[i, j] for j in nodes if j != i])[:2]) for i in nodes}
    best = sum(min(map(len, pats[i])) * two[i] for i in nodes) / 2
    rounds, optimal = 0, not pats  # nothing to visit: 0 is the optimum

    def better(value: float) -> None:
        nonlocal best
        if value > best:
            best = value
            if report is not None:
                report(Bound(_safe(best), time.perf_counter() - start, rounds, False))

    if report is not None:
        report(Bound(_safe(best), time.perf_counter() - start, 0, False))
    q = np.asarray(demand, dtype=float)
    if pats and len(pats) * len(vehicles) >= _AGGREGATE_FROM and len(vehicles) > 1:
        # Large: the aggregated relaxation converges where the per-day LP cannot.
        agg = _aggregated(D, q, pats, vehicles, capacity)
        if agg is not None:
            until = start + _AGGREGATE_SHARE * (deadline - start)
            value, rounds, _ = _cutting_planes(_LP(*agg), until, better)
            better(value)  # not optimal: the per-day LP is stronger
    if pats and time.perf_counter() < deadline:
        lp = _LP(D, q, pats, list(vehicles), [*map(float, capacity)])
        value, more, optimal = _cutting_planes(lp, deadline, better)
        better(value)
        rounds += more
    final = Bound(_safe(best), time.perf_counter() - start, rounds, optimal)
    if report is not None:
        report(final)
    return final


def _safe(best: float) -> float:
    """``best`` less a safety margin for floating-point duals, at least 0."""
    return max(0.0, float(best - 1e-6 * max(1.0, abs(best))))


_Pats = dict[int, tuple[frozenset[int], ...]]
_Window = tuple[np.ndarray, np.ndarray, float]  # days, least visits per customer, capacity
_Option = tuple[float, dict[int, float], float]  # rhs side at zb, {i: c_i}, rhs


def _aggregated(
    D: np.ndarray,
    q: np.ndarray,
    pats: _Pats,
    vehicles: Sequence[int],
    capacity: Sequence[float],
) -> tuple[np.ndarray, np.ndarray, _Pats, list[int], list[float], np.ndarray] | None:
    """The aggregated pattern–day relaxation: all days summed into one graph.

    With x = sum_d x[d], customer i (f_i visits in every pattern) has degree 2 f_i,
    an edge is used at most min(f_i, f_j) times, the depot at most 2 sum_d m_d,
    and for any S, sum_d ceil(q_d(S)/Q_d) >= ceil(sum_i q_i f_i / max Q):
    a one-day problem with demands q_i f_i, capacity max Q and multiplicities f_i.
    ``None`` when a customer's patterns differ in size (its degree is not fixed).
    """
    mult = np.ones(len(D))
    for i, ps in pats.items():
        if len({len(p) for p in ps}) != 1:
            return None
        mult[i] = len(ps[0])
    Q = max((float(c) for c, m in zip(capacity, vehicles, strict=True) if m > 0), default=0.0)
    if Q <= 0:
        return None
    one: _Pats = {i: (frozenset({0}),) for i in pats}
    return D, q * mult, one, [int(sum(vehicles))], [Q], mult


def _cutting_planes(
    lp: _LP,
    deadline: float,
    better: Callable[[float], None] = lambda value: None,
) -> tuple[float, int, bool]:
    """Separate, price and re-solve until the deadline or convergence:
    (best Lagrangian bound seen, rounds, LP optimal over all edges without violated cuts)."""
    best, rounds, optimal = -math.inf, 0, False
    history: list[float] = []  # restricted LP values, only to detect tailing off
    while (remaining := deadline - time.perf_counter()) > 0:
        solved = lp.solve(remaining)
        if lp.sol is None:
            break
        value, reduced = lp.lagrangian()
        best = max(best, value)
        better(value)
        if not solved:  # stopped by the time limit: its duals still give a bound
            break
        history.append(lp.objective())
        tailing = len(history) > _STALL and history[-1] <= history[-1 - _STALL] * (1 + 1e-7)
        if time.perf_counter() >= deadline or (tailing and lp.priced_idle >= _STALL):
            break
        rounds += 1
        if lp.price(reduced):  # re-solve (primal simplex) before separating: keeps it dual
            continue  # simplex, from a dual feasible basis, after the new cuts
        lp.retire()
        stalled = len(history) > 3 and history[-1] <= history[-4] * (1 + 1e-5)
        if not lp.separate([lp.support(d) for d in range(lp.t)], all_windows=stalled):
            rounds -= 1
            optimal = True
            break
    return best, rounds, optimal


@dataclass
class _Cut:
    """``sum_{d in days} x[d](delta(S)) - sum_i z[i] * z[i, zday] >= rhs``."""

    days: np.ndarray  # bool (t,)
    inside: np.ndarray  # bool (n+1,): S
    z: np.ndarray  # (n+1,) coefficients of z[., zday] (single-day cuts only)
    zday: int
    rhs: float
    row: int = -1  # its LP row while on; switched-off cuts are deleted from the LP
    idle: int = 0  # consecutive solves with zero dual


_INF = highspy.kHighsInf
_OPTIMAL = highspy.HighsModelStatus.kOptimal


class _LP:
    """The restricted LP: pattern choice, degree and depot rows, priced edges, cuts."""

    def __init__(
        self,
        D: np.ndarray,
        q: np.ndarray,
        pats: _Pats,
        vehicles: list[int],
        capacity: list[float],
        mult: np.ndarray | None = None,
    ) -> None:
        # A zero capacity only admits zero demands (infeasible patterns are gone): any Q > 0 does.
        self.D, self.q, self.pats, self.veh = D, q, pats, vehicles
        self.cap = [max(c, 1e-9) for c in capacity]
        self.n1, self.t = n1, t = len(D), len(vehicles)
        # Visits a node stands for (the aggregated relaxation: every visit of i over the days)
        self.mult = np.ones(n1) if mult is None else np.asarray(mult, dtype=float)
        self.active = np.zeros((t, n1), dtype=bool)  # i may be visited on day d
        self.fixed = np.zeros((t, n1), dtype=bool)  # i is visited on day d in every pattern
        for i, ps in pats.items():
            self.active[:, i] = [any(d in p for p in ps) for d in range(t)]
            self.fixed[:, i] = [all(d in p for p in ps) for d in range(t)]
        # Windows of the multi-day cuts: all sets of >= 2 days while t <= 5, else runs of days.
        subsets = (
            [set(W) for r in range(2, t + 1) for W in itertools.combinations(range(t), r)]
            if t <= 5
            else [set(range(a, b + 1)) for a in range(t) for b in range(a + 1, t)]
        )
        # (days, least visits of each customer within them, largest capacity)
        self.windows: list[_Window] = []
        for W in subsets:
            m = np.array(
                [min(len(p & W) for p in pats[i]) if i in pats else 0 for i in range(n1)],
                dtype=float,
            )
            if m.any():
                Q = max((self.cap[d] for d in W if vehicles[d] > 0), default=1.0)
                self.windows.append((np.isin(np.arange(t), list(W)), m, Q))
        self.scale = max(1.0, float(D.max()))
        # The core class (in highspy's __all__) prints no banner on stdout; the
        # public wrapper does, so it is only the fallback.
        h = self.h = getattr(highspy, "_Highs", highspy.Highs)()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("solver", "simplex")
        # Rows: pattern choice (= 1), degrees (= 2 fixed), depots (<= 2 vehicles), then the cuts.
        self.assign = {i: k for k, i in enumerate(i for i, ps in pats.items() if len(ps) > 1)}
        self.deg = {
            (int(d), int(i)): len(self.assign) + k
            for k, (d, i) in enumerate(zip(*np.nonzero(self.active), strict=True))
        }
        self.depot = [len(self.assign) + len(self.deg) + d for d in range(t)]
        lo = np.concatenate(
            [
                np.ones(len(self.assign)),
                [2.0 * self.fixed[k] * self.mult[k[1]] for k in self.deg],
                np.full(t, -_INF),
            ]
        )
        up = np.concatenate(
            [
                np.ones(len(self.assign)),
                [2.0 * self.fixed[k] * self.mult[k[1]] for k in self.deg],
                2.0 * np.array(vehicles, dtype=float),
            ]
        )
        self.nrows = len(lo)
        h.addRows(
            len(lo), lo, up, 0, np.zeros(len(lo), np.int32), np.zeros(0, np.int32), np.zeros(0)
        )
        self.y: dict[int, list[int]] = {}
        # cols: (cost, upper bound, rows, coefficients) of new columns
        cols: list[tuple[float, float, list[int], list[float]]] = []
        for i, row in self.assign.items():
            for p in pats[i]:
                self.y.setdefault(i, []).append(len(cols))
                rows = [row] + [self.deg[d, i] for d in sorted(p) if not self.fixed[d, i]]
                cols.append((0.0, 1.0, rows, [1.0] + [-2.0] * (len(rows) - 1)))
        self.M, self.slack_ub = 4.0 * self.scale + 1.0, 2.0 * (self.active * self.mult).sum(axis=1)
        for d, row in enumerate(self.depot):  # a slack keeps the restricted LP feasible
            cols.append((self.M, float(self.slack_ub[d]), [row], [-1.0]))
        self.ncols = 0
        self._add_cols(cols)
        self.present = np.zeros((t, n1, n1), dtype=bool)
        self.edges: list[tuple[list[int], list[int], list[int]]] = [([], [], []) for _ in range(t)]
        self.cuts: list[_Cut] = []  # the cuts switched on, in row order
        self.keys: dict[bytes, _Cut] = {}
        self.priced_idle = 0  # rounds since an edge was last priced in
        self.sol: highspy.HighsSolution | None = None
        self.new_rows = True
        for d in range(t):
            nodes = np.flatnonzero(self.active[d])
            pairs = {(0, int(i)) for i in nodes}
            if len(nodes) > 1:
                sub = D[np.ix_(nodes, nodes)] + np.diag(np.full(len(nodes), np.inf))
                near = np.argsort(sub, axis=1)[:, : min(_K_NEAREST, len(nodes) - 1)]  # never i
                pairs |= {
                    (int(min(a, b)), int(max(a, b)))
                    for r, a in enumerate(nodes)
                    for b in nodes[near[r]]
                }
            self.add_edges(d, sorted(pairs))
            for option in self._day_options(d, nodes, self.fixed[d] * 1.0) if len(nodes) else []:
                self._add_cut(np.arange(t) == d, nodes, *option[1:], d)  # depot lower bounds
        everyone = np.array(sorted(pats))
        for w in (w for w in self.windows if w[0].all()):  # the whole horizon
            self._add_cut(w[0], everyone, {}, self._window_rhs(everyone, w), -1)

    # -- model building -------------------------------------------------------
    def _add_cols(self, cols: list[tuple[float, float, list[int], list[float]]]) -> None:
        if cols:
            starts = np.cumsum([0] + [len(c[2]) for c in cols[:-1]]).astype(np.int32)
            idx = np.array([r for c in cols for r in c[2]], dtype=np.int32)
            val = np.array([v for c in cols for v in c[3]], dtype=float)
            self.h.addCols(
                len(cols),
                np.array([c[0] for c in cols]),
                np.zeros(len(cols)),
                np.array([c[1] for c in cols]),
                len(idx),
                starts,
                idx,
                val,
            )
            self.ncols += len(cols)

    def add_edges(self, d: int, pairs: list[tuple[int, int]]) -> None:
        src, dst = np.array(pairs, dtype=int).reshape(-1, 2).T
        rows = [[self.depot[d] if i == 0 else self.deg[d, i], self.deg[d, j]] for i, j in pairs]
        if cuts := [c for c in self.cuts if c.days[d]]:
            inside = np.array([c.inside for c in cuts])
            for r, e in zip(*np.nonzero(inside[:, src] != inside[:, dst]), strict=True):
                rows[e].append(cuts[r].row)
        first = self.ncols
        m = self.mult
        self._add_cols(
            [
                (float(self.D[i, j]), 2.0 * m[j] if i == 0 else min(m[i], m[j]), r, [1.0] * len(r))
                for (i, j), r in zip(pairs, rows, strict=True)
            ]
        )
        self.present[d, src, dst] = self.present[d, dst, src] = True
        EI, EJ, V = self.edges[d]
        EI.extend(src.tolist())
        EJ.extend(dst.tolist())
        V.extend(range(first, self.ncols))

    def _add_cut(
        self, days: np.ndarray, S: np.ndarray, zcoef: dict[int, float], rhs: float, zday: int
    ) -> bool:
        if not zcoef and rhs <= 0:
            return False  # trivially satisfied
        inside, z = np.zeros(self.n1, dtype=bool), np.zeros(self.n1)
        inside[S] = True
        z[list(zcoef)] = list(zcoef.values())
        key = np.concatenate([days, inside]).tobytes() + np.round(np.append(z, rhs), 9).tobytes()
        if (cut := self.keys.get(key)) is not None:  # known: switch it back on if it is off
            if cut.row >= 0:
                return False
            cut.idle = 0
        else:
            cut = self.keys[key] = _Cut(days, inside, z, zday, rhs)
        idx: list[int] = []  # +1 on the crossing edges, -c on the z terms
        for d in np.flatnonzero(cut.days):
            EI, EJ, V = self.edges[d]
            idx.extend(np.asarray(V)[cut.inside[EI] != cut.inside[EJ]].tolist())
        val: list[float] = [1.0] * len(idx)
        for i in map(int, np.flatnonzero(cut.z)):
            for k, p in enumerate(self.pats[i]):
                if cut.zday in p:
                    idx.append(self.y[i][k])
                    val.append(-cut.z[i])
        self.h.addRow(rhs, _INF, len(idx), np.array(idx, dtype=np.int32), np.array(val))
        cut.row, self.nrows = self.nrows, self.nrows + 1
        self.new_rows = True
        self.cuts.append(cut)
        return True

    def _window_rhs(self, S: np.ndarray, w: _Window) -> float:
        return 2.0 * math.ceil(float(np.dot(self.q[S], w[1][S])) / w[2] - 1e-9)

    def _day_options(self, d: int, S: np.ndarray, zb: np.ndarray) -> list[_Option]:
        """Valid cuts ``x[d](delta(S)) - sum c_i z[i,d] >= rhs`` as (rhs side at zb, {i: c_i}, rhs):
        the fractional capacity cut, and the rounded one lifted by one j (module docstring)."""
        fixed, Q = self.fixed[d, S], self.cap[d]
        qf = float(self.q[S[fixed]].sum())
        base = max(1, math.ceil(qf / Q - 1e-9)) if fixed.any() else 0
        lifts = ((max(1, math.ceil((qf + self.q[j]) / Q - 1e-9)) - base, int(j)) for j in S[~fixed])
        lift, j = max(lifts, key=lambda o: o[0] * zb[o[1]], default=(0, -1))
        lift = lift if lift * zb[j] > 0 else 0
        return [
            (
                2.0 * float(np.dot(self.q[S], zb[S])) / Q,
                {int(i): 2.0 * self.q[i] / Q for i in S[~fixed] if self.q[i] > 0},
                2.0 * qf / Q,
            ),
            (2.0 * (base + lift * zb[j]), {j: 2.0 * lift} if lift else {}, 2.0 * base),
        ]

    # -- solving and pricing ----------------------------------------------------
    def solve(self, seconds: float) -> bool:
        """Simplex from the previous basis (dual after new cuts, primal after new edges);
        from scratch once if that fails before the time is up."""
        end = time.perf_counter() + seconds
        self.h.setOptionValue("simplex_strategy", 1 if self.new_rows else 4)  # dual / primal
        self.new_rows = False
        for attempt in range(2):
            left = max(1e-3, end - time.perf_counter())  # HiGHS' clock adds up over the runs
            self.h.setOptionValue("time_limit", self.h.getRunTime() + left)
            self.h.run()
            if (ok := self.h.getModelStatus() == _OPTIMAL) or time.perf_counter() >= end or attempt:
                break
            self.h.clearSolver()
        self.sol = self.h.getSolution()
        self.sol = self.sol if ok or self.sol.dual_valid else None
        return ok

    def objective(self) -> float:
        return self.h.getInfo().objective_function_value

    def lagrangian(self) -> tuple[float, list[np.ndarray]]:
        """The Lagrangian bound of the current duals, and each day's reduced-cost matrix.
        HiGHS row duals: >= 0 on a binding >= row, <= 0 on a binding <= row (minimising)."""
        t, n1 = self.t, self.n1
        assert self.sol is not None  # lagrangian() follows a solve that kept a solution
        dual = np.asarray(self.sol.row_dual)
        alpha = {i: float(dual[row]) for i, row in self.assign.items()}  # free (= rows)
        u = np.zeros((t, n1))
        for (d, i), row in self.deg.items():
            u[d, i] = dual[row]  # free (= rows)
        u[:, 0] = np.minimum(0.0, dual[self.depot])  # <= rows
        live = self.cuts  # switched-off cuts are not in the LP: dual 0
        pi = np.maximum(0.0, dual[[c.row for c in live]])  # >= rows
        for c, p in zip(live, pi, strict=True):
            c.idle = 0 if p > 0 else c.idle + 1
        if not (
            np.isfinite(u).all()
            and np.isfinite(pi).all()
            and all(map(math.isfinite, alpha.values()))
        ):
            return -math.inf, []
        k = len(live)
        inside = np.array([c.inside for c in live], dtype=float).reshape(k, n1)
        days = np.array([c.days for c in live], dtype=bool).reshape(k, t)
        zday = np.array([c.zday for c in live], dtype=int)
        zrow = np.array([c.z for c in live]).reshape(k, n1)
        value = sum(alpha.values()) + 2.0 * float((u * self.fixed * self.mult).sum())  # dual·rhs
        value += float(pi @ np.array([c.rhs for c in live]) + 2.0 * np.dot(self.veh, u[:, 0]))
        value += float(np.minimum(0.0, self.M + u[:, 0]) @ self.slack_ub)  # the depot slacks
        ub = np.minimum(self.mult[:, None], self.mult[None, :])
        ub[0, :] = 2.0 * self.mult
        reduced = []
        for d in range(t):
            A, p = inside[days[:, d]], pi[days[:, d]]
            a = p @ A  # duals of cuts holding i; ij crosses cuts worth a_i + a_j - 2 (A'PA)_ij
            R = self.D - u[d][:, None] - u[d][None, :] - a[:, None] - a[None, :]
            R += 2.0 * ((A.T * p) @ A)
            nodes = self.active[d] | (np.arange(n1) == 0)
            mask = np.triu(np.outer(nodes, nodes), 1)
            value += float((np.minimum(R, 0.0) * ub)[mask].sum())
            R[~mask] = np.inf
            reduced.append(R)
        g = np.array([(pi * (zday == d)) @ zrow for d in range(t)])
        for i in self.y:  # y[i,p] has cost 0, bounds [0, 1]
            for p in self.pats[i]:
                rc = -alpha[i] + sum(2.0 * u[d, i] + g[d, i] for d in p if not self.fixed[d, i])
                value += min(0.0, rc)
        return value, reduced

    def retire(self) -> None:
        """Delete the cuts idle for _IDLE solves whose slack is basic (so the basis stays
        valid); separation may add them back."""
        status = self.h.getBasis().row_status
        basic = highspy.HighsBasisStatus.kBasic
        gone = [c for c in self.cuts if c.idle >= _IDLE and status[c.row] == basic]
        if gone:
            self.h.deleteRows(len(gone), np.array([c.row for c in gone], dtype=np.int32))
            for c in gone:
                c.row = -1
            self.cuts = [c for c in self.cuts if c.row >= 0]  # still in row order
            self.nrows -= len(gone)
            for r, c in enumerate(self.cuts):
                c.row = self.nrows - len(self.cuts) + r

    def price(self, reduced: list[np.ndarray]) -> bool:
        """Add the most negative missing edges of every day."""
        added = False
        for d, R in enumerate(reduced):
            cand = np.flatnonzero(np.where(self.present[d], np.inf, R) < -_RC_TOL * self.scale)
            if len(cand):
                cand = cand[np.argsort(R.flat[cand])[: max(50, int(self.active[d].sum()))]]
                self.add_edges(d, [divmod(int(c), self.n1) for c in cand])
                added = True
        self.priced_idle = 0 if added else self.priced_idle + 1
        return added

    # -- separation -----------------------------------------------------------
    def support(self, d: int) -> np.ndarray:
        EI, EJ, V = self.edges[d]
        assert self.sol is not None  # support() follows a solve that kept a solution
        X = np.zeros((self.n1, self.n1))
        X[EI, EJ] = np.asarray(self.sol.col_value)[V]
        return X + X.T

    def separate(self, Xs: list[np.ndarray], all_windows: bool) -> bool:
        found = False
        for d, X in enumerate(Xs):
            if len(nodes := np.flatnonzero(self.active[d])) == 0:
                continue
            zbar = np.where(self.fixed[d], 1.0, X.sum(axis=1) / 2.0)
            scored: list[tuple[float, int, np.ndarray, _Option]] = []
            fixed_q = np.where(self.fixed[d], self.q, 0.0)
            for S in _candidate_sets(X, nodes, fixed_q, self.q * zbar, zbar, self.cap[d]):
                option = max(self._day_options(d, S, zbar), key=lambda o: o[0])
                if (viol := option[0] - _delta(X, S)) > _TOL:
                    scored.append((viol, len(scored), S, option))
            for _, _, S, option in sorted(scored, key=lambda s: s[:2], reverse=True)[:_MAX_CUTS]:
                found |= self._add_cut(np.arange(self.t) == d, S, *option[1:], d)
        # The whole horizon every round; the other windows (many) only once the LP value stalls.
        zero, customers = np.zeros(self.n1), np.array(sorted(self.pats))
        for windows in (
            [w for w in self.windows if w[0].all()],
            [w for w in self.windows if all_windows and not w[0].all()],
        ):
            wscored: list[tuple[float, int, _Window, np.ndarray]] = []
            for w in windows:
                total = cast(np.ndarray, sum(X for X, on in zip(Xs, w[0], strict=True) if on))
                for S in _candidate_sets(total, customers, self.q * w[1], zero, zero, w[2]):
                    if (viol := self._window_rhs(S, w) - _delta(total, S)) > _TOL:
                        wscored.append((viol, len(wscored), w, S))
            for _, _, w, S in sorted(wscored, key=lambda s: s[:2], reverse=True)[:_MAX_CUTS]:
                found |= self._add_cut(w[0], S, {}, self._window_rhs(S, w), -1)
        return found


def _delta(X: np.ndarray, S: np.ndarray) -> float:
    """x(delta(S)) for a symmetric matrix X of edge values."""
    return float(X[S].sum() - X[np.ix_(S, S)].sum())


def _components(W: np.ndarray, nodes: np.ndarray, theta: float) -> list[np.ndarray]:
    adj = W[np.ix_(nodes, nodes)] >= theta
    seen, out = np.zeros(len(nodes), dtype=bool), []
    for seed in range(len(nodes)):
        if not seen[seed]:
            comp = frontier = np.arange(len(nodes)) == seed
            while frontier.any():
                frontier = adj[frontier].any(axis=0) & ~comp
                comp = comp | frontier
            seen |= comp
            out.append(nodes[comp])
    return out


def _candidate_sets(
    X: np.ndarray,
    nodes: np.ndarray,
    w_round: np.ndarray,
    w_frac: np.ndarray,
    z_conn: np.ndarray,
    Q: float,
) -> list[np.ndarray]:
    """Sets likely to violate ``x(delta(S)) >= 2 max(ceil(w_round(S)/Q), w_frac(S)/Q, z_conn)``:
    components of {x >= theta}, and for every seed the most violated prefix of a
    greedy growth that adds the node most connected to S (vectorised over seeds)."""
    sets = {}
    for theta in (1e-6, 0.3, 0.5, 0.7, 0.99):
        for S in _components(X, nodes, theta):
            sets[S.tobytes()] = S
    m, steps = len(nodes), min(len(nodes), 40)
    sub, deg = X[np.ix_(nodes, nodes)], X[nodes].sum(axis=1)
    wr, wf, zc = w_round[nodes], w_frac[nodes], z_conn[nodes]
    seeds = np.arange(m)
    inS, conn, delta = np.eye(m, dtype=bool), sub.copy(), deg.copy()
    sr, sf, sz = wr.copy(), wf.copy(), zc.copy()
    order = np.zeros((m, steps), dtype=int)
    order[:, 0] = seeds
    best, best_len = np.full(m, _TOL), np.zeros(m, dtype=int)
    for step in range(steps):
        viol = 2.0 * np.maximum(np.maximum(np.ceil(sr / Q - 1e-9), sf / Q), sz) - delta
        better = viol > best
        best[better], best_len[better] = viol[better], step + 1
        masked = np.where(inS, -1.0, conn)
        j = masked.argmax(axis=1)
        grow = masked[seeds, j] > 1e-9
        if step + 1 == steps or not grow.any():
            break
        j = np.where(grow, j, order[:, step])  # stuck seeds repeat their last node
        delta += np.where(grow, deg[j] - 2.0 * conn[seeds, j], 0.0)
        sr, sf = sr + np.where(grow, wr[j], 0.0), sf + np.where(grow, wf[j], 0.0)
        sz = np.maximum(sz, np.where(grow, zc[j], 0.0))
        conn += np.where(grow[:, None], sub[j], 0.0)
        inS[seeds, j] = True
        order[:, step + 1] = j
    for s in np.flatnonzero(best_len):
        S = np.unique(nodes[order[s, : best_len[s]]])
        sets[S.tobytes()] = S
    return list(sets.values())
