"""Numbers the Dutch way, for every page and report: ``€ 624.321``, ``1.234,5``, ``12,5%``."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation


def _decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _group(text: str) -> str:
    """Swap the English separators of ``f"{x:,.2f}"`` for the Dutch ones."""
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def number(value: object, decimals: int | None = None) -> str:
    """``1234.5`` -> ``1.234,5``; whole numbers without decimals; text that is not a number unchanged."""
    d = _decimal(value)
    if d is None:
        return "" if value is None else str(value)
    if decimals is None:
        if d == d.to_integral_value():
            return _group(f"{d:,.0f}")
        decimals = max(-d.normalize().as_tuple().exponent, 0)  # type: ignore[operator]
    return _group(f"{d:,.{decimals}f}")


def euro(value: object) -> str:
    """``624321.00`` -> ``€ 624.321``; ``1500.5`` -> ``€ 1.500,50``; not a number: unchanged."""
    d = _decimal(value)
    if d is None:
        return "" if value is None else str(value)
    whole = d == d.to_integral_value()
    sign = "-" if d < 0 else ""
    return f"{sign}€ " + _group(f"{abs(d):,.0f}" if whole else f"{abs(d):,.2f}")


def percentage(value: object, decimals: int = 1) -> str:
    """``12.5`` -> ``12,5%`` (the value is already a percentage)."""
    d = _decimal(value)
    if d is None:
        return "" if value is None else str(value)
    return number(d, decimals) + "%"


def column_title(variable: str) -> str:
    """A query variable as a column header in words: ``statusNietVermeld`` -> ``status niet vermeld``, ``wijkNaam`` -> ``wijk``."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", variable).lower().split()
    if len(words) > 1 and words[-1] == "naam":
        words = words[:-1]
    return " ".join(words) or variable
