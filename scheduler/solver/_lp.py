"""The LP relaxation of a CP-SAT model, solved with GLOP (bundled with OR-Tools).

CP-SAT solves its own LP relaxation, but it cannot be handed cutting planes found
from an LP solution, nor told which columns no good solution can use. This module
gives the solver both, before the CP-SAT solve of the travel stage:

- :meth:`LinearRelaxation.solve` returns the LP optimum ``x*``, from which
  :mod:`scheduler.solver._cuts` separates odd-set cuts (added to the CP-SAT model as
  ordinary constraints, then :meth:`LinearRelaxation.sync` adds them to the LP);
- :meth:`LinearRelaxation.bound_if_one` turns the LP duals into a lower bound on the
  objective of every solution that sets a given 0/1 variable to 1 (reduced-cost
  fixing). A route whose bound exceeds the cost of a known solution cannot be in any
  optimal solution and is fixed to 0.

The bounds are Lagrangian bounds computed here from the duals, not GLOP's reduced
costs: they are valid for *any* dual values of the right sign, so round-off in GLOP
can only make them weaker, never wrong (a small tolerance covers the float sums).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]
from ortools.sat.python import cp_model

_INF = float("inf")
_INT_MAX = 2**62


class NotLinear(Exception):
    """The model has a constraint other than a plain linear one."""


@dataclass(frozen=True)
class LpSolution:
    """An optimal LP solution: objective ``value``, ``x`` and row ``duals``."""

    value: float
    x: tuple[float, ...]
    duals: tuple[float, ...]


class LinearRelaxation:
    """The LP relaxation of a minimisation ``CpModel`` whose constraints are linear."""

    def __init__(self, model: cp_model.CpModel) -> None:
        proto = model.proto
        if not proto.has_objective() or proto.objective.scaling_factor < 0:
            raise NotLinear("the relaxation needs a minimisation objective")
        self._proto = proto
        self._lp = pywraplp.Solver.CreateSolver("GLOP")
        # Dual simplex: after cuts are added the last basis stays dual feasible.
        self._lp.SetSolverSpecificParametersAsString("use_dual_simplex: true")
        self._lo: list[float] = []
        self._hi: list[float] = []
        self._vars = []
        for v in proto.variables:
            d = list(v.domain)
            self._lo.append(float(d[0]))
            self._hi.append(float(d[-1]))
            self._vars.append(self._lp.NumVar(float(d[0]), float(d[-1]), ""))
        self._cost = [0.0] * len(self._vars)
        objective = self._lp.Objective()
        for j, c in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
            self._cost[j] += c
            objective.SetCoefficient(self._vars[j], float(self._cost[j]))
        objective.SetMinimization()
        self._offset = float(proto.objective.offset)
        self._rows: list[tuple[float, float, list[tuple[int, int]]]] = []
        self._cons: list[Any] = []
        self.sync()

    def sync(self) -> None:
        """Add the rows of the constraints appended to the model since the last call."""
        constraints = self._proto.constraints
        for k in range(len(self._rows), len(constraints)):
            ct = constraints[k]
            if not ct.has_linear() or len(ct.enforcement_literal):
                raise NotLinear(f"constraint {k} is not a plain linear constraint")
            dom = list(ct.linear.domain)
            lo = -_INF if dom[0] <= -_INT_MAX else float(dom[0])
            hi = _INF if dom[-1] >= _INT_MAX else float(dom[-1])
            terms = list(zip(ct.linear.vars, ct.linear.coeffs, strict=True))
            if any(j < 0 for j, _ in terms):
                raise NotLinear(f"constraint {k} uses a negated literal")
            row = self._lp.Constraint(lo, hi)
            for j, a in terms:
                row.SetCoefficient(self._vars[j], float(a))
            self._rows.append((lo, hi, terms))
            self._cons.append(row)

    def solve(self, time_limit_s: float) -> LpSolution | None:
        """The LP optimum, or ``None`` if GLOP did not prove one in time."""
        self._lp.SetTimeLimit(max(1, int(time_limit_s * 1000)))
        if self._lp.Solve() != pywraplp.Solver.OPTIMAL:
            return None
        return LpSolution(
            value=self._lp.Objective().Value() + self._offset,
            x=tuple(v.solution_value() for v in self._vars),
            duals=tuple(c.dual_value() for c in self._cons),
        )

    def _lagrangian(self, sol: LpSolution) -> tuple[float, list[float], list[float]]:
        """``(base, d, floor)``: the bound ``base`` on every feasible solution, the
        reduced costs ``d`` and each variable's share ``floor[j]`` of ``base``.

        For duals ``y`` (``y ≥ 0`` only on rows with a finite lower side, ``y ≤ 0`` only
        on rows with a finite upper side) every feasible ``x`` satisfies
        ``cost·x ≥ Σ y_i·side_i + Σ_j d_j·x_j`` with ``d = cost − Aᵀy``, and the right
        side is at least ``base = Σ y_i·side_i + Σ_j min(d_j·lo_j, d_j·hi_j)``. A small
        tolerance, relative to the size of the terms, is taken off for round-off.
        """
        reduced = list(self._cost)
        const = self._offset
        scale = abs(self._offset)
        for (lo, hi, terms), y in zip(self._rows, sol.duals, strict=True):
            if y > 0 and lo > -_INF:
                side = lo
            elif y < 0 and hi < _INF:
                side = hi
            else:
                continue
            const += y * side
            scale += abs(y * side)
            for j, a in terms:
                reduced[j] -= y * a
        floor = [min(d * self._lo[j], d * self._hi[j]) for j, d in enumerate(reduced)]
        scale += math.fsum(abs(f) for f in floor)
        base = const + math.fsum(floor) - (1e-9 * scale + 1e-6)
        return base, reduced, floor

    def bound(self, sol: LpSolution) -> float:
        """A lower bound on the objective of every feasible solution."""
        return self._lagrangian(sol)[0]

    def bound_if_one(self, sol: LpSolution, indices: list[int]) -> list[float]:
        """For each 0/1 variable ``j`` in ``indices``, a lower bound on the objective of
        every feasible solution with ``x_j = 1``."""
        base, reduced, floor = self._lagrangian(sol)
        return [base - floor[j] + reduced[j] for j in indices]
