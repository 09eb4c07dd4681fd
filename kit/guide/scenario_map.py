"""A map of a scenario, laid out by depth: the geometry of an SVG drawn without any external tool.

Each node sits on the level of its longest distance from the start, so every arrow points down;
nodes within a level are ordered to reduce crossings (barycentre sweeps). Pure geometry: the
template ``guide_map.html.j2`` turns it into SVG.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import pairwise

from kit.models import Choice, Scenario

WIDTH = 680.0  # px: the text width of an A4 page with 15 mm margins at 96 dpi
MARGIN = 10.0
GAP = 14.0
LEVEL_GAP = 46.0
FONT = 11.0
CHAR = FONT * 0.6  # average advance of a character, for wrapping labels
LINE = FONT + 2.0
MAX_BOX = 150.0
MIN_BOX = 60.0
DUMMY = 8.0  # the room an arrow needs where it passes a level
MAX_LINES = 3


@dataclass(frozen=True)
class MapNode:
    id: str
    x: float  # top-left corner
    y: float
    width: float
    height: float
    lines: tuple[str, ...]
    start: bool
    ending: bool
    best: bool

    @property
    def center(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class MapEdge:
    path: str  # SVG path data
    label: str
    label_x: float
    label_y: float
    best: bool


@dataclass(frozen=True)
class ScenarioMap:
    width: float
    height: float
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]


def topological(scenario: Scenario) -> list[str]:
    """Node ids in an order where every choice leads forward (Kahn's algorithm, stable by node order)."""
    indegree = {node.id: 0 for node in scenario.nodes}
    for node in scenario.nodes:
        for choice in node.choices or []:
            indegree[choice.goto] += 1
    ready = [node.id for node in scenario.nodes if indegree[node.id] == 0]
    order: list[str] = []
    while ready:
        current = ready.pop(0)
        order.append(current)
        for choice in scenario.node_by_id[current].choices or []:
            indegree[choice.goto] -= 1
            if indegree[choice.goto] == 0:
                ready.append(choice.goto)
    return order


def depths(scenario: Scenario) -> dict[str, int]:
    """The longest number of steps from the start to each node."""
    depth = {scenario.start: 0}
    for node_id in topological(scenario):
        if node_id not in depth:
            continue
        for choice in scenario.node_by_id[node_id].choices or []:
            depth[choice.goto] = max(depth.get(choice.goto, 0), depth[node_id] + 1)
    return depth


def best_to(scenario: Scenario) -> dict[str, int]:
    """The largest total of any path from the start to each node."""
    best = {scenario.start: 0}
    for node_id in topological(scenario):
        if node_id not in best:
            continue
        for choice in scenario.node_by_id[node_id].choices or []:
            total = best[node_id] + choice.total
            if choice.goto not in best or total > best[choice.goto]:
                best[choice.goto] = total
    return best


def wrap(label: str, width: float) -> tuple[str, ...]:
    """Break an id such as ``end-unsafe-agreement`` at its hyphens to fit ``width`` pixels."""
    per_line = max(4, int((width - 8) // CHAR))
    lines: list[str] = []
    current = ""
    for part in label.split("-"):
        piece = part if not current else current + "-" + part
        if len(piece) <= per_line:
            current = piece
            continue
        if current:
            lines.append(current + "-")
        while len(part) > per_line:
            lines.append(part[:per_line])
            part = part[per_line:]
        current = part
    if current:
        lines.append(current)
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1][: per_line - 1] + "…"]
    return tuple(lines)


@dataclass
class _Slot:
    """A place on a level: a node, or a bend point of an arrow that passes the level (``dummy``)."""

    id: str
    dummy: bool
    width: float = 0.0
    x: float = 0.0  # centre
    up: list[str] = field(default_factory=list)  # neighbours on the level above
    down: list[str] = field(default_factory=list)  # neighbours on the level below


def layout(scenario: Scenario, best_choices: set[str]) -> ScenarioMap:
    """Boxes and arrows for a valid scenario; the choices in ``best_choices`` are drawn as the best path.

    An arrow that skips levels gets a bend point on each level it passes (Sugiyama's dummy nodes),
    so that it runs between the boxes instead of through them.
    """
    depth = depths(scenario)
    levels: list[list[_Slot]] = [[] for _ in range(max(depth.values()) + 1)]
    slots: dict[str, _Slot] = {}
    for node in scenario.nodes:
        slots[node.id] = _Slot(node.id, False)
        levels[depth[node.id]].append(slots[node.id])
    chains: list[tuple[str, Choice, list[str]]] = []
    for node in scenario.nodes:
        for number, choice in enumerate(node.choices or []):
            chain = [node.id]
            for level in range(depth[node.id] + 1, depth[choice.goto]):
                dummy = _Slot(f"{node.id}\x00{number}\x00{level}", True)
                slots[dummy.id] = dummy
                levels[level].append(dummy)
                chain.append(dummy.id)
            chain.append(choice.goto)
            for upper, lower in pairwise(chain):
                slots[upper].down.append(lower)
                slots[lower].up.append(upper)
            chains.append((node.id, choice, chain))
    _order(levels, slots)
    box = _box_width(levels)
    for slot in slots.values():
        slot.width = DUMMY if slot.dummy else box
    # a very wide scenario gets a wider drawing, which the page then scales down
    width = max(WIDTH, *(sum(slot.width + GAP for slot in level) - GAP + 2 * MARGIN for level in levels))
    _place(levels, slots, width)
    best_nodes = {scenario.start} | {
        choice.goto for node in scenario.nodes for choice in node.choices or [] if choice.id in best_choices
    }
    nodes: dict[str, MapNode] = {}
    tops: list[float] = []
    bottoms: list[float] = []
    y = MARGIN
    for level in levels:
        wrapped = {slot.id: wrap(slot.id, box) for slot in level if not slot.dummy}
        height = max((len(lines) for lines in wrapped.values()), default=1) * LINE + 10
        for slot in level:
            if not slot.dummy:
                nodes[slot.id] = MapNode(slot.id, slot.x - box / 2, y, box, len(wrapped[slot.id]) * LINE + 10,
                                         wrapped[slot.id], slot.id == scenario.start,
                                         scenario.node_by_id[slot.id].is_ending, slot.id in best_nodes)
        tops.append(y)
        bottoms.append(y + height)
        y += height + LEVEL_GAP
    edges = _edges(chains, slots, nodes, depth, tops, bottoms, best_choices)
    ordered = tuple(nodes[slot.id] for level in levels for slot in level if not slot.dummy)
    return ScenarioMap(width, y - LEVEL_GAP + MARGIN, ordered, edges)


def _order(levels: list[list[_Slot]], slots: dict[str, _Slot]) -> None:
    """Order each level by the mean position of its neighbours (barycentre sweeps, down and up)."""

    def rank(ids: list[str], where: dict[str, float], own: float) -> float:
        return sum(where[i] for i in ids) / len(ids) if ids else own

    for _ in range(6):
        for direction, sweep in (("up", levels[1:]), ("down", levels[-2::-1])):
            for level in sweep:
                where = {slot.id: (i + 0.5) / len(lv) for lv in levels for i, slot in enumerate(lv)}
                level.sort(key=lambda slot, where=where, d=direction: rank(getattr(slot, d), where, where[slot.id]))


def _box_width(levels: list[list[_Slot]]) -> float:
    room = WIDTH - 2 * MARGIN
    widths = []
    for level in levels:
        real = sum(1 for slot in level if not slot.dummy)
        dummies = len(level) - real
        if real:
            widths.append((room - dummies * (DUMMY + GAP) - (real - 1) * GAP) / real)
    return max(MIN_BOX, min(MAX_BOX, *widths))


def _place(levels: list[list[_Slot]], slots: dict[str, _Slot], width: float) -> None:
    """Centre each level, then pull every slot towards its neighbours, keeping order and spacing."""
    for level in levels:
        _pack(level, [width / 2] * len(level), width)
    for sweep in range(8):
        order = levels[1:] if sweep % 2 == 0 else levels[-2::-1]
        for level in order:
            wanted = []
            for slot in level:
                neighbours = slot.up + slot.down
                wanted.append(sum(slots[n].x for n in neighbours) / len(neighbours) if neighbours else slot.x)
            _pack(level, wanted, width)
        if sweep % 2 == 0 and levels:
            # the start has no neighbour above: follow the level below
            _pack(levels[0], [sum(slots[n].x for n in s.down) / len(s.down) if s.down else s.x for s in levels[0]],
                  width)
    # the pulls drift to one side: centre the drawing on the page
    left = min(slot.x - slot.width / 2 for level in levels for slot in level)
    right = max(slot.x + slot.width / 2 for level in levels for slot in level)
    shift = (width - left - right) / 2
    for level in levels:
        for slot in level:
            slot.x += shift


def _pack(level: list[_Slot], wanted: list[float], width: float) -> None:
    """Put slots as near their wanted centres as their order and the page allow."""
    if not level:
        return
    total = sum(slot.width for slot in level) + GAP * (len(level) - 1)
    if total > width - 2 * MARGIN:  # too wide: spread evenly
        x = (width - total) / 2
        for slot in level:
            slot.x = x + slot.width / 2
            x += slot.width + GAP
        return
    xs = list(wanted)
    for i in range(len(level)):  # left to right: no overlap, not past the left margin
        low = MARGIN + level[i].width / 2 if i == 0 else xs[i - 1] + (level[i - 1].width + level[i].width) / 2 + GAP
        xs[i] = max(xs[i], low)
    for i in reversed(range(len(level))):  # right to left: not past the right margin
        high = (width - MARGIN - level[i].width / 2 if i == len(level) - 1
                else xs[i + 1] - (level[i + 1].width + level[i].width) / 2 - GAP)
        xs[i] = min(xs[i], high)
    for slot, x in zip(level, xs, strict=True):
        slot.x = x


def _edges(
    chains: list[tuple[str, Choice, list[str]]],
    slots: dict[str, _Slot],
    nodes: dict[str, MapNode],
    depth: dict[str, int],
    tops: list[float],
    bottoms: list[float],
    best_choices: set[str],
) -> tuple[MapEdge, ...]:
    # spread the ends of the arrows along a box's edge, ordered by where the arrow goes
    exits: dict[str, list[str]] = defaultdict(list)
    entries: dict[str, list[str]] = defaultdict(list)
    for source, _, chain in chains:
        exits[source].append(chain[1])
        entries[chain[-1]].append(chain[-2])
    for ends in (*exits.values(), *entries.values()):
        ends.sort(key=lambda slot_id: slots[slot_id].x)
    edges = []
    labels: list[list[float]] = []
    for source, choice, chain in chains:
        a, b = nodes[source], nodes[chain[-1]]
        start = (_spread(a, exits[source].index(chain[1]), len(exits[source])), a.y + a.height)
        end = (_spread(b, entries[chain[-1]].index(chain[-2]), len(entries[chain[-1]])), b.y - 2)
        points = [start]
        for offset, dummy in enumerate(chain[1:-1], start=depth[source] + 1):
            points += [(slots[dummy].x, tops[offset]), (slots[dummy].x, bottoms[offset])]
        points.append(end)
        path = f"M{points[0][0]:.1f},{points[0][1]:.1f}"
        for i in range(1, len(points)):
            (x1, y1), (x2, y2) = points[i - 1], points[i]
            if i % 2 == 0 and i < len(points) - 1:  # straight down through a level
                path += f" L{x2:.1f},{y2:.1f}"
            else:
                bend = max(12.0, (y2 - y1) / 2)
                path += f" C{x1:.1f},{y1 + bend:.1f} {x2:.1f},{y2 - bend:.1f} {x2:.1f},{y2:.1f}"
        label = f"{choice.total:+d}" if choice.total else "0"
        (x1, y1), (x2, y2) = points[0], points[1]
        labels.append([(x1 + x2) / 2, (y1 + y2) / 2, len(label)])
        edges.append(MapEdge(path, label, 0.0, 0.0, choice.id in best_choices))
    _separate(labels)
    return tuple(
        MapEdge(edge.path, edge.label, x, y, edge.best) for edge, (x, y, _) in zip(edges, labels, strict=True)
    )


def _separate(labels: list[list[float]]) -> None:
    """Push labels that share a row apart so that none covers another."""
    rows: dict[float, list[list[float]]] = defaultdict(list)
    for label in labels:
        rows[round(label[1] / 12)].append(label)
    for row in rows.values():
        row.sort(key=lambda label: label[0])
        for left, right in pairwise(row):
            need = (left[2] + right[2]) * 3.4 + 10
            if right[0] - left[0] < need:
                right[0] = left[0] + need


def _spread(node: MapNode, index: int, count: int) -> float:
    step = min(node.width / (count + 1), 22.0)
    return node.center + (index - (count - 1) / 2) * step


def mermaid(scenario: Scenario, best_choices: set[str]) -> str:
    """The same map as a Mermaid flowchart, for Markdown guides (JupyterLab and GitHub draw it offline)."""
    depth = depths(scenario)
    numbers = {node_id: index for index, node_id in enumerate(
        sorted(depth, key=lambda n: (depth[n], scenario.nodes.index(scenario.node_by_id[n]))), start=1)}
    lines = ["flowchart TD"]
    for node_id, number in numbers.items():
        label = node_id.replace('"', "#quot;")
        shape = ('(["', '"])') if scenario.node_by_id[node_id].is_ending else ('["', '"]')
        lines.append(f"  n{number}{shape[0]}{label}{shape[1]}")
    best_links = []
    link = 0
    for node in scenario.nodes:
        for choice in node.choices or []:
            best = choice.id in best_choices
            label = f"{choice.total:+d}" if choice.total else "0"
            lines.append(f"  n{numbers[node.id]} {'==>' if best else '-->'}|{label}| n{numbers[choice.goto]}")
            if best:
                best_links.append(link)
            link += 1
    lines += [f"  style n{numbers[scenario.start]} stroke-width:3px"]
    if best_links:
        lines.append(f"  linkStyle {','.join(map(str, best_links))} stroke:#1f7a3a,stroke-width:3px")
    return "\n".join(lines)
