"""Per-question statistics over submitted attempts, as Moodle's quiz statistics report
defines them. Pure: numbers in, numbers out.

- Facility index: the mean share of the mark earned (0 = nobody right, 1 = everyone).
- Discrimination index: the correlation between the question's score and the rest of the
  test's score (the attempt's total without this question), over the attempts that drew
  the question: near 1, those who do well on the rest also do well here; near 0 or below,
  the question does not tell strong from weak. None when it cannot be computed (fewer than
  two attempts, or no spread in either score).
"""

from dataclasses import dataclass
from math import sqrt


@dataclass(frozen=True)
class ScoredSlot:
    question_id: int
    score: float
    mark: float


@dataclass(frozen=True)
class QuestionStatistics:
    question_id: int
    attempts: int
    facility: float | None
    discrimination: float | None


def question_statistics(attempts: list[list[ScoredSlot]]) -> dict[int, QuestionStatistics]:
    """{question id: its statistics} over the given attempts (each a list of its slots)."""
    pairs: dict[int, list[tuple[float, float, float]]] = {}
    for slots in attempts:
        total = sum(s.score for s in slots)
        for slot in slots:
            pairs.setdefault(slot.question_id, []).append((slot.score, slot.mark, total - slot.score))
    return {qid: QuestionStatistics(
        question_id=qid, attempts=len(rows),
        facility=sum(score / mark for score, mark, _rest in rows) / len(rows) if rows else None,
        discrimination=correlation([r[0] for r in rows], [r[2] for r in rows]))
        for qid, rows in pairs.items()}


def correlation(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's correlation of two equally long lists; None without two values or spread."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / sqrt(sxx * syy)
