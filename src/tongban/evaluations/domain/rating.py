"""What an evaluator chose: the level, the secondary ratings, content and comment."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Rating:
    level: int
    scores: dict[str, int] = field(default_factory=dict)
    options: list[str] = field(default_factory=list)
    text: str = ""
