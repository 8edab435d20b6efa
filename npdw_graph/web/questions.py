"""The coordinator's questions in the browser ("Vragen"): the named query library as pages.

``/vragen/`` lists every named query (``queries/*.rq``) by its Dutch title and question, grouped
by theme (the ``#+ theme:`` header; without it a theme derived from the name, else "Overig").
``/vragen/<name>`` shows a form with a picker per parameter (the choices come from the graph,
shown by their labels), runs the query with :func:`npdw_graph.query.run_query` (the library
function behind ``npdw query``), and shows the table (IRIs link to their pages), the row count,
a bar chart for the aggregates (``#+ chart:``), the SPARQL text and the downloads:
``?format=csv`` is byte for byte what ``npdw query NAME --format csv`` prints.

``portal_pages(engine, library)`` pre-renders every query with its default parameters for the
static portal (``vragen/index.html``, ``vragen/<name>.html`` and the downloads beside them).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import OWL, RDFS, XSD

from npdw_graph.errors import NpdwError
from npdw_graph.namespaces import DEFAULT_BASE, PREFIXES
from npdw_graph.query import canonical_text, compact, fetch_labels, format_result, run_query
from npdw_graph.queryengine import Engine, SelectResult
from npdw_graph.querylib import NamedQuery, Param
from npdw_graph.remote import prepare_query
from npdw_graph.web import page_root, render
from npdw_graph.web.format import column_title, euro, number

OTHER_THEME = "Overig"
# The themes in the order the Vragen page shows them; a theme not listed comes after, alphabetically, "Overig" last.
THEME_ORDER = ("De keten", "Doelen en dekking", "Inspanningen", "Financiering", "Partners en organisatie", "Wijken", "Monitor",
               "Netwerk", "Datakwaliteit")
# A query without a '#+ theme:' line: the theme from the start of its name.
NAME_THEMES = (("keten-", "De keten"), ("doelen-", "Doelen en dekking"), ("inspanning", "Inspanningen"), ("financiering", "Financiering"),
               ("partners-", "Partners en organisatie"), ("organisatie", "Partners en organisatie"), ("netwerk-", "Netwerk"),
               ("kwaliteit-", "Datakwaliteit"), ("indicator", "Monitor"), ("nulmeting", "Wijken"), ("woningbouw", "Wijken"))
# A parameter without an example value: the class its choices come from, by its name.
NAME_CLASSES = {"pijler": "npdw:Pillar", "wijk": "npdw:Wijk", "doel": "npdw:OperationalGoal", "inspanning": "npdw:Effort",
                "partner": "org:Organization", "organisatie": "org:Organization", "financier": "org:Organization",
                "regeling": "npdw:FundingScheme", "status": "npdw:EffortStatus", "grondslag": "npdw:LinkBasis",
                "reikwijdte": "npdw:FundingScope", "indicator": "npdw:Indicator"}
DOWNLOADS = ("csv", "json")
MEDIA = {"csv": "text/csv; charset=utf-8", "json": "application/sparql-results+json; charset=utf-8",
         "tsv": "text/tab-separated-values; charset=utf-8"}
_PREFIXED = re.compile(r"\b([a-z][a-z0-9]*):([A-Za-z0-9][A-Za-z0-9_.-]*[A-Za-z0-9]|[A-Za-z0-9])")
_NUMERIC = {str(XSD.decimal), str(XSD.integer), str(XSD.double), str(XSD.float), str(XSD.int), str(XSD.long),
            str(XSD.nonNegativeInteger), str(XSD.positiveInteger)}


def theme_of(query: NamedQuery) -> str:
    if query.theme:
        return query.theme
    for prefix, theme in NAME_THEMES:
        if query.name.startswith(prefix):
            return theme
    return OTHER_THEME


def themes(library: Mapping[str, NamedQuery]) -> list[tuple[str, list[NamedQuery]]]:
    """The queries grouped by theme, themes in THEME_ORDER, queries by title."""
    groups: dict[str, list[NamedQuery]] = {}
    for q in library.values():
        groups.setdefault(theme_of(q), []).append(q)

    def order(theme: str) -> tuple[int, int, str]:
        if theme == OTHER_THEME:
            return (2, 0, "")
        if theme in THEME_ORDER:
            return (0, THEME_ORDER.index(theme), "")
        return (1, 0, theme.casefold())

    return [(t, sorted(groups[t], key=lambda q: q.title.casefold())) for t in sorted(groups, key=order)]


# --- the pickers -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    value: str  # what the form sends: a prefixed name (gebied:wielwijk) or text
    label: str


_NAME = r"[a-z][a-z0-9]*:[A-Za-z][\w-]*"
_PREFIXED = re.compile(_NAME)
# ": npdw:A, npdw:B of npdw:C" (a list of the allowed values after a colon or as the whole text, with their glosses)
_LISTED_NAMES = re.compile(rf"(?:^|:)\s*{_NAME}(?: \([^)]*\))?(?:(?:,\s*|\s+of\s+){_NAME}(?: \([^)]*\))?)+")
_EXAMPLE_NAME = re.compile(rf",?\s*bijvoorbeeld\s+{_NAME}|\s*\((?:of\s+)?{_NAME}(?:(?:,\s*|\s+of\s+){_NAME})*\)")


@dataclass
class Picker:
    param: Param
    widget: str  # "select", "text" or "number"
    value: str
    choices: list[Choice] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The field's name on the form: the parameter's name with a capital (``reikwijdte`` -> ``Reikwijdte``)."""
        return self.param.name[:1].upper() + self.param.name[1:]

    @property
    def help(self) -> str:
        """The parameter's description for the form. A picker shows its choices by name, so the prefixed names the
        description gives for the command line (``npdw:ScopeDordtWest, ...``, ``bijvoorbeeld gebied:wielwijk``) are
        left out; a description that is nothing but such names is left out as a whole."""
        text = self.param.description
        if self.widget != "select":
            return text
        text = _LISTED_NAMES.sub("", text)
        text = _EXAMPLE_NAME.sub("", text)
        return "" if _PREFIXED.search(text) else text.strip(" ,;")

    @property
    def chosen_label(self) -> str:
        if self.widget != "select":
            return self.value
        return next((c.label for c in self.choices if c.value == self.value), self.value)


