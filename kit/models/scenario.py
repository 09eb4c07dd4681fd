"""Branching scenarios (mediation intakes, crisis calls and chats): an acyclic graph of nodes."""

from __future__ import annotations

from functools import cached_property
from typing import Literal

from pydantic import Field, model_validator

from kit.errors import Issue
from kit.models.base import Exercise, Strict, Suggestions, duplicate_ids


class Choice(Strict):
    """What the helper can say or do at a node, and where the conversation goes next."""

    id: str | None = Field(default=None, min_length=1, description="Names the choice in answers; "
                           "defaults to the node's id with -1, -2… added, in written order.")
    text: str = Field(min_length=1, description="What the helper says or does, as the participant "
                      "reads it.")
    goto: str = Field(min_length=1, description="The id of the node this choice leads to.")
    score: dict[str, int] = Field(default_factory=dict, description="Points per competency, such as "
                                  "{safety: 2, rapport: 1}; negative numbers for harmful choices. A "
                                  "path scores the sum of all values along it.")
    feedback: str | None = Field(default=None, description="Shown to the participant at the end of "
                                 "the path: why this choice helped or harmed.")

    @property
    def total(self) -> int:
        return sum(self.score.values())


class Node(Strict):
    """One moment of the conversation: what is said, and the helper's choices (none at an ending)."""

    id: str = Field(min_length=1, description="Names the node; choices lead to it with goto.")
    text: str = Field(min_length=1, description="What happens or is said at this point (Markdown).")
    speaker: str | None = Field(default=None, description="Who speaks the text, such as Caller or "
                                "Mother.")
    choices: list[Choice] | None = Field(default=None, description="The helper's options here. A node "
                                         "without choices is an ending.")
    outcome: str | None = Field(default=None, description="Required at an ending: how the "
                                "conversation ended, in a few words (shown with the result and in "
                                "reports).")

    @property
    def is_ending(self) -> bool:
        return not self.choices


class Scenario(Exercise):
    """A branching conversation (crisis call, chat, mediation intake): an acyclic graph of nodes."""

    type_name = "scenario"
    secret_keys = ("score", "feedback")
    type: Literal["scenario"]
    prompt: str | None = Field(default=None, min_length=1, description="Optional Markdown shown before "
                               "the first node: who the participant is and what the task is.")
    start: str = Field(min_length=1, description="The id of the node where the conversation begins.")
    nodes: list[Node] = Field(min_length=1, description="Every node of the conversation, in any order. "
                              "Every node must be reachable from start, no path may return to a node "
                              "already passed, and the best path must score more than 0.")

    @model_validator(mode="after")
    def _default_choice_ids(self):
        for node in self.nodes:
            for number, choice in enumerate(node.choices or [], start=1):
                if choice.id is None:
                    choice.id = f"{node.id}-{number}"
        return self

    @cached_property
    def node_by_id(self) -> dict[str, Node]:
        nodes: dict[str, Node] = {}
        for node in self.nodes:
            nodes.setdefault(node.id, node)
        return nodes

    @cached_property
    def best_totals(self) -> dict[str, int]:
        """The largest total still reachable from each node to an ending (dynamic programming).

        Only meaningful on a valid (acyclic, closed) graph.
        """
        best: dict[str, int] = {}
        for node_id in reversed(self._topological_order()):
            node = self.node_by_id[node_id]
            if node.is_ending:
                best[node_id] = 0
            else:
                best[node_id] = max(choice.total + best[choice.goto] for choice in node.choices or [])
        return best

    @property
    def best_total(self) -> int:
        return self.best_totals[self.start]

    def best_path(self) -> list[Choice]:
        """One path whose total is the best total, choosing the first best choice at each node."""
        path: list[Choice] = []
        node = self.node_by_id[self.start]
        while not node.is_ending:
            choice = next(
                choice
                for choice in node.choices or []
                if choice.total + self.best_totals[choice.goto] == self.best_totals[node.id]
            )
            path.append(choice)
            node = self.node_by_id[choice.goto]
        return path

    @property
    def endings(self) -> list[Node]:
        return [node for node in self.nodes if node.is_ending]

    def _topological_order(self) -> list[str]:
        order: list[str] = []
        done: set[str] = set()

        def visit(node_id: str) -> None:
            # iterative depth-first search: scenario graphs may be deep
            stack = [(node_id, iter(self._successors(node_id)))]
            done.add(node_id)
            while stack:
                current, successors = stack[-1]
                for successor in successors:
                    if successor not in done:
                        done.add(successor)
                        stack.append((successor, iter(self._successors(successor))))
                        break
                else:
                    stack.pop()
                    order.append(current)

        for node in self.nodes:
            if node.id not in done:
                visit(node.id)
        order.reverse()
        return order

    def _successors(self, node_id: str) -> list[str]:
        node = self.node_by_id[node_id]
        return [choice.goto for choice in node.choices or [] if choice.goto in self.node_by_id]

    def _find_cycle(self) -> list[str] | None:
        state: dict[str, int] = {}  # 1 on the current path, 2 finished
        for root in self.node_by_id:
            if root in state:
                continue
            path = [root]
            stack = [iter(self._successors(root))]
            state[root] = 1
            while stack:
                for successor in stack[-1]:
                    if state.get(successor) == 1:
                        return [*path[path.index(successor):], successor]
                    if successor not in state:
                        state[successor] = 1
                        path.append(successor)
                        stack.append(iter(self._successors(successor)))
                        break
                else:
                    state[path.pop()] = 2
                    stack.pop()
        return None

    def issues(self) -> list[Issue]:
        issues = duplicate_ids(self.nodes, "nodes")
        node_ids = set(self.node_by_id)
        suggest = Suggestions(node_ids)
        if self.start not in node_ids:
            issues.append(Issue("start", f"'{self.start}' is not a node{suggest(self.start)}"))
        for n, node in enumerate(self.nodes):
            if node.is_ending and not node.outcome:
                issues.append(
                    Issue(f"nodes[{n}].outcome", f"node '{node.id}' has no choices, so it is an ending and "
                          "needs an 'outcome'")
                )
            issues += duplicate_ids(node.choices or [], f"nodes[{n}].choices")
            for c, choice in enumerate(node.choices or []):
                if choice.goto not in node_ids:
                    issues.append(
                        Issue(
                            f"nodes[{n}].choices[{c}].goto",
                            f"'{choice.goto}' is not a node{suggest(choice.goto)}",
                        )
                    )
        if issues:
            return issues
        cycle = self._find_cycle()
        if cycle:
            return [Issue("nodes", "the scenario goes round in a circle: " + " → ".join(cycle)
                          + "; a scenario must always move on towards an ending")]
        reachable = self._reachable()
        for n, node in enumerate(self.nodes):
            if node.id not in reachable:
                issues.append(
                    Issue(f"nodes[{n}]", f"node '{node.id}' cannot be reached from start '{self.start}'; "
                          "link to it with a 'goto' or remove it")
                )
        if not issues and self.best_total <= 0:
            issues.append(
                Issue("nodes", f"the best path scores {self.best_total} in total; give the choices "
                      "'score' values so that the best path scores more than 0")
            )
        return issues

    def _reachable(self) -> set[str]:
        seen = {self.start}
        stack = [self.start]
        while stack:
            for successor in self._successors(stack.pop()):
                if successor not in seen:
                    seen.add(successor)
                    stack.append(successor)
        return seen
