"""Scoring a question on the server: pure functions over a frozen question (a dict as an
attempt stores it, see freeze) and what the person answered.

A question earns a fraction of its mark between 0 and 1: negative grades of wrong choices
take marks away within the question but never below 0 (as Moodle does), and a multiple
answer question's picks add up, capped at 1.
"""

import re
from decimal import Decimal, InvalidOperation

from ..question_formats.model import Answer, Question, QuestionKind

ZERO = Decimal(0)
ONE = Decimal(1)
CHOICE_KINDS = (QuestionKind.MULTIPLE_CHOICE, QuestionKind.MULTIPLE_ANSWER)


def answers_json(answers) -> list[dict]:
    """Answers (dataclasses) as the JSON a question row keeps: decimals as strings."""
    return [{"text": a.text, "fraction": str(a.fraction), "feedback": a.feedback,
             "value": None if a.value is None else str(a.value),
             "tolerance": None if a.tolerance is None else str(a.tolerance)} for a in answers]


def answers_of(rows: list[dict]) -> tuple[Answer, ...]:
    """The JSON kept in a row back as Answer dataclasses."""
    return tuple(Answer(text=r["text"], fraction=Decimal(r["fraction"]), feedback=r.get("feedback", ""),
                        value=None if r.get("value") is None else Decimal(r["value"]),
                        tolerance=None if r.get("tolerance") is None else Decimal(r["tolerance"]))
                 for r in rows)


def freeze(row, order: list[int]) -> dict:
    """A bank question as an attempt keeps it: everything scoring and the result page need,
    and the order (answer indices) its choices are shown in."""
    return {"question_id": row.id, "kind": row.kind, "name": row.name, "text": row.text,
            "text_format": row.text_format, "mark": str(row.default_mark),
            "general_feedback": row.general_feedback, "case_sensitive": row.case_sensitive,
            "answers": list(row.answers), "order": order}


def question_of(slot: dict) -> Question:
    """A frozen slot as the parsers' Question dataclass (for the checks and scoring)."""
    return Question(kind=QuestionKind(slot["kind"]), name=slot["name"], text=slot["text"],
                    answers=answers_of(slot["answers"]), default_mark=Decimal(slot["mark"]),
                    general_feedback=slot["general_feedback"], case_sensitive=slot["case_sensitive"])


def read_response(slot: dict, values: list[str]):
    """What the form sent for a slot, as stored: a choice index, a list of indices, "true" or
    "false", or the typed text; None when nothing usable was sent. Values that name no choice
    of the question are dropped, never trusted."""
    kind = QuestionKind(slot["kind"])
    count = len(slot["answers"])
    if kind in CHOICE_KINDS:
        picked = sorted({int(v) for v in values if v.isdigit() and int(v) < count})
        if kind == QuestionKind.MULTIPLE_CHOICE:
            return picked[0] if len(picked) == 1 else None
        return picked or None
    value = values[0].strip() if values else ""
    if kind == QuestionKind.TRUE_FALSE:
        return value if value in ("true", "false") else None
    return value[:1000] or None


def matching_answer(slot: dict, response) -> list[int]:
    """The indices of the answers the response picked or matched."""
    if response is None:
        return []
    kind = QuestionKind(slot["kind"])
    answers = slot["answers"]
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return [response]
    if kind == QuestionKind.MULTIPLE_ANSWER:
        return list(response)
    if kind == QuestionKind.TRUE_FALSE:
        return [i for i, a in enumerate(answers) if a["text"] == response]
    if kind == QuestionKind.SHORT_ANSWER:
        for i, a in enumerate(answers):  # the first accepted answer that matches, as Moodle
            if _short_answer_matches(a["text"], response, slot["case_sensitive"]):
                return [i]
        return []
    number = _number(response)
    if number is None:
        return []
    for i, a in enumerate(answers):
        tolerance = Decimal(a["tolerance"] or 0)
        if a["value"] is not None and abs(number - Decimal(a["value"])) <= tolerance:
            return [i]
    return []


def slot_fraction(slot: dict, response) -> Decimal:
    """The share of the question's mark the response earns, between 0 and 1."""
    picked = matching_answer(slot, response)
    total = sum((Decimal(slot["answers"][i]["fraction"]) for i in picked), ZERO)
    return min(max(total, ZERO), ONE)


def slot_score(slot: dict, response) -> Decimal:
    """The marks the response earns."""
    return slot_fraction(slot, response) * Decimal(slot["mark"])


def _short_answer_matches(accepted: str, given: str, case_sensitive: bool) -> bool:
    # Moodle's wildcard: "*" in an accepted answer stands for any characters.
    pattern = ".*".join(re.escape(part) for part in accepted.strip().split("*"))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.fullmatch(pattern, given.strip(), flags) is not None


def _number(text: str) -> Decimal | None:
    try:
        number = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