def _expand(prefixed: str) -> str | None:
    prefix, _, local = prefixed.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and local else None


def _examples(param: Param) -> list[str]:
    """IRIs a parameter's default and description name (``npdw:Stated of npdw:Inferred``)."""
    found = [param.default] if param.default else []
    found += [m.group(0) for m in _PREFIXED.finditer(param.description)]
    out: list[str] = []
    for text in found:
        iri = text[1:-1] if text.startswith("<") else _expand(text)
        if iri and iri not in out:
            out.append(iri)
    return out


def _labelled(engine: Engine, iris: list[str] | None = None, classes: list[str] | None = None) -> list[Choice]:
    """Choices with their Dutch labels: the given IRIs, or every instance of the given classes, in their order."""
    if iris:
        values = "VALUES ?x { " + " ".join(f"<{i}>" for i in iris) + " }"
    else:
        values = "VALUES ?t { " + " ".join(f"<{c}>" for c in classes or []) + " } ?x a ?t ."
    q = (f"SELECT ?x (SAMPLE(?l0) AS ?l) (MIN(?o0) AS ?o) WHERE {{ {values} "
         f"OPTIONAL {{ ?x <{RDFS.label}> ?l0 FILTER(lang(?l0) = 'nl' || lang(?l0) = '') }} "
         f"OPTIONAL {{ ?x <{PREFIXES['npdw']}sortOrder> ?o0 }} }} GROUP BY ?x")
    rows = engine.select(q).rows
    choices = []
    for x, label, order in rows:
        if isinstance(x, URIRef):
            sort = float(canonical_text(order)) if isinstance(order, Literal) and _is_number(order) else float("inf")
            choices.append((sort, (str(label) if label is not None else compact(str(x))).casefold(),
                            Choice(compact(str(x)), str(label) if label is not None else compact(str(x)))))
    if iris:  # keep the order the description gives
        position = {compact(i): n for n, i in enumerate(iris)}
        return [c for _, _, c in sorted(choices, key=lambda t: position.get(t[2].value, 0))]
    return [c for _, _, c in sorted(choices, key=lambda t: (t[0], t[1]))]


