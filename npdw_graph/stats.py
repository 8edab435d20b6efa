"""Counts a reader can check against the source document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from npdw_graph.query import canonical_text
from npdw_graph.queryengine import Engine

_CLASSES = """
PREFIX npdw: <https://w3id.org/npdw/def/>
SELECT ?cls (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?cls . FILTER(!isBlank(?s) || ?cls IN (npdw:Contribution, npdw:Partnership, npdw:PillarLink)) }
GROUP BY ?cls ORDER BY ?cls
"""
_PER_PILLAR = """
PREFIX npdw: <https://w3id.org/npdw/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?pillar
  (COUNT(DISTINCT ?e) AS ?efforts)
  (COUNT(DISTINCT ?og) AS ?goals)
  (COUNT(DISTINCT ?cont) AS ?continued)
  (COUNT(DISTINCT ?new) AS ?new_or_extended)
WHERE {
  ?p a npdw:Pillar ; rdfs:label ?pillar ; npdw:sortOrder ?order .
  OPTIONAL { ?e npdw:primaryPillar ?p .
             OPTIONAL { ?e npdw:status npdw:Continued . BIND(?e AS ?cont) }
             OPTIONAL { ?e npdw:status npdw:NewOrExtended . BIND(?e AS ?new) } }
  OPTIONAL { ?og a npdw:OperationalGoal ; npdw:inPillar ?p }
} GROUP BY ?pillar ?order ORDER BY ?order
"""
_PER_WIJK = """
PREFIX npdw: <https://w3id.org/npdw/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?area (COUNT(DISTINCT ?e) AS ?efforts) (COUNT(DISTINCT ?h) AS ?housing_projects) (COUNT(DISTINCT ?o) AS ?observations)
WHERE {
  ?a a ?t ; rdfs:label ?area . FILTER(?t IN (npdw:Wijk, npdw:FocusArea, npdw:Municipality))
  OPTIONAL { ?e a npdw:Effort ; npdw:inArea ?a }
  OPTIONAL { ?h a npdw:HousingProject ; npdw:inArea ?a }
  OPTIONAL { ?o npdw:refArea ?a }
} GROUP BY ?area ORDER BY ?area
"""
_BASIS = """
PREFIX npdw: <https://w3id.org/npdw/def/>
SELECT ?kind ?basis (COUNT(?l) AS ?n) WHERE {
  ?l npdw:basis ?b ; a ?kind . BIND(REPLACE(STR(?b), "^.*/", "") AS ?basis)
  FILTER(?kind IN (npdw:Contribution, npdw:Partnership, npdw:PillarLink))
} GROUP BY ?kind ?basis ORDER BY ?kind ?basis
"""


@dataclass
class Stats:
    triples: int
    per_class: list[dict[str, str]] = field(default_factory=list)
    per_pillar: list[dict[str, str]] = field(default_factory=list)
    per_area: list[dict[str, str]] = field(default_factory=list)
    links: list[dict[str, str]] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, indent=2)

    def to_text(self) -> str:
        out = [f"Triples: {self.triples}", "", "Per klasse:"]
        out += [f"  {r['cls']:<55} {r['n']:>6}" for r in self.per_class]
        out += ["", "Per pijler (inspanningen / operationele doelen / voortgezet / nieuw of uitgebreid):"]
        out += [f"  {r['pillar']:<40} {r['efforts']:>4} {r['goals']:>4} {r['continued']:>4} {r['new_or_extended']:>4}"
                for r in self.per_pillar]
        out += ["", "Per gebied (inspanningen / bouwprojecten / metingen):"]
        out += [f"  {r['area']:<40} {r['efforts']:>4} {r['housing_projects']:>4} {r['observations']:>4}" for r in self.per_area]
        out += ["", "Verbanden genoemd / afgeleid:"]
        out += [f"  {r['kind']:<45} {r['basis']:<10} {r['n']:>5}" for r in self.links]
        return "\n".join(out) + "\n"


def _short(iri: str) -> str:
    for ns, p in (("https://w3id.org/npdw/def/", "npdw:"), ("http://www.w3.org/ns/org#", "org:"),
                  ("http://purl.org/linked-data/cube#", "qb:"), ("http://www.w3.org/2004/02/skos/core#", "skos:"),
                  ("http://xmlns.com/foaf/0.1/", "foaf:"), ("http://www.w3.org/2002/07/owl#", "owl:")):
        if iri.startswith(ns):
            return p + iri[len(ns):]
    return iri


def compute_stats(engine: Engine, triples: int) -> Stats:
    def rows(query: str) -> list[dict[str, str]]:
        result = engine.select(query)
        return [{v: (_short(canonical_text(t)) if t is not None else "") for v, t in zip(result.variables, row, strict=True)}
                for row in result.rows]

    return Stats(triples=triples, per_class=rows(_CLASSES), per_pillar=rows(_PER_PILLAR), per_area=rows(_PER_WIJK), links=rows(_BASIS))
