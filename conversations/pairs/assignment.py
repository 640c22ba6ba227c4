"""The assignment of rows to columns with the lowest total cost (Kuhn–Munkres), which
the matcher uses to pick one candidate per buddy for a whole programme."""

from __future__ import annotations


def hungarian(cost: list[list[float]]) -> list[int]:
    """The column for each row of a square cost matrix that makes the total cost lowest.

    Kuhn–Munkres with row and column potentials, O(n³): rows join one at a time; each
    grows a tree of tight edges (reduced cost 0) from the new row, shifting the potentials by
    the smallest reduced cost to make the next edge tight, until it reaches a free column,
    then flips the path. Index 0 of the arrays is a virtual column holding the new row.
    """
    n = len(cost)
    inf = float("inf")
    row_pot = [0.0] * (n + 1)
    col_pot = [0.0] * (n + 1)
    owner = [0] * (n + 1)  # the row (1-based) holding each column, 0 when free
    for row in range(1, n + 1):
        owner[0] = row
        came_from = [0] * (n + 1)
        slack = [inf] * (n + 1)
        in_tree = [False] * (n + 1)
        col = 0
        while owner[col]:
            in_tree[col] = True
            r = owner[col]
            costs, pot_r = cost[r - 1], row_pot[r]
            delta, next_col = inf, 0
            for j in range(1, n + 1):
                if not in_tree[j]:
                    reduced = costs[j - 1] - pot_r - col_pot[j]
                    if reduced < slack[j]:
                        slack[j], came_from[j] = reduced, col
                    if slack[j] < delta:
                        delta, next_col = slack[j], j
            for j in range(n + 1):
                if in_tree[j]:
                    row_pot[owner[j]] += delta
                    col_pot[j] -= delta
                else:
                    slack[j] -= delta
            col = next_col
        while col:
            prev = came_from[col]
            owner[col] = owner[prev]
            col = prev
    assigned = [0] * n
    for j in range(1, n + 1):
        assigned[owner[j] - 1] = j - 1
    return assigned