def choices_for(param: Param, engine: Engine) -> list[Choice]:
    """What a parameter can be, from the graph: the instances of its examples' classes (or the classes named)."""
    examples = _examples(param)
    if examples:
        values = " ".join(f"<{i}>" for i in examples)
        rows = engine.select(f"SELECT DISTINCT ?x ?t WHERE {{ VALUES ?x {{ {values} }} ?x a ?t }}").rows
        named_classes = [str(x) for x, t in rows if t in (OWL.Class, RDFS.Class)]
        if named_classes:
            return _labelled(engine, iris=[i for i in examples if i in named_classes])
        classes = sorted({str(t) for _, t in rows if t not in (OWL.Class, RDFS.Class, OWL.NamedIndividual)})
        if classes:
            return _labelled(engine, classes=classes)
    cls = NAME_CLASSES.get(param.name)
    return _labelled(engine, classes=[_expand(cls)]) if cls and _expand(cls) else []  # type: ignore[list-item]


def pickers(query: NamedQuery, engine: Engine, given: Mapping[str, str]) -> list[Picker]:
    out = []
    for p in query.params:
        value = given.get(p.name, p.default)
        if p.kind == "iri":
            choices = choices_for(p, engine)
            if p.optional:
                choices = [Choice("", "(alle)"), *choices]
            if choices and value not in {c.value for c in choices}:
                try:
                    full = compact(str(URIRef(_expand(value) or value)))
                except Exception:  # noqa: BLE001 - a value typed by hand: shown as given
                    full = value
                match = next((c for c in choices if c.value == full), None)
                value = match.value if match else value
                if match is None and value:
                    choices.append(Choice(value, value))
            out.append(Picker(p, "select" if choices else "text", value, choices))
        elif p.kind in ("integer", "decimal"):
            out.append(Picker(p, "number", value))
        else:
            out.append(Picker(p, "text", value))
    return out


def second_values(query: NamedQuery, engine: Engine) -> dict[str, str]:
    """Parameter values other than the defaults (the first other choice of the first parameter), for checks."""
    for picker in pickers(query, engine, {}):
        others = [c.value for c in picker.choices if c.value != picker.value and c.value]
        for example in query.examples:  # a text parameter: the value the header's example uses
            m = re.search(rf"--param {re.escape(picker.param.name)}=(\S+)", example)
            if m and m.group(1) != picker.value:
                others.append(m.group(1))
        if others:
            return {picker.param.name: others[0]}
    return {}


# --- the answer as a table and a chart -----------------------------------------------------------------------

@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    numeric: bool = False
    title: str | None = None  # the full IRI, as a tooltip


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    numeric: list[bool]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def titles(self) -> list[str]:
        """The column headers for people: the query's variables in words (``statusNietVermeld`` -> ``status niet
        vermeld``, ``wijkNaam`` -> ``wijk``); the variable itself stays the CSV's header and the cell's title."""
        return [column_title(c) for c in self.columns]



@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    percent: float
    href: str | None = None


def page_href(iri: str, root: str, base: str = DEFAULT_BASE) -> str | None:
    """The portal page of a resource: ``{root}doc/<type>/<slug>.html`` (None for IRIs that have no page)."""
    prefix = base + "id/"
    if not iri.startswith(prefix):
        return None
    rest = iri[len(prefix):]
    if rest.count("/") != 1 or not all(re.fullmatch(r"[A-Za-z0-9._~-]+", part) for part in rest.split("/")):
        return None
    return f"{root}doc/{rest}.html"


