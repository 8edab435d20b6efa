"""Synthetic NPLV-wide programme graphs in the project's own model, for the benchmarks.

``generate(out_dir, target_triples, seed)`` writes a project-shaped folder (``ontology/`` and
``shapes/`` copied from this repository, ``data/`` generated, ``queries/`` copied) so that
``npdw build --root DIR`` works on it. The data uses the vocabulary exactly as ``data/*.ttl``
and ``docs/curation.md`` do:

- N programme areas (up to the twenty NPLV areas), each its own ``npdw:FocusArea`` with four
  wijken and their buurten, in a municipality; a programme per area with the five pillars;
- per area: sections for five pillar chapters (with Ambitie-blok goals and Partners headings),
  10 strategic and 43 operational goals, efforts with qualified contributions (stated ones
  match the section's Ambitie-blok, inferred ones carry a reason), partnerships (stated with
  evidence, inferred with a reason), cross-pillar links (inferred, with a reason), funding
  allocations, intended results, conditions, documents and participation;
- partners and funding schemes shared across areas (the national ones) next to local ones;
- a published "Financiering door het Rijk" table per area whose rows add up to its total,
  housing tables per wijk (one of them with a recorded discrepancy, as in the real source);
- indicators per area and RDF Data Cube observations per neighbourhood and year; these fill
  the graph up to the target triple count.

Area 1 uses the real programme's IRIs (``gebied:dordt-west``, ``gebied:crabbehof``,
``doel:od-gezond-06``, ``inspanning:energiehulp``, ``tabel:financiering-door-het-rijk``...), so
the named queries' default parameters find rows. Everything comes from ``random.Random(seed)``
in a fixed order: the same seed and size give byte-identical files. The Turtle is written as
text (no rdflib), so millions of triples take seconds to a minute.

Command line: ``python bench/generate.py OUT_DIR --triples 100k [--seed 1]``.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PREFIXES = {
    "npdw": "https://w3id.org/npdw/def/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "prov": "http://www.w3.org/ns/prov#",
    "pijler": "https://w3id.org/npdw/id/pijler/",
    "doel": "https://w3id.org/npdw/id/doel/",
    "sectie": "https://w3id.org/npdw/id/sectie/",
    "programma": "https://w3id.org/npdw/id/programma/",
    "inspanning": "https://w3id.org/npdw/id/inspanning/",
    "organisatie": "https://w3id.org/npdw/id/organisatie/",
    "orgtype": "https://w3id.org/npdw/id/organisatietype/",
    "rol": "https://w3id.org/npdw/id/rol/",
    "regeling": "https://w3id.org/npdw/id/regeling/",
    "financiering": "https://w3id.org/npdw/id/financiering/",
    "tabel": "https://w3id.org/npdw/id/tabel/",
    "gebied": "https://w3id.org/npdw/id/gebied/",
    "resultaat": "https://w3id.org/npdw/id/resultaat/",
    "randvoorwaarde": "https://w3id.org/npdw/id/randvoorwaarde/",
    "document": "https://w3id.org/npdw/id/document/",
    "participatie": "https://w3id.org/npdw/id/participatie/",
    "woningbouw": "https://w3id.org/npdw/id/woningbouwproject/",
    "indicator": "https://w3id.org/npdw/id/indicator/",
    "observatie": "https://w3id.org/npdw/id/observatie/",
    "dataset": "https://w3id.org/npdw/id/dataset/",
    "tegenstrijdigheid": "https://w3id.org/npdw/id/tegenstrijdigheid/",
}

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}

# The five pillars exactly as data/begrippen.ttl has them: (slug, label, short name, chapter, #op goals).
PILLARS = [
    ("wonen-en-fysieke-leefomgeving", "Wonen en fysieke leefomgeving", "Wonen", "wonen", 4, 9),
    ("gezond-en-samen-leven", "Gezond en samen leven", "Gezond", "gezond", 5, 9),
    ("leren-en-ontwikkelen", "Leren en ontwikkelen", "Leren", "leren", 6, 9),
    ("arbeidsmarkt-en-bestaanszekerheid", "Arbeidsmarkt en bestaanszekerheid", "Werk", "werk", 7, 8),
    ("leefbaar-en-veilig", "Leefbaar en veilig", "Veilig", "veilig", 8, 8),
]
ORG_TYPES = [
    ("gemeente", "gemeente"), ("woningcorporatie", "woningcorporatie"), ("onderwijs", "onderwijs"),
    ("kinderopvang", "kinderopvang"), ("zorg", "zorg"), ("welzijn", "welzijn"), ("politie-justitie", "politie en justitie"),
    ("rijk", "Rijk"), ("provincie-regio", "provincie en regio"), ("bedrijfsleven", "bedrijfsleven"), ("bewoners", "bewoners"),
    ("kennisinstelling", "kennisinstelling"), ("maatschappelijke-organisatie", "maatschappelijke organisatie"),
    ("energie-nutsbedrijf", "energie- en nutsbedrijf"), ("sport-cultuur", "sport en cultuur"),
    ("samenwerkingsverband", "samenwerkingsverband"), ("overig", "overig"),
]
ROLES = [("partner", "partner"), ("uitvoerder", "uitvoerder"), ("trekker", "trekker of regisseur"), ("financier", "financier"),
         ("opdrachtgever", "opdrachtgever"), ("deelnemer", "deelnemer of doelgroep")]
TOPICS = {
    "wonen": ["energielabels", "woningvoorraad", "groene buitenruimte", "schone straten", "speelplekken", "woningbouw",
              "wijkconciërges", "verduurzaming", "aardgasvrije buurt", "openbare ruimte", "levensloopbestendig wonen", "hittestress"],
    "gezond": ["buurtsportcoach", "gezonde school", "eenzaamheid", "mantelzorg", "valpreventie", "jeugdgezondheid",
               "sociaal wijkteam", "overgewicht", "buurthuis", "ontmoeting", "kansrijke start", "vrijwilligers"],
    "leren": ["voorschoolse educatie", "taalhuis", "huiswerkbegeleiding", "brede school", "laaggeletterdheid", "ouderbetrokkenheid",
              "zomerschool", "bibliotheek", "mbo-stages", "talentontwikkeling", "rijke schooldag", "loopbaanoriëntatie"],
    "werk": ["werkgeversservicepunt", "schuldhulp", "armoedepreventie", "jongerenloket", "statushouders", "participatiebanen",
             "inkomensondersteuning", "werkervaringsplekken", "energiearmoede", "budgetcoaching", "taal en werk", "ondernemerschap"],
    "veilig": ["jongerenwerk", "buurtpreventie", "ondermijning", "cameratoezicht", "wijkagenten", "straatcoaches", "woonoverlast",
               "huiselijk geweld", "straatverlichting", "handhaving", "weerbaarheid van jongeren", "buurtbemiddeling"],
}
ACTIONS = ["Aanpak", "Versterken van", "Pilot", "Netwerk", "Programma", "Uitbreiding", "Project", "Samenwerking rond",
           "Inzet op", "Verbetering van", "Wijkaanpak", "Doorontwikkeling"]
UNITS = ["%", "indexcijfer", "per 1.000 inwoners", "aantal", "rapportcijfer"]
OBS_SOURCES = ["CBS", "Leefbaarometer", "GGD Gezondheidsmonitor", "Politie", "DUO", "KIS Wijkmonitor", "Veiligheidsmonitor"]
NATIONAL_SCHEMES = ["Volkshuisvestingsfonds", "Startbouwimpuls", "Aanpak energiearmoede", "SPUK Kansrijke Wijk", "Preventie armoede en schulden",
                    "Regeling Leefbaarheid en Veiligheid", "Nationaal Programma Onderwijs", "Gezond en Actief Leven Akkoord",
                    "Perspectief voor jongeren", "Preventieve aanpak jeugdcriminaliteit", "Wijkaanpak ondermijning", "Lokaal Sportakkoord",
                    "Regeling Reductie Energiegebruik", "Brede SPUK Lokale Aanpak", "Impulsgelden sociaal domein", "Regionaal Mobiliteitsprogramma"]
MINISTRIES = [("ministerie-van-bzk", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
              ("ministerie-van-szw", "Ministerie van Sociale Zaken en Werkgelegenheid"),
              ("ministerie-van-ocw", "Ministerie van Onderwijs, Cultuur en Wetenschap"),
              ("ministerie-van-vws", "Ministerie van Volksgezondheid, Welzijn en Sport"),
              ("ministerie-van-jenv", "Ministerie van Justitie en Veiligheid")]
DORDT_WIJKEN = [("oud-krispijn", "Oud-Krispijn"), ("nieuw-krispijn", "Nieuw-Krispijn"), ("wielwijk", "Wielwijk"), ("crabbehof", "Crabbehof")]
OBS_PER_FILE = 15_000
SHARED_ORGS_PER_TYPE = 8
MARKER = ".npdw-bench-graph"


def parse_size(text: str) -> int:
    """``10k``, ``100k``, ``1m``, ``5m`` or a plain number of triples."""
    t = text.strip().lower().replace("_", "")
    if t in SIZES:
        return SIZES[t]
    mult = 1
    if t.endswith("k"):
        t, mult = t[:-1], 1_000
    elif t.endswith("m"):
        t, mult = t[:-1], 1_000_000
    return int(float(t) * mult)


def size_name(n: int) -> str:
    for name, value in SIZES.items():
        if value == n:
            return name.upper() if name.endswith("m") else name
    return f"{n / 1_000_000:g}M" if n >= 1_000_000 else f"{n / 1000:g}k"


# --- Turtle text ---------------------------------------------------------------------------------

def nl(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@nl'


def s(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def year(y: int) -> str:
    return f'"{y}"^^xsd:gYear'


def dec(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


@dataclass
class Blank:
    """A blank node written inline: ``[ p o ; ... ]``."""

    pairs: list[tuple[str, object]]


Obj = str | list | Blank


class TurtleFile:
    """One Turtle file written as text; counts the triples it writes."""

    def __init__(self, path: Path, title: str):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.f = path.open("w", encoding="utf-8", newline="\n")
        self.triples = 0
        self.f.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()))
        self.f.write(f"\n# {title}\n# Synthetisch gegenereerd door bench/generate.py (benchmarkdata, geen echte gegevens).\n")

    def comment(self, text: str) -> None:
        self.f.write(f"\n# --- {text} ---\n")

    def _obj(self, o: object, indent: str) -> str:
        if isinstance(o, Blank):
            self.triples += 1
            inner = f" ;\n{indent}    ".join(f"{p} {self._obj(v, indent + '    ')}" for p, v in o.pairs)
            return f"[ {inner} ]"
        if isinstance(o, list):
            return " , ".join(self._obj(v, indent) for v in o)
        self.triples += 1
        return str(o)

    def resource(self, subject: str, pairs: list[tuple[str, Obj]]) -> None:
        body = " ;\n    ".join(f"{p} {self._obj(o, '    ')}" for p, o in pairs if not (isinstance(o, list) and not o))
        self.f.write(f"\n{subject} {body} .\n")

    def close(self) -> int:
        self.f.close()
        return self.triples


# --- the model -----------------------------------------------------------------------------------

@dataclass
class Area:
    index: int
    prefix: str  # "" for area 1 (the real programme's IRIs), "gebied-02-" ...
    slug: str  # focus area slug
    label: str
    municipality: str
    municipality_label: str
    wijken: list[tuple[str, str]] = field(default_factory=list)
    buurten: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    orgs: list[str] = field(default_factory=list)
    schemes: list[str] = field(default_factory=list)
    rijk_rows: list[tuple[str, str, int, str]] = field(default_factory=list)  # (IRI, scheme, amount, status) of the Rijk table
    op_goals: dict[str, list[str]] = field(default_factory=dict)  # pillar key -> goal IRIs

    def units(self) -> list[str]:
        """Every area an observation can be about: municipality, focus area, wijken, buurten."""
        out = [f"gebied:{self.municipality}", f"gebied:{self.slug}"]
        for w, _ in self.wijken:
            out.append(f"gebied:{w}")
            out.extend(f"gebied:{b}" for b, _ in self.buurten[w])
        return out


@dataclass
class Plan:
    target: int
    areas: int
    efforts_per_area: int
    indicators_per_area: int
    buurten_per_wijk: int

    @classmethod
    def for_target(cls, target: int) -> Plan:
        areas = max(1, min(20, round(target * 0.4 / 20_000)))
        efforts = max(10, min(100, round(target * 0.4 / areas / 200)))
        indicators = 20 if target < 100_000 else 40 if target < 2_000_000 else 60
        buurten = 2 if target < 100_000 else 3 if target < 2_000_000 else 5
        return cls(target, areas, efforts, indicators, buurten)


@dataclass
class Result:
    out_dir: Path
    plan: Plan
    triples: int
    observations: int
    files: int
    seconds: float
    efforts: int


class Generator:
    def __init__(self, out_dir: Path, plan: Plan, seed: int):
        self.out = out_dir
        self.data = out_dir / "data"
        self.plan = plan
        self.rng = random.Random(seed)
        self.triples = 0
        self.files = 0
        self.efforts = 0
        self.shared_orgs: list[str] = []
        self.national_schemes: list[str] = []
        self.area_indicators: dict[int, list[tuple[str, str, float]]] = {}

    def open(self, rel: str, title: str) -> TurtleFile:
        self.files += 1
        return TurtleFile(self.data / rel, title)

    def done(self, f: TurtleFile) -> None:
        self.triples += f.close()

    @staticmethod
    def src(section: str, line: int) -> list[tuple[str, Obj]]:
        return [("dcterms:source", f"sectie:{section}"), ("npdw:sourceLine", str(line))]

    # --- shared: vocabulary, national partners and schemes --------------------------------------

    def shared(self) -> None:
        f = self.open("gedeeld/begrippen.ttl", "Pijlers, organisatietypen, partnerrollen en de gedeelde NPLV-sectie")
        f.resource("sectie:nplv", [("a", "npdw:Section"), ("rdfs:label", nl("Nationaal Programma Leefbaarheid en Veiligheid")),
                                   ("npdw:sectionNumber", s("NPLV")), ("npdw:startLine", "1"), *self.src("nplv", 1)])
        f.resource("pijler:schema", [("a", "skos:ConceptScheme"), ("rdfs:label", nl("Programmapijlers")),
                                     ("skos:prefLabel", nl("Programmapijlers")), *self.src("nplv", 2)])
        for i, (slug, label, short, _, _, _) in enumerate(PILLARS, 1):
            f.resource(f"pijler:{slug}", [("a", "npdw:Pillar"), ("rdfs:label", nl(label)), ("skos:prefLabel", nl(label)),
                                          ("npdw:shortName", nl(short)), ("skos:notation", s(str(i))), ("npdw:sortOrder", str(i)),
                                          ("skos:inScheme", "pijler:schema"), ("skos:topConceptOf", "pijler:schema"),
                                          *self.src("nplv", 2 + i)])
        f.resource("orgtype:schema", [("a", "skos:ConceptScheme"), ("rdfs:label", nl("Organisatietypen")),
                                      ("skos:prefLabel", nl("Organisatietypen"))])
        for slug, label in ORG_TYPES:
            f.resource(f"orgtype:{slug}", [("a", "npdw:OrganisationType"), ("skos:inScheme", "orgtype:schema"),
                                           ("rdfs:label", nl(label)), ("skos:prefLabel", nl(label))])
        f.resource("rol:schema", [("a", "skos:ConceptScheme"), ("rdfs:label", nl("Partnerrollen")), ("skos:prefLabel", nl("Partnerrollen"))])
        for slug, label in ROLES:
            f.resource(f"rol:{slug}", [("a", "npdw:PartnerRole"), ("skos:inScheme", "rol:schema"), ("rdfs:label", nl(label)),
                                       ("skos:prefLabel", nl(label))])
        f.resource("programma:nplv", [("a", "npdw:Programme"), ("rdfs:label", nl("Nationaal Programma Leefbaarheid en Veiligheid")),
                                      ("skos:altLabel", nl("NPLV")),
                                      ("dcterms:description", nl("Landelijk programma voor twintig kwetsbare gebieden (synthetisch).")),
                                      *self.src("nplv", 10)])
        f.resource("dataset:dsd-monitor", [
            ("a", "qb:DataStructureDefinition"), ("rdfs:label", nl("Structuur van de monitor")),
            ("qb:component", [Blank([("qb:dimension", "npdw:refArea"), ("qb:order", "1")]),
                              Blank([("qb:dimension", "npdw:refPeriod"), ("qb:order", "2")]),
                              Blank([("qb:dimension", "npdw:indicator"), ("qb:order", "3")]),
                              Blank([("qb:measure", "npdw:value")]),
                              Blank([("qb:attribute", "npdw:unit"), ("qb:componentRequired", "true")]),
                              Blank([("qb:attribute", "npdw:observationSource"), ("qb:componentRequired", "true")]),
                              Blank([("qb:attribute", "npdw:observationStatus"), ("qb:componentRequired", "true")]),
                              Blank([("qb:attribute", "npdw:valueAsWritten"), ("qb:componentRequired", "false")])]),
            *self.src("nplv", 11)])
        self.done(f)

        f = self.open("gedeeld/organisaties.ttl", "Landelijke partners, gedeeld door alle gebieden")
        line = 20
        for slug, label in MINISTRIES:
            f.resource(f"organisatie:{slug}", [("a", "org:Organization"), ("rdfs:label", nl(label)), ("npdw:orgType", "orgtype:rijk"),
                                                *self.src("nplv", line)])
            self.shared_orgs.append(f"organisatie:{slug}")
            line += 1
        for slug, label in ORG_TYPES:
            for n in range(1, SHARED_ORGS_PER_TYPE + 1):
                iri = f"organisatie:landelijk-{slug}-{n}"
                f.resource(iri, [("a", "org:Organization"), ("rdfs:label", nl(f"Landelijke partner {label} {n}")),
                                 ("skos:altLabel", nl(f"LP {label} {n}")), ("npdw:orgType", f"orgtype:{slug}"), *self.src("nplv", line)])
                self.shared_orgs.append(iri)
                line += 1
        self.done(f)

        f = self.open("gedeeld/regelingen.ttl", "Landelijke regelingen (financiers: de ministeries)")
        for i, label in enumerate(NATIONAL_SCHEMES):
            iri = "regeling:" + slugify(label)
            f.resource(iri, [("a", "npdw:FundingScheme"), ("rdfs:label", nl(label)), ("npdw:funder", f"organisatie:{MINISTRIES[i % 5][0]}"),
                             *self.src("nplv", 200 + i)])
            self.national_schemes.append(iri)
        self.done(f)

    # --- one programme area ----------------------------------------------------------------------

    def make_area(self, index: int) -> Area:
        if index == 0:
            a = Area(0, "", "dordt-west", "Dordt West", "dordrecht", "Dordrecht", wijken=list(DORDT_WIJKEN))
        else:
            n = index + 1
            a = Area(index, f"gebied-{n:02d}-", f"gebied-{n:02d}", f"Focusgebied {n:02d}", f"gemeente-{n:02d}", f"Gemeente {n:02d}",
                     wijken=[(f"gebied-{n:02d}-wijk-{k}", f"Wijk {k} van focusgebied {n:02d}") for k in range(1, 5)])
        for w, wl in a.wijken:
            a.buurten[w] = [(f"{w}-buurt-{k}", f"{wl} buurt {k}") for k in range(1, self.plan.buurten_per_wijk + 1)]
        return a

    def area(self, a: Area) -> None:
        rng, p = self.rng, a.prefix
        d = f"{a.slug}/"
        # Areas
        f = self.open(d + "gebieden.ttl", f"Gebieden van {a.label}")
        f.resource(f"gebied:{a.municipality}", [("a", "npdw:Municipality"), ("rdfs:label", nl(a.municipality_label)),
                                                 *self.src(p + "2", 100)])
        f.resource(f"gebied:{a.slug}", [("a", "npdw:FocusArea"), ("rdfs:label", nl(a.label)),
                                         ("dcterms:description", nl(f"Stedelijk focusgebied {a.label} van het NPLV (synthetisch).")),
                                         ("npdw:partOfArea", f"gebied:{a.municipality}"), *self.src(p + "2", 110)])
        line = 120
        for w, wl in a.wijken:
            f.resource(f"gebied:{w}", [("a", "npdw:Wijk"), ("rdfs:label", nl(wl)), ("npdw:partOfArea", f"gebied:{a.slug}"), *self.src(p + "3", line)])
            for b, bl in a.buurten[w]:
                line += 1
                f.resource(f"gebied:{b}", [("a", "npdw:Buurt"), ("rdfs:label", nl(bl)), ("npdw:partOfArea", f"gebied:{w}"), *self.src(p + "3", line)])
            line += 10
        self.done(f)

        # Local organisations
        f = self.open(d + "organisaties.ttl", f"Lokale partners van {a.label}")
        local = [("gemeente", "gemeente", 1), ("woningcorporatie", "woningcorporatie", 3), ("onderwijs", "school", 6),
                 ("kinderopvang", "kinderopvang", 2), ("zorg", "zorgaanbieder", 3), ("welzijn", "welzijnsorganisatie", 4),
                 ("bewoners", "bewonersorganisatie", 3), ("bedrijfsleven", "ondernemersvereniging", 2),
                 ("maatschappelijke-organisatie", "maatschappelijke organisatie", 4), ("sport-cultuur", "sportvereniging", 3),
                 ("samenwerkingsverband", "samenwerkingsverband", 2), ("politie-justitie", "politieteam", 1)]
        line = 400
        for t, word, count in local:
            for n in range(1, count + 1):
                iri = f"organisatie:{a.slug}-{slugify(word)}-{n}"
                f.resource(iri, [("a", "org:Organization"), ("rdfs:label", nl(f"{word.capitalize()} {n} {a.label}")),
                                 ("npdw:orgType", f"orgtype:{t}"), *self.src(p + "3", line)])
                a.orgs.append(iri)
                line += 1
        self.done(f)

        # Sections and goals
        f = self.open(d + "secties.ttl", f"Secties van het uitvoeringsprogramma van {a.label}")
        g = self.open(d + "doelen.ttl", f"Bijlage 1 van {a.label}: strategische en operationele doelen")
        for num, label, line in [("2", "2 Het programma", 160), ("3", "3 De wijken", 383), ("12", "12 Financiën", 5650),
                                 ("bijlage-1", "Bijlage 1 Doelen", 5720), ("bijlage-3", "Bijlage 3 Cijfers", 6089)]:
            f.resource(f"sectie:{p}{num}", [("a", "npdw:Section"), ("rdfs:label", nl(label)),
                                             ("npdw:sectionNumber", s(num.replace("bijlage-", "Bijlage "))),
                                             ("npdw:startLine", str(line)), *self.src(p + num, line)])
        gl = 5727
        subsections: dict[str, list[tuple[str, list[str]]]] = {}
        for slug, label, short, key, chapter, n_goals in PILLARS:
            pillar = f"pijler:{slug}"
            sd = [f"doel:{p}sd-{key}-{k}" for k in (1, 2)]
            for k, iri in enumerate(sd, 1):
                g.resource(iri, [("a", "npdw:StrategicGoal"), ("rdfs:label", nl(f"Strategisch doel {k} {short} ({a.label})")),
                                 ("npdw:inPillar", pillar), ("npdw:targetYear", year(2043)), *self.src(p + "bijlage-1", gl)])
                gl += 2
            ods = []
            for k in range(1, n_goals + 1):
                iri = f"doel:{p}od-{key}-{k:02d}"
                ods.append(iri)
                pairs: list[tuple[str, Obj]] = [
                    ("a", "npdw:OperationalGoal"),
                    ("rdfs:label", nl(f"In 2043 is {rng.choice(TOPICS[key])} in {a.label} op het niveau van {a.municipality_label} ({short} {k}).")),
                    ("npdw:specialises", sd[0] if k <= n_goals // 2 else sd[1]), ("npdw:inPillar", pillar), ("npdw:sortOrder", str(k)),
                    ("npdw:targetYear", year(2043)), *self.src(p + "bijlage-1", gl)]
                if rng.random() < 0.4:
                    pairs.insert(-2, ("npdw:target", Blank([("a", "npdw:Target"), ("npdw:targetType", rng.choice(
                        ["npdw:EqualToReference", "npdw:Below", "npdw:AtLeast", "npdw:ReductionAgainstBase"])),
                        ("npdw:referenceArea", f"gebied:{a.municipality}"), ("npdw:targetValue", dec(rng.uniform(5, 80), 1)),
                        ("npdw:baseYear", year(2023))])))
                g.resource(iri, pairs)
                gl += 2
            a.op_goals[key] = ods
            # chapter and three subsections, each with an Ambitie-blok and a Partners heading
            start = 630 + (chapter - 4) * 900
            f.resource(f"sectie:{p}{chapter}", [("a", "npdw:Section"), ("rdfs:label", nl(f"{chapter} {label}")),
                                                 ("npdw:sectionNumber", s(str(chapter))), ("npdw:startLine", str(start)),
                                                 ("npdw:inPillar", pillar), *self.src(f"{p}{chapter}", start)])
            subs = []
            for k in range(1, 4):
                sec = f"{p}{chapter}-{k}"
                ambition = rng.sample(ods, rng.randint(1, 3))
                partners = rng.sample(a.orgs, 4) + rng.sample(self.shared_orgs, 2)
                subs.append((sec, ambition))
                sline = start + k * 250
                f.resource(f"sectie:{sec}", [
                    ("a", "npdw:Section"), ("rdfs:label", nl(f"{chapter}.{k} {rng.choice(TOPICS[key]).capitalize()}")),
                    ("npdw:sectionNumber", s(f"{chapter}.{k}")), ("npdw:startLine", str(sline)), ("npdw:inPillar", pillar),
                    ("npdw:subSectionOf", f"sectie:{p}{chapter}"), ("npdw:ambitionGoal", ambition), ("npdw:hasPartner", partners),
                    ("npdw:participation", f"participatie:{sec}"), ("npdw:condition", f"randvoorwaarde:{sec}-1"),
                    *self.src(sec, sline)])
            subsections[key] = subs
        self.done(f)
        self.done(g)

        # Local funding schemes, the Rijk table (rows add up to the published total)
        f = self.open(d + "financiering.ttl", f"Financiën van {a.label}: regelingen en de tabel Financiering door het Rijk")
        for n, word in enumerate(["Reguliere middelen gemeente", "Wijkbudget", "Fonds leefbaarheid", "Middelen corporaties",
                                  "Onderwijsachterstandenbeleid", "Preventieakkoord", "Sociaal domein", "Jongerenfonds"], 1):
            iri = f"regeling:{a.slug}-{slugify(word)}"
            f.resource(iri, [("a", "npdw:FundingScheme"), ("rdfs:label", nl(f"{word} {a.label}")),
                             ("npdw:funder", a.orgs[0] if n % 2 else rng.choice(a.orgs)), *self.src(p + "12", 5600 + n)])
            a.schemes.append(iri)
        table = f"tabel:{p}financiering-door-het-rijk"
        rows, total = [], 0
        for n in range(1, 15):
            amount = rng.randint(15, 4000) * 1000 + rng.randint(0, 999)
            total += amount
            row = f"financiering:{p}rijk-{n:02d}"
            rows.append(row)
            y0 = rng.randint(2023, 2025)
            status = rng.choice(["npdw:Awarded", "npdw:Awarded", "npdw:Requested"])
            scheme = self.national_schemes[(n + a.index) % len(self.national_schemes)]
            a.rijk_rows.append((row, scheme, amount, status))
            f.resource(row, [
                ("a", "npdw:FundingAllocation"), ("rdfs:label", nl(f"Rijksbijdrage {n} voor {a.label}")),
                ("npdw:scheme", scheme),
                ("npdw:amount", f"{amount}.00"), ("npdw:currency", s("EUR")), ("npdw:amountAsWritten", s(f"€{amount:,},-".replace(",", "."))),
                ("npdw:amountBasis", "npdw:Total"), ("npdw:startYear", year(y0)), ("npdw:endYear", year(y0 + rng.randint(0, 8))),
                ("npdw:periodAsWritten", s(f"{y0} - {y0 + 2}")), ("npdw:scope", "npdw:ScopeDordtWest"), ("npdw:inArea", f"gebied:{a.slug}"),
                ("npdw:allocationStatus", status),
                ("npdw:coFinancing", nl(rng.choice(["Nee", "N.v.t.", "Cofinanciering van 30%"]))),
                ("npdw:inTable", table), ("npdw:rowNumber", str(n)), *self.src(p + "12", 5660 + n)])
        f.resource(table, [("a", "npdw:PublishedTable"), ("rdfs:label", nl("Financiering door het Rijk")),
                           ("npdw:totalOf", "npdw:amount"), ("npdw:publishedTotal", f"{total}.00"), *self.src(p + "12", 5657)])
        self.done(f)

        # Programme
        f = self.open(d + "programma.ttl", f"Het programma van {a.label}")
        f.resource(f"programma:{'npdw' if a.index == 0 else a.slug}", [
            ("a", "npdw:Programme"), ("rdfs:label", nl(f"Nationaal Programma {a.label}")),
            ("dcterms:description", nl(f"Twintigjarig programma voor {a.label} binnen het NPLV (synthetische benchmarkdata).")),
            ("npdw:startYear", year(2023)), ("npdw:endYear", year(2043)), ("npdw:focusArea", f"gebied:{a.slug}"),
            ("npdw:inArea", f"gebied:{a.slug}"), ("npdw:partOfProgramme", "programma:nplv"),
            ("npdw:hasPillar", [f"pijler:{pl[0]}" for pl in PILLARS]), ("npdw:hasFunding", rows), *self.src(p + "2", 122)])
        f.resource(f"dataset:{p}monitor", [("a", "qb:DataSet"), ("rdfs:label", nl(f"Monitor {a.label}")),
                                           ("qb:structure", "dataset:dsd-monitor"), *self.src(p + "bijlage-3", 6089)])
        self.done(f)

        # Efforts per pillar
        per_pillar = [self.plan.efforts_per_area // 5 + (1 if i < self.plan.efforts_per_area % 5 else 0) for i in range(5)]
        all_areas = [f"gebied:{w}" for w, _ in a.wijken] + [f"gebied:{b}" for w, _ in a.wijken for b, _ in a.buurten[w]]
        made: list[str] = []
        for (slug, label, _short, key, chapter, _), count in zip(PILLARS, per_pillar, strict=True):
            f = self.open(d + f"pijler-{key}.ttl", f"Pijler {label} van {a.label}: inspanningen")
            for sec, _ambition in subsections[key]:
                sline = 630 + (chapter - 4) * 900 + int(sec.rsplit("-", 1)[1]) * 250
                f.resource(f"participatie:{sec}", [("a", "npdw:Participation"), ("rdfs:label", nl(f"Participatie bij {sec}")),
                                                   ("dcterms:description", nl("Bewoners denken mee via wijkavonden en een bewonerspanel.")),
                                                   *self.src(sec, sline + 200)])
                f.resource(f"randvoorwaarde:{sec}-1", [("a", "npdw:Condition"), ("rdfs:label", nl("Voldoende uitvoeringskracht")),
                                                       ("dcterms:description", nl("Er zijn genoeg medewerkers en middelen voor de lange termijn.")),
                                                       *self.src(sec, sline + 190)])
            for i in range(1, count + 1):
                sec, ambition = subsections[key][(i - 1) % 3]
                eslug = f"{p}{key}-{i:03d}"
                if a.index == 0 and key == "werk" and i == 1:
                    eslug, name = "energiehulp", "Energiehulp"
                else:
                    name = f"{rng.choice(ACTIONS)} {rng.choice(TOPICS[key])} {i}"
                self.effort(f, a, key, slug, sec, ambition, eslug, name, i, all_areas, made)
            self.done(f)

        # Housing tables per wijk (the last one with a recorded discrepancy)
        f = self.open(d + "woningbouwprojecten.ttl", f"Woningbouwprojecten per wijk in {a.label}")
        for k, (w, wl) in enumerate(a.wijken, 1):
            table = f"tabel:{p}woningbouwprojecten-{w}"
            projects, total = [], 0
            for r in range(1, rng.randint(3, 7) + 1):
                apts, ground = rng.randint(0, 120), rng.randint(0, 40)
                total += apts + ground
                h = f"woningbouw:{w}-project-{r}"
                projects.append(h)
                pairs: list[tuple[str, Obj]] = [
                    ("a", "npdw:HousingProject"), ("rdfs:label", nl(f"Bouwproject {r} {wl}")), ("npdw:inTable", table),
                    ("npdw:rowNumber", str(r)), ("npdw:inArea", f"gebied:{w}"), ("npdw:apartments", str(apts)),
                    ("npdw:groundLevelDwellings", str(ground)), ("npdw:totalDwellings", str(apts + ground)),
                    ("npdw:constructionStart", s(str(rng.randint(2024, 2028)))), ("npdw:expectedCompletion", s(str(rng.randint(2028, 2032)))),
                    ("npdw:developer", rng.choice(a.orgs[1:4])), *self.src(f"{p}4-1", 830 + k * 40 + r)]
                if r == 1 and k == 1:
                    note = nl("De OCR las een cijfer als ']'; hersteld uit de som van de kolommen.")
                    pairs.insert(-2, ("npdw:ocrRepair", Blank([("a", "npdw:OcrRepair"), ("npdw:repairedProperty", "npdw:totalDwellings"),
                                                              ("npdw:rawReading", s(str(apts + ground) + "]")), ("npdw:repairNote", note)])))
                f.resource(h, pairs)
            pairs = [("a", "npdw:PublishedTable"), ("rdfs:label", nl(f"Tabel {k}. Overzicht (woning)bouwprojecten {wl}")),
                     ("skos:notation", s(f"Tabel {k}")), ("npdw:inArea", f"gebied:{w}"), ("npdw:totalOf", "npdw:totalDwellings")]
            if k == len(a.wijken):
                pairs += [("npdw:publishedTotal", dec(total + 21, 1)), ("npdw:computedTotal", dec(total, 1))]
            else:
                pairs += [("npdw:publishedTotal", dec(total, 1))]
            f.resource(table, pairs + self.src(f"{p}4-1", 830 + k * 40))
            if k == len(a.wijken):
                f.resource(f"tegenstrijdigheid:{p}tabel-{k}-totaal", [
                    ("a", "npdw:SourceDiscrepancy"), ("rdfs:label", nl(f"Tabel {k}: totaal telt een maximum mee")),
                    ("dcterms:description", nl("Het gedrukte totaal telt een cel 'Maximaal 21' als 21 mee; de rijen zelf tellen op tot minder.")),
                    ("npdw:concerns", [table, projects[-1]]), *self.src(f"{p}4-1", 830 + k * 40 + 9)])
        self.done(f)

        # Indicators (observations come later, to fill the graph up to its target)
        f = self.open(d + "indicatoren.ttl", f"Indicatoren van de monitor van {a.label}")
        indicators = []
        for n in range(1, self.plan.indicators_per_area + 1):
            key = PILLARS[(n - 1) % 5][3]
            topic = TOPICS[key][(n - 1) // 5 % len(TOPICS[key])]
            iri = f"indicator:{p}{slugify(topic)}-{n}"
            unit = UNITS[n % len(UNITS)]
            label = f"Indicator {topic} {n}"
            f.resource(iri, [("a", "npdw:Indicator"), ("rdfs:label", nl(label)), ("skos:prefLabel", nl(label)),
                             ("skos:definition", nl(f"Maat voor {topic} in de wijk.")), ("npdw:unit", s(unit)),
                             ("npdw:indicatorSource", s(rng.choice(OBS_SOURCES))),
                             ("npdw:direction", rng.choice(["npdw:HigherIsBetter", "npdw:LowerIsBetter", "npdw:NoDirection"])),
                             ("npdw:measuresGoal", rng.choice(a.op_goals[key])), *self.src(p + "bijlage-3", 6090 + n)])
            indicators.append((iri, unit, rng.uniform(2, 90)))
        self.done(f)
        self.area_indicators[a.index] = indicators

    def effort(self, f: TurtleFile, a: Area, key: str, pillar_slug: str, sec: str, ambition: list[str], eslug: str, name: str,
               order: int, all_areas: list[str], made: list[str]) -> None:
        rng, p = self.rng, a.prefix
        iri = f"inspanning:{eslug}"
        status = rng.choice(["npdw:Continued", "npdw:NewOrExtended", "npdw:NewOrExtended", "npdw:NotListed"])
        in_b2 = rng.random() < 0.85
        line = 700 + order * 7
        pairs: list[tuple[str, Obj]] = [("a", "npdw:Effort"), ("rdfs:label", nl(name))]
        if in_b2:
            pairs.append(("npdw:nameInBijlage2", nl(name)))
        if status != "npdw:NotListed":
            pairs.append(("npdw:nameInStatusList", nl(name.lower().capitalize())))
        pairs += [("npdw:inBijlage2", "true" if in_b2 else "false")]
        if in_b2:
            pairs.append(("npdw:bijlage2Order", str(order)))
        pairs += [("npdw:primaryPillar", f"pijler:{pillar_slug}"), ("npdw:inSection", f"sectie:{sec}"), ("npdw:status", status),
                  ("dcterms:description", nl(f"{name} in {a.label}: een inspanning die bewoners en partners samen uitvoeren (synthetisch)."))]
        where = rng.random()
        if where < 0.2:
            areas = [f"gebied:{a.slug}"]
        else:
            areas = sorted(rng.sample(all_areas, rng.randint(1, 3)))
        pairs.append(("npdw:inArea", areas))
        # Contributions: stated ones come from the section's Ambitie-blok, inferred ones carry a reason.
        goals = a.op_goals[key]
        contribs, used = [], set()
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.5:
                goal = rng.choice(ambition)
                blank = [("a", "npdw:Contribution"), ("npdw:goal", goal), ("npdw:basis", "npdw:Stated"),
                         ("npdw:evidence", nl(f"Ambitie-blok van {sec[len(p):].replace('-', '.')}"))]
            else:
                other = key if rng.random() < 0.8 else rng.choice(PILLARS)[3]
                goal = rng.choice(a.op_goals[other] if other != key else goals)
                blank = [("a", "npdw:Contribution"), ("npdw:goal", goal), ("npdw:basis", "npdw:Inferred"),
                         ("npdw:reason", nl("De beschrijving sluit aan bij dit doel; de paragraaf noemt het niet in een Ambitie-blok."))]
            if goal not in used:
                used.add(goal)
                contribs.append(Blank(blank))
        pairs.append(("npdw:contribution", contribs))
        partners = []
        orgs = rng.sample(a.orgs, rng.randint(2, 7)) + rng.sample(self.shared_orgs, rng.randint(0, 3))
        for org in orgs:
            role = rng.choice(["rol:partner", "rol:partner", "rol:uitvoerder", "rol:trekker", "rol:financier", "rol:deelnemer"])
            if rng.random() < 0.75:
                partners.append(Blank([("a", "npdw:Partnership"), ("npdw:organisation", org), ("npdw:role", role), ("npdw:basis", "npdw:Stated"),
                                       ("npdw:evidence", nl(f"Partners-kop van {sec[len(p):].replace('-', '.')}")), *self.src(sec, line + 3)]))
            else:
                partners.append(Blank([("a", "npdw:Partnership"), ("npdw:organisation", org), ("npdw:role", role), ("npdw:basis", "npdw:Inferred"),
                                       ("npdw:reason", nl("De Partners-kop noemt een groep; dit is de organisatie die daarmee bedoeld is."))]))
        pairs.append(("npdw:partnership", partners))
        others = [pl for pl in PILLARS if pl[3] != key]
        links = [Blank([("a", "npdw:PillarLink"), ("npdw:pillar", f"pijler:{pl[0]}"), ("npdw:basis", "npdw:Inferred"),
                        ("npdw:reason", nl(f"Raakt ook {pl[2].lower()}: de tekst noemt gevolgen op dat terrein."))])
                 for pl in rng.sample(others, rng.choice([0, 1, 1, 2, 3]))]
        pairs.append(("npdw:pillarLink", links))
        # Funding: 0-3 allocations, some corresponding to a row of the Rijk table.
        allocations = []
        n_alloc = rng.choice([0, 1, 1, 1, 2, 2, 3])
        for k in range(1, n_alloc + 1):
            fin = f"financiering:{eslug}-{k}"
            allocations.append((fin, k))
        pairs.append(("npdw:hasFunding", [fin for fin, _ in allocations]))
        results = [f"resultaat:{eslug}-{k}" for k in range(1, rng.randint(1, 2) + 1)]
        pairs.append(("npdw:intendedResult", results))
        if rng.random() < 0.4:
            pairs.append(("npdw:condition", f"randvoorwaarde:{sec}-1"))
        doc = None
        if rng.random() < 0.3:
            doc = f"document:{eslug}-plan"
            pairs.append(("npdw:projectDocument", doc))
        if rng.random() < 0.5:
            pairs.append(("npdw:participation", f"participatie:{sec}"))
        if made and rng.random() < 0.2:
            pairs.append(("npdw:relatedEffort", rng.choice(made[-20:])))
        pairs += self.src(sec, line)
        f.resource(iri, pairs)
        made.append(iri)
        self.efforts += 1
        for fin, k in allocations:
            national = rng.random() < 0.4
            if national and rng.random() < 0.3:
                self.mention(f, fin, f"{name}: bijdrage {k}", rng.choice(a.rijk_rows), self.src(sec, line + 5))
                continue
            scheme = rng.choice(self.national_schemes) if national else rng.choice(a.schemes)
            fp: list[tuple[str, Obj]] = [("a", "npdw:FundingAllocation"), ("rdfs:label", nl(f"{name}: bijdrage {k}")), ("npdw:scheme", scheme)]
            if rng.random() < 0.93:
                amount = rng.randint(5, 900) * 1000
                fp += [("npdw:amount", f"{amount}.00"), ("npdw:currency", s("EUR")), ("npdw:amountAsWritten", s(f"€{amount:,},-".replace(",", "."))),
                       ("npdw:amountBasis", rng.choice(["npdw:Total", "npdw:PerYear"]))]
            else:
                fp.append(("rdfs:comment", nl("bedrag niet genoemd")))
            y0 = rng.randint(2023, 2026)
            fp += [("npdw:startYear", year(y0)), ("npdw:endYear", year(y0 + rng.randint(0, 3))),
                   ("npdw:scope", rng.choice(["npdw:ScopeDordtWest"] * 4 + ["npdw:ScopeDordrecht", "npdw:ScopeRegion"])),
                   ("npdw:allocationStatus", rng.choice(["npdw:Awarded", "npdw:Requested", "npdw:Budgeted", "npdw:StatusUnknown"]))]
            fp += self.src(sec, line + 5)
            f.resource(fin, fp)
        for k, r in enumerate(results, 1):
            f.resource(r, [("a", "npdw:IntendedResult"), ("rdfs:label", nl(f"Resultaat {k} van {name}")),
                           ("dcterms:description", nl(f"In 2026 is {name.lower()} in alle genoemde wijken gestart en geëvalueerd.")),
                           ("npdw:targetYear", year(2026)), *self.src(sec, line + 4)])
        if doc:
            f.resource(doc, [("a", "npdw:ProjectDocument"), ("rdfs:label", nl(f"Plan van aanpak {name}")), *self.src(sec, line + 6)])

    def mention(self, f: TurtleFile, fin: str, label: str, row: tuple[str, str, int, str], src: list[tuple[str, Obj]]) -> None:
        """An effort's allocation that names a row of the Rijk table: the same money (``npdw:sameMoneyAs``, counted
        once, at the row), or a request the row awards (``npdw:awardedAs``: requested and awarded stay apart).
        Same scheme, amount and scope as the row, as shape:GeldEenKeer asks."""
        iri, scheme, amount, status = row
        requested = status != "npdw:Requested" and self.rng.random() < 0.25
        link = ("npdw:awardedAs", iri) if requested else ("npdw:sameMoneyAs", iri)
        f.resource(fin, [
            ("a", "npdw:FundingAllocation"), ("rdfs:label", nl(label)), ("npdw:scheme", scheme),
            ("npdw:amount", f"{amount}.00"), ("npdw:currency", s("EUR")), ("npdw:amountAsWritten", s(f"€{amount:,},-".replace(",", "."))),
            ("npdw:amountBasis", "npdw:Total"), ("npdw:scope", "npdw:ScopeDordtWest"),
            ("npdw:allocationStatus", "npdw:Requested" if requested else status), link, *src])

    # --- observations: fill up to the target ---------------------------------------------------------

    def observations(self, areas: list[Area]) -> int:
        """Observations per indicator, area unit and year (from 2015 on), round-robin over the areas, until the target."""
        rng = self.rng
        files: dict[int, TurtleFile] = {}
        counts: dict[int, int] = {}
        parts: dict[int, int] = {}
        units = {a.index: a.units() for a in areas}
        remaining = self.plan.target - self.triples
        written = made = 0
        yr = 2015
        while written < remaining:
            for a in areas:
                for unit in units[a.index]:
                    for ind, unit_name, base in self.area_indicators[a.index]:
                        if written >= remaining:
                            break
                        f = files.get(a.index)
                        if f is None or counts[a.index] >= OBS_PER_FILE:
                            if f is not None:
                                self.done(f)
                            parts[a.index] = parts.get(a.index, 0) + 1
                            f = files[a.index] = self.open(f"{a.slug}/metingen-{parts[a.index]:03d}.ttl", f"Metingen van {a.label}")
                            counts[a.index] = 0
                        text = dec(max(0.0, base + rng.gauss(0, base * 0.15) + (yr - 2015) * 0.1), 1)
                        before = f.triples
                        f.resource(f"observatie:{ind.split(':', 1)[1]}-{unit.split(':', 1)[1]}-{yr}", [
                            ("a", "qb:Observation"), ("qb:dataSet", f"dataset:{a.prefix}monitor"), ("npdw:indicator", ind),
                            ("npdw:refArea", unit), ("npdw:refPeriod", year(yr)), ("npdw:value", text),
                            ("npdw:valueAsWritten", s(text.replace(".", ","))), ("npdw:unit", s(unit_name)),
                            ("npdw:observationSource", s(OBS_SOURCES[hash_index(ind, len(OBS_SOURCES))])),
                            ("npdw:observationStatus", "npdw:Baseline" if yr == 2015 else "npdw:Measurement"),
                            ("dcterms:source", f"sectie:{a.prefix}bijlage-3"), ("npdw:sourceLine", str(6100 + (yr - 2015)))])
                        written += f.triples - before
                        counts[a.index] += 1
                        made += 1
            yr += 1
        for f in files.values():
            self.done(f)
        return made

    def run(self) -> tuple[int, int]:
        self.shared()
        areas = [self.make_area(i) for i in range(self.plan.areas)]
        for a in areas:
            self.area(a)
        observations = self.observations(areas)
        return self.triples, observations


def hash_index(text: str, n: int) -> int:
    """A stable (not salted) small hash."""
    h = 0
    for ch in text:
        h = (h * 31 + ord(ch)) & 0xFFFFFFFF
    return h % n


def slugify(text: str) -> str:
    table = str.maketrans("ëéèêïíöóüúàá", "eeeeiioouuaa")
    out = "".join(c if c.isalnum() else "-" for c in text.lower().translate(table))
    return "-".join(part for part in out.split("-") if part)


def generate(out_dir: Path, target_triples: int, seed: int = 1, plan: Plan | None = None) -> Result:
    """Write a synthetic project of about ``target_triples`` data triples into ``out_dir`` (replaced).

    ``plan``: the shape instead of :meth:`Plan.for_target` (``bench/browser.py`` asks for more areas, to reach a
    network of 5,000 nodes)."""
    start = time.perf_counter()
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / MARKER).exists():
            raise FileExistsError(f"{out_dir} exists and is not a generated graph (no {MARKER}); choose an empty or new folder")
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER).write_text("Synthetic benchmark graph written by bench/generate.py; safe to delete.\n", encoding="utf-8")
    for name in ("ontology", "shapes", "queries"):
        shutil.copytree(REPO / name, out_dir / name)
    plan = plan or Plan.for_target(target_triples)
    gen = Generator(out_dir, plan, seed)
    triples, observations = gen.run()
    return Result(out_dir, plan, triples, observations, gen.files, time.perf_counter() - start, gen.efforts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate a synthetic NPLV-wide project for the benchmarks.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--triples", default="10k", help="target number of data triples: 10k, 100k, 1m, 5m or a number")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    try:
        r = generate(args.out_dir, parse_size(args.triples), args.seed)
    except FileExistsError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 2
    print(f"{r.out_dir}: {r.triples} data triples, {r.plan.areas} areas, {r.efforts} efforts, {r.observations} observations, "
          f"{r.files} files in {r.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
