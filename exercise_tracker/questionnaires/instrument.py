"""One questionnaire as data: its items, how it is scored, which direction is better and its
minimal clinically important difference (MCID) where one is published."""

from dataclasses import dataclass
from enum import StrEnum


class InstrumentFileError(ValueError):
    """A questionnaire definition that cannot be used, with the file and the reason."""


class InvalidAnswers(ValueError):
    """Answers that do not fit the questionnaire; `errors` maps each item id to its reasons."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("The answers do not fit the questionnaire.")
        self.errors = errors


class ItemType(StrEnum):
    INTEGER = "integer"  # a rating between min and max
    CHOICE = "choice"  # one of the options, scored by the option's value
    TEXT = "text"  # free text (PSFS activities), never scored


class ScoringMethod(StrEnum):
    SUM = "sum"
    MEAN = "mean"  # of the scored items answered
    TABLE = "table"  # the raw sum looked up in a published conversion table


@dataclass(frozen=True)
class Option:
    value: int
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    type: ItemType
    required: bool = True
    scored: bool = False
    min: int | None = None
    max: int | None = None
    max_length: int = 500
    options: tuple[Option, ...] = ()
    requires: str | None = None  # answered only together with that item (a PSFS rating)

    def check(self, value) -> str | None:
        """Why `value` is not an answer to this item, or None when it is."""
        if self.type == ItemType.TEXT:
            if not isinstance(value, str) or not value.strip():
                return "Give a non-empty text."
            return (
                None if len(value) <= self.max_length else f"At most {self.max_length} characters."
            )
        if isinstance(value, bool) or not isinstance(value, int):
            return "Give a whole number."
        if self.type == ItemType.CHOICE:
            allowed = [option.value for option in self.options]
            return None if value in allowed else f"One of {allowed}."
        if not self.min <= value <= self.max:
            return f"Between {self.min} and {self.max}."
        return None

    def label_of(self, value) -> str | None:
        return next((o.label for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Mcid:
    value: float
    source: str


@dataclass(frozen=True)
class Score:
    value: float
    raw: float


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    title: str
    description: str
    items: tuple[Item, ...]
    method: ScoringMethod
    score_range: tuple[float, float]
    better: str  # "higher" or "lower"
    mcid: Mcid | None = None
    table: dict[int, float] | None = None
    loinc: str | None = None
    reference: str | None = None
    license: str | None = None
    notes: str | None = None

    def item(self, item_id: str) -> Item | None:
        return next((item for item in self.items if item.id == item_id), None)

    def validate(self, answers) -> dict:
        """The answers, checked item by item; raises `InvalidAnswers` naming every bad item."""
        if not isinstance(answers, dict):
            raise InvalidAnswers({"_schema": ["Answers are an object of item id to answer."]})
        errors: dict[str, list[str]] = {}
        for item_id in answers:
            if self.item(item_id) is None:
                errors[item_id] = ["Not an item of this questionnaire."]
        for item in self.items:
            value = answers.get(item.id)
            if value is None:
                if item.required:
                    errors[item.id] = ["This item must be answered."]
                continue
            if reason := item.check(value):
                errors[item.id] = [reason]
            elif item.requires and answers.get(item.requires) is None:
                errors[item.id] = [f"Answer `{item.requires}` too."]
        for item in self.items:
            needed = [i for i in self.items if i.requires == item.id]
            if answers.get(item.id) is not None and any(answers.get(i.id) is None for i in needed):
                errors.setdefault(needed[0].id, ["Rate this activity."])
        if errors:
            raise InvalidAnswers(errors)
        return {
            item.id: answers[item.id] for item in self.items if answers.get(item.id) is not None
        }

    def score(self, answers: dict) -> Score:
        """The score of validated answers, kept with the raw sum or mean it came from."""
        values = [answers[item.id] for item in self.items if item.scored and item.id in answers]
        raw = sum(values)
        if self.method == ScoringMethod.MEAN:
            raw = raw / len(values)
            return Score(round(raw, 2), round(raw, 2))
        if self.method == ScoringMethod.TABLE:
            return Score(self.table[raw], raw)
        return Score(raw, raw)

    def worsened(self, before: float, after: float) -> bool:
        """A change beyond the MCID, in the worse direction."""
        if self.mcid is None:
            return False
        change = after - before if self.better == "lower" else before - after
        return change >= self.mcid.value