def _is_number(term: object) -> bool:
    return isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in _NUMERIC


def _number_text(term: Literal, money: bool) -> str:
    text = canonical_text(term)
    return euro(text) if money else number(text)


def table_view(query: NamedQuery | None, result: SelectResult, labels: Mapping[str, str], root: str, base: str = DEFAULT_BASE) -> Table:
    """The result as cells: IRIs shown by their labels and linked to their pages, numbers the Dutch way.

    An IRI column whose label is already in another column of every row is folded into that
    column (the name becomes the link), so a name does not stand twice in a row.
    """
    variables = list(result.variables)
    money = set(query.euro) if query else set()
    folded: dict[int, int] = {}  # literal column -> IRI column that links it
    for i, _var in enumerate(variables):
        column = [row[i] for row in result.rows]
        if not column or not all(t is None or isinstance(t, URIRef) for t in column) or not any(column):
            continue
        for j, _ in enumerate(variables):
            if j == i or j in folded:
                continue
            if all(t is None or (isinstance(row[j], Literal) and labels.get(str(t)) == str(row[j])) for t, row in zip(column, result.rows,
                                                                                                                     strict=True)):
                folded[j] = i
                break
    hidden = set(folded.values())
    shown = [i for i in range(len(variables)) if i not in hidden]
    numeric = [bool(result.rows) and all(row[i] is None or _is_number(row[i]) for row in result.rows) and any(row[i] is not None
                                                                                                          for row in result.rows)
               for i in shown]
    rows = []
    for row in result.rows:
        cells = []
        for i in shown:
            term = row[i]
            link_term = row[folded[i]] if i in folded else term
            href = page_href(str(link_term), root, base) if isinstance(link_term, URIRef) else None
            if term is None:
                cells.append(Cell(""))
            elif isinstance(term, URIRef):
                cells.append(Cell(labels.get(str(term)) or compact(str(term)), href, title=str(term)))
            elif _is_number(term):
                cells.append(Cell(_number_text(term, variables[i] in money), href, numeric=True))
            else:
                cells.append(Cell(str(term), href, title=str(link_term) if href else None))
        rows.append(cells)
    return Table([variables[i] for i in shown], rows, numeric)


def chart_view(query: NamedQuery, result: SelectResult, labels: Mapping[str, str], root: str, base: str = DEFAULT_BASE) -> list[Bar]:
    """Bars for ``#+ chart: label | value`` (rows named "Totaal..." left out: they are the sum of the others); a label of
    several columns (``wijkNaam groep``) names each bar by all of them."""
    if query.chart is None:
        return []
    label_vars, value_var = query.chart[0].split(), query.chart[1]  # "wijkNaam groep | totaal": a bar per wijk and group
    if not label_vars or any(v not in result.variables for v in label_vars) or value_var not in result.variables:
        return []
    lis, vi = [result.variables.index(v) for v in label_vars], result.variables.index(value_var)
    points = []
    for row in result.rows:
        label, value = row[lis[0]], row[vi]
        if label is None or not _is_number(value):
            continue
        text = labels.get(str(label)) or compact(str(label)) if isinstance(label, URIRef) else str(label)
        text = " · ".join([text, *(canonical_text(row[i]) for i in lis[1:] if row[i] is not None)])
        if text.casefold().startswith("totaal") or float(canonical_text(value)) == 0:
            continue  # the total is the sum of the bars; a zero is no bar (both stay in the table)
        href = page_href(str(label), root, base) if isinstance(label, URIRef) else None
        points.append((text, float(canonical_text(value)), _number_text(value, value_var in query.euro), href))
    top = max((v for _, v, _, _ in points), default=0.0)
    if top <= 0:
        return []
    return [Bar(t, vt, round(100 * max(v, 0) / top, 1), h) for t, v, vt, h in points]


