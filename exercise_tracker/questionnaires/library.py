"""The instruments a clinic uses: those shipped in this package, then those in the clinic's own
folder (`QUESTIONNAIRES_DIR`), which may add instruments or replace a shipped one by its code."""

import json
from pathlib import Path

from exercise_tracker.questionnaires.instrument import (
    Instrument,
    InstrumentFileError,
    Item,
    ItemType,
    Mcid,
    Option,
    ScoringMethod,
)

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"


def _item(raw: dict) -> Item:
    kind = ItemType(raw["type"])
    options = tuple(Option(int(o["value"]), str(o["label"])) for o in raw.get("options", ()))
    if kind == ItemType.CHOICE and not options:
        raise ValueError(f"item {raw['id']}: a choice needs options")
    if kind == ItemType.INTEGER and (raw.get("min") is None or raw.get("max") is None):
        raise ValueError(f"item {raw['id']}: an integer needs min and max")
    return Item(
        id=str(raw["id"]),
        text=str(raw["text"]),
        type=kind,
        required=bool(raw.get("required", True)),
        scored=bool(raw.get("scored", False)) and kind != ItemType.TEXT,
        min=raw.get("min"),
        max=raw.get("max"),
        max_length=int(raw.get("max_length", 500)),
        options=options,
        requires=raw.get("requires"),
    )


def _instrument(raw: dict) -> Instrument:
    scoring = raw["scoring"]
    method = ScoringMethod(scoring["method"])
    items = tuple(_item(item) for item in raw["items"])
    if not any(item.scored for item in items):
        raise ValueError("no item is scored")
    if len({item.id for item in items}) != len(items):
        raise ValueError("item ids repeat")
    table = None
    if method == ScoringMethod.TABLE:
        table = {int(raw_sum): float(value) for raw_sum, value in scoring["table"].items()}
        highest = sum(max([o.value for o in i.options] or [i.max or 0]) for i in items if i.scored)
        missing = set(range(highest + 1)) - set(table)
        if missing:
            raise ValueError(f"the conversion table lacks raw sums {sorted(missing)}")
    if raw["better"] not in ("higher", "lower"):
        raise ValueError("better is `higher` or `lower`")
    mcid = raw.get("mcid")
    low, high = raw["score_range"]
    return Instrument(
        code=str(raw["code"]),
        version=str(raw.get("version", "1")),
        title=str(raw["title"]),
        description=str(raw.get("description", "")),
        items=items,
        method=method,
        score_range=(float(low), float(high)),
        better=raw["better"],
        mcid=Mcid(float(mcid["value"]), str(mcid["source"])) if mcid else None,
        table=table,
        loinc=raw.get("loinc"),
        reference=raw.get("reference"),
        license=raw.get("license"),
        notes=raw.get("notes"),
    )


def load_file(path: Path) -> Instrument:
    try:
        return _instrument(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as error:
        detail = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise InstrumentFileError(f"{path.name}: {detail}") from error


def load_instruments(clinic_dir: Path | None = None) -> dict[str, Instrument]:
    """Every instrument by code; a clinic's file replaces a shipped one of the same code."""
    folders = [SHIPPED_DIR] + ([Path(clinic_dir)] if clinic_dir else [])
    instruments: dict[str, Instrument] = {}
    for folder in folders:
        if not folder.is_dir():
            raise InstrumentFileError(f"{folder}: not a folder of questionnaires")
        for path in sorted(folder.glob("*.json")):
            instrument = load_file(path)
            instruments[instrument.code] = instrument
    return instruments