# --- rendering --------------------------------------------------------------------------------------------------

def sparql_text(query: NamedQuery, params: Mapping[str, str]) -> str:
    """The query as it runs: the prefixes it uses declared, the parameters bound in a VALUES block."""
    return prepare_query(query.text, query.bindings(dict(params)))


def query_string(values: Mapping[str, str], **extra: str) -> str:
    return urllib.parse.urlencode({**{k: v for k, v in values.items() if v != ""}, **extra})


def render_index(library: Mapping[str, NamedQuery], *, live: bool = False) -> str:
    return render("vragen_index.html", page_path="vragen/index.html", active="vragen", title="Vragen", groups=themes(library),
                  live=live, crumbs=[])


@dataclass
class Answer:
    result: SelectResult | None
    error: str | None
    given: dict[str, str]


def answer(query: NamedQuery, engine: Engine, params: Mapping[str, str]) -> Answer:
    """Run the query with the parameters the form sent (unknown names ignored); a bad value is an error to show."""
    given = {p.name: params[p.name] for p in query.params if p.name in params}
    try:
        return Answer(run_query(query, engine, given), None, given)
    except NpdwError as e:
        return Answer(None, f"Deze keuze is niet geldig ({e}).", given)
    except (SyntaxError, ValueError, OSError) as e:
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        return Answer(None, f"De vraag kon niet worden beantwoord ({first}).", given)


def download(query: NamedQuery, result: SelectResult, fmt: str) -> bytes:
    """The answer as ``npdw query NAME --format csv|json|tsv`` prints it, to the byte."""
    return format_result(result, fmt).encode("utf-8")


def render_question(query: NamedQuery, engine: Engine, params: Mapping[str, str], *, live: bool, base: str = DEFAULT_BASE,
                    library: Mapping[str, NamedQuery] | None = None, ran: Answer | None = None) -> str:
    page_path = f"vragen/{query.name}.html"
    root = page_root(page_path)
    ran = ran or answer(query, engine, params)
    forms = pickers(query, engine, ran.given)
    values = {p.param.name: p.value for p in forms}
    table = bars = None
    text = None
    if ran.result is not None:
        labels = fetch_labels(engine, ran.result)
        table = table_view(query, ran.result, labels, root, base)
        bars = chart_view(query, ran.result, labels, root, base)
        text = sparql_text(query, ran.given)
    downloads = [(fmt.upper(), f"?{query_string(values, format=fmt)}" if live else f"{query.name}.{fmt}") for fmt in DOWNLOADS]
    editor = f"{root}sparql?{urllib.parse.urlencode({'editor': '1', 'query': text, 'titel': query.title})}" if live and text else None
    return render("vraag.html", page_path=page_path, active="vragen", title=query.title, query=query, theme=theme_of(query), pickers=forms,
                  table=table, bars=bars, sparql=text, error=ran.error, downloads=downloads, editor=editor, live=live,
                  crumbs=[(f"{root}vragen/index.html", "Vragen")])


def portal_pages(engine: Engine, library: Mapping[str, NamedQuery], base: str = DEFAULT_BASE) -> list[tuple[str, bytes]]:
    """The Vragen part of the static portal: the index, and every query answered with its defaults (+ CSV and JSON)."""
    pages = [("vragen/index.html", render_index(library).encode("utf-8"))]
    for name, query in library.items():
        ran = answer(query, engine, {})
        pages.append((f"vragen/{name}.html", render_question(query, engine, {}, live=False, base=base, ran=ran).encode("utf-8")))
        if ran.result is not None:
            pages += [(f"vragen/{name}.{fmt}", download(query, ran.result, fmt)) for fmt in DOWNLOADS]
    return pages


__all__ = ["portal_pages", "render_index", "render_question", "answer", "download", "pickers", "choices_for", "second_values", "themes",
           "theme_of", "table_view", "chart_view", "page_href", "sparql_text", "MEDIA"]
