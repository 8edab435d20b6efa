"""One-off generator for the first version of data/doelen.ttl, data/secties.ttl and
data/begrippen.ttl. After generation these files are hand-edited sources; this script
is kept only as a record of how they started and is not part of the build."""
from pathlib import Path

PILLARS = [
    ("wonen", "wonen-en-fysieke-leefomgeving", "Wonen en fysieke leefomgeving", "Wonen", 343, "4"),
    ("gezond", "gezond-en-samen-leven", "Gezond en samen leven", "Gezond", 345, "5"),
    ("leren", "leren-en-ontwikkelen", "Leren en ontwikkelen", "Leren", 347, "6"),
    ("werk", "arbeidsmarkt-en-bestaanszekerheid", "Arbeidsmarkt en bestaanszekerheid", "Werk", 349, "7"),
    ("veilig", "leefbaar-en-veilig", "Leefbaar en veilig", "Veilig", 351, "8"),
]
# strategic goals: (key, pillar, label, line)
SG = [
    ("sd-wonen-1", "wonen", "Het verbeteren van de fysieke leefomgeving", 5727),
    ("sd-wonen-2", "wonen", "Het bieden van meer toekomstbestendig wonen", 5730),
    ("sd-gezond-1", "gezond", "Het verkleinen van gezondheidsachterstanden", 5770),
    ("sd-gezond-2", "gezond", "Een meer samen redzame gemeenschap", 5774),
    ("sd-leren-1", "leren", "Meer kinderen groeien kansrijk op", 5808),
    ("sd-leren-2", "leren", "Meer inwoners krijgen kansen om zich te blijven ontwikkelen", 5811),
    ("sd-werk-1", "werk", "Het bieden van een beter perspectief op betaald werk", 5815),
    ("sd-werk-2", "werk", "Het bieden van een beter perspectief op een leven lang voldoende en stabiel inkomen", 5847),
    ("sd-veilig-1", "veilig", "Het vergroten van de veiligheid", 5859),
    ("sd-veilig-2", "veilig", "Het vergroten van de leefbaarheid", 5870),
]
# operational goals: (key, strategic key, text, line)
OG = [
    ("od-wonen-01", "sd-wonen-1", "In 2043 waarderen bewoners in Dordt West hun woonomgeving gelijk aan het gemiddelde van Dordrecht.", 5737),
    ("od-wonen-02", "sd-wonen-1", "De fysieke leefomgeving voldoet zo veel mogelijk aan de Kernwaarden Gezonde Leefomgeving (GGD/GHOR).", 5739),
    ("od-wonen-03", "sd-wonen-1", "In 2043 is de woonomgeving in Dordt West zoveel mogelijk toekomstklaar op het gebied van duurzaamheid en klimaatbestendigheid.", 5741),
    ("od-wonen-04", "sd-wonen-2", "In 2043 zijn bewoners in Dordt West net zo tevreden over hun woning als bewoners elders in Dordrecht.", 5744),
    ("od-wonen-05", "sd-wonen-2", "In 2043 kunnen inwoners in Dordt West die dat nodig hebben, terecht in een toegankelijke woning, waar de benodigde zorg geleverd kan worden en welzijnsvoorzieningen nabij zijn, zodat zij langer zelfstandig thuis kunnen wonen.", 5746),
    ("od-wonen-06", "sd-wonen-2", "Alle bewoners in Dordt West die te maken krijgen met een fysieke aanpak van hun woning, krijgen indien nodig ondersteuning op alle leefgebieden aangeboden.", 5749),
    ("od-wonen-07", "sd-wonen-2", "In 2043 kunnen bewoners in Dordt West, ongeacht hun inkomen, een wooncarrière binnen de wijken maken.", 5752),
    ("od-wonen-08", "sd-wonen-2", "In 2043 zijn woningen in Dordt West toekomstklaar gemaakt voor en aangesloten op een duurzame energiebron die voor de te onderscheiden buurt als beste kwalificeert.", 5754),
    ("od-gezond-01", "sd-gezond-1", "In 2043 ligt de ervaren gezondheid van inwoners in Dordt West op het gemiddelde van Dordrecht.", 5777),
    ("od-gezond-02", "sd-gezond-1", "In 2043 hebben alle inwoners in Dordt West toegang tot huisartsenzorg en mondzorg in Dordrecht en maken hier ook gebruik van.", 5779),
    ("od-gezond-03", "sd-gezond-1", "In 2043 zijn alle scholen in Dordt West Gezonde Scholen.", 5782),
    ("od-gezond-04", "sd-gezond-1", "In 2043 haalt 75% van de inwoners van Dordt West de beweegrichtlijn.", 5784),
    ("od-gezond-05", "sd-gezond-1", "In 2043 sport (of sportief beweegt) 80% van de jeugd in Dordt West 3x per week of vaker.", 5786),
    ("od-gezond-06", "sd-gezond-1", "In 2043 ligt het percentage bewoners dat de afgelopen 4 weken stress heeft ervaren in Dordt West onder de 15%.", 5788),
    ("od-gezond-07", "sd-gezond-2", "In 2043 zijn in Dordt West (informele) zorg en welzijn zodanig georganiseerd dat alle ouderen en kwetsbaren in Dordt West langer waardig thuis wonen.", 5790),
    ("od-gezond-08", "sd-gezond-2", "In 2043 is in Dordt West de instroom van nieuwe bewoners met sociaal kapitaal minimaal gelijk aan het gemiddelde van Dordrecht.", 5793),
    ("od-gezond-09", "sd-gezond-2", "In 2043 is in Dordt West de betrokkenheid en verbondenheid met elkaar en de buurt verbeterd.", 5796),
    ("od-gezond-10", "sd-gezond-2", "In 2043 is in Dordt West het vertrouwen in de buurt, overheid, instanties en elkaar verbeterd.", 5798),
    ("od-leren-01", "sd-leren-1", "In 2043 is het aandeel kinderen dat opgroeit in armoede in Dordt West gedaald met 70% t.o.v. 2015.", 5822),
    ("od-leren-02", "sd-leren-1", "In 2043 nemen alle peuters in Dordt West met een vve-indicatie deel aan voorschoolse educatie en stroomt minimaal 75% zonder taalachterstand door naar de basisschool.", 5824),
    ("od-leren-03", "sd-leren-1", "In 2043 is de onderwijsdeelname van kinderen in Dordt West gelijk aan het gemiddelde van Dordrecht.", 5827),
    ("od-leren-04", "sd-leren-1", "In 2043 is het niveau van doorstromen naar het voortgezet onderwijs gelijk aan het gemiddelde van Dordrecht.", 5829),
    ("od-leren-05", "sd-leren-1", "In 2043 behalen alle reguliere basisschoolleerlingen in Dordt West de streefdoelen (1S) op rekenen en taal.", 5831),
    ("od-leren-06", "sd-leren-1", "In 2043 is het aantal jongeren tussen de 16 en 27 jaar met een startkwalificatie gegroeid en gelijk aan het gemiddelde van Dordrecht.", 5833),
    ("od-leren-07", "sd-leren-2", "In 2043 weten alle inwoners in Dordt West waar zij terecht kunnen om zich verder te ontwikkelen op de arbeidsmarkt, ongeacht of iemand een uitkering heeft, op school zit, werkt of nog niet actief is op de arbeidsmarkt.", 5836),
    ("od-leren-08", "sd-leren-2", "In 2043 is het aandeel laaggeletterde inwoners in Dordt West gelijk aan het gemiddelde van Dordrecht.", 5839),
    ("od-leren-09", "sd-leren-2", "In 2043 is de SES-WOA score van inwoners in Dordt West gelijk aan het gemiddelde van Dordrecht.", 5840),
    ("od-werk-01", "sd-werk-1", "In 2043 hebben alle inwoners in Dordt West die willen werken een baan of zinvolle dagbesteding.", 5841),
    ("od-werk-02", "sd-werk-1", "In 2043 is het percentage inwoners dat deelneemt aan de arbeidsmarkt gelijk aan het gemiddelde van Dordrecht.", 5843),
    ("od-werk-03", "sd-werk-1", "In 2043 is het aantal jongeren met een afstand tot de arbeidsmarkt in Dordt West afgenomen en ligt op het gemiddelde van Dordrecht.", 5845),
    ("od-werk-04", "sd-werk-2", "In 2043 is het aantal inwoners in Dordt West dat in armoede leeft gedaald met 70% t.o.v. 2015.", 5855),
    ("od-werk-05", "sd-werk-2", "In 2043 is het aantal inwoners in Dordt West met problematische schulden gedaald met 50% t.o.v. 2015.", 5858),
    ("od-werk-06", "sd-werk-2", "In 2043 is het aantal inwoners in Dordt West dat in de bijstand zit gelijk aan het gemiddelde van Dordrecht.", 5861),
    ("od-werk-07", "sd-werk-2", "In 2043 is het aantal huishoudens in Dordt West dat onder of rond het sociaal minimum zit gelijk aan het gemiddelde van Dordrecht.", 5863),
    ("od-werk-08", "sd-werk-2", "In 2043 bereiken we met onze regelingen in het sociaal domein alle inwoners in Dordt West.", 5866),
    ("od-veilig-01", "sd-veilig-1", "In 2043 is het aantal jongeren tot 27 jaar in Dordt West dat in aanraking komt met de politie gelijk aan het gemiddelde van Dordrecht.", 5868),
    ("od-veilig-02", "sd-veilig-1", "In 2043 is het totaal aantal misdrijven per 1.000 inwoners in Dordt West gelijk aan het gemiddelde van Dordrecht.", 5871),
    ("od-veilig-03", "sd-veilig-1", "In 2043 is de beleving van veiligheid in Dordt West gelijk aan het gemiddelde van Dordrecht.", 5872),
    ("od-veilig-04", "sd-veilig-1", "In 2043 is het percentage personen dat in Dordt West aangeeft in het afgelopen jaar slachtoffer te zijn geweest van kindermishandeling, partnergeweld of ouderenmishandeling ten opzichte van 2022 met minimaal een kwart afgenomen.", 5874),
    ("od-veilig-05", "sd-veilig-1", "In 2043 is het crimineel/illegaal pandgebruik gelijk aan het gemiddelde van Dordrecht.", 5877),
    ("od-veilig-06", "sd-veilig-2", "In 2043 scoort Dordt West op de Leefbaarometer gelijk aan het gemiddelde van Dordrecht.", 5878),
    ("od-veilig-07", "sd-veilig-2", "In 2043 is het aantal E33 meldingen (personen met onbegrepen gedrag) in Dordt West gelijk aan het gemiddelde van Dordrecht.", 5880),
    ("od-veilig-08", "sd-veilig-2", "In 2043 is het aantal meldingen van overlast per 1.000 inwoners in Dordt West gelijk aan het gemiddelde van Dordrecht.", 5883),
]
SECTIONS = [  # (slug, number, title, start line, parent, pillar)
    ("voorwoord", "Voorwoord", "Voorwoord", 1, None, None),
    ("onze-ambitie", "Onze ambitie", "Onze ambitie", 103, None, None),
    ("1", "1", "Inleiding", 119, None, None),
    ("2", "2", "Nationaal Programma Dordt West", 160, None, None),
    ("3", "3", "De wijken", 383, None, None),
    ("4", "4", "Wonen en fysieke leefomgeving", 630, None, "wonen"),
    ("4-1", "4.1", "Prettig wonen", 696, "4", "wonen"),
    ("4-2", "4.2", "Duurzame en toekomstklare woningen", 1004, "4", "wonen"),
    ("4-3", "4.3", "Groene en duurzame buitenruimtes", 1284, "4", "wonen"),
    ("5", "5", "Gezond en samen leven", 1400, None, "gezond"),
    ("5-1", "5.1", "Een gezonde leefstijl in een gezonde leefomgeving", 1486, "5", "gezond"),
    ("5-2", "5.2", "Gezond opgroeien in de wijk", 1852, "5", "gezond"),
    ("5-3", "5.3", "Zorgzame wijken", 2064, "5", "gezond"),
    ("5-4", "5.4", "Sterke gemeenschappen", 2287, "5", "gezond"),
    ("6", "6", "Leren en ontwikkelen", 2484, None, "leren"),
    ("6-1", "6.1", "Ontwikkeling jonge kind", 2576, "6", "leren"),
    ("6-2", "6.2", "Zomerbeleid", 2716, "6", "leren"),
    ("6-3", "6.3", "Taal- en rekenbeleid", 2813, "6", "leren"),
    ("6-3-1", "6.3.1", "Brede School Academie en Internationale Schakelklassen", 2834, "6-3", "leren"),
    ("6-3-2", "6.3.2", "Dordts Leerprogramma", 2955, "6-3", "leren"),
    ("6-4", "6.4", "Schoolpsycholoog", 3048, "6", "leren"),
    ("6-5", "6.5", "Schooluitval en schoolverzuim", 3162, "6", "leren"),
    ("6-6", "6.6", "Kansrijke toekomst", 3350, "6", "leren"),
    ("7", "7", "Arbeidsmarkt en bestaanszekerheid", 3470, None, "werk"),
    ("7-1", "7.1", "Vergroten kansen op de arbeidsmarkt", 3570, "7", "werk"),
    ("7-2", "7.2", "Voldoende mogelijkheden voor ontwikkelen naar werk en zinvolle daginvulling", 3740, "7", "werk"),
    ("7-3", "7.3", "Bestaanszekerheid en kansengelijkheid", 3941, "7", "werk"),
    ("7-4", "7.4", "Ondernemen in de wijk", 4184, "7", "werk"),
    ("8", "8", "Leefbaar en veilig", 4290, None, "veilig"),
    ("8-1", "8.1", "Leefbare wijken", 4376, "8", "veilig"),
    ("8-2", "8.2", "Weerbare wijken", 4543, "8", "veilig"),
    ("8-3", "8.3", "Zorg en veiligheid", 4768, "8", "veilig"),
    ("8-4", "8.4", "Preventie met Gezag", 4903, "8", "veilig"),
    ("9", "9", "Participatie: bewoners centraal", 5173, None, None),
    ("10", "10", "Organisatie", 5314, None, None),
    ("11", "11", "Lerende wijken", 5445, None, None),
    ("12", "12", "Financiën", 5616, None, None),
    ("bijlage-1", "Bijlage 1", "Strategische en operationele doelen Nationaal Programma Dordt West", 5720, None, None),
    ("bijlage-2", "Bijlage 2", "Schematisch overzicht van alle inspanningen", 5880, None, None),
    ("bijlage-3", "Bijlage 3", "Cijfers", 6089, None, None),
]
ORGTYPES = ["gemeente", "woningcorporatie", "onderwijs", "kinderopvang", "zorg", "welzijn",
            "politie-justitie", "rijk", "provincie-regio", "bedrijfsleven", "bewoners",
            "kennisinstelling", "maatschappelijke-organisatie", "energie-nutsbedrijf",
            "sport-cultuur", "samenwerkingsverband", "overig"]
ORGTYPE_LABELS = {"politie-justitie": "politie en justitie", "rijk": "Rijk", "provincie-regio": "provincie en regio",
                  "energie-nutsbedrijf": "energie- en nutsbedrijf", "sport-cultuur": "sport en cultuur",
                  "maatschappelijke-organisatie": "maatschappelijke organisatie"}
ROLES = [("partner", "partner"), ("uitvoerder", "uitvoerder"), ("trekker", "trekker of regisseur"),
         ("financier", "financier"), ("opdrachtgever", "opdrachtgever"), ("deelnemer", "deelnemer of doelgroep")]

H = """@prefix npdw: <https://w3id.org/npdw/def/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix pijler: <https://w3id.org/npdw/id/pijler/> .
@prefix doel: <https://w3id.org/npdw/id/doel/> .
@prefix sectie: <https://w3id.org/npdw/id/sectie/> .
@prefix programma: <https://w3id.org/npdw/id/programma/> .
@prefix orgtype: <https://w3id.org/npdw/id/organisatietype/> .
@prefix rol: <https://w3id.org/npdw/id/rol/> .
"""
def q(s): return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"@nl'
out = Path("data")
pk = {p[0]: p[1] for p in PILLARS}
b = [H, "\n# Bijlage 1: strategische en operationele doelen (regelnummers in de OCR-tekst)\n"]
for k, p, lab, line in SG:
    b.append(f"doel:{k} a npdw:StrategicGoal ;\n    rdfs:label {q(lab)} ;\n    npdw:inPillar pijler:{pk[p]} ;\n    npdw:targetYear \"2043\"^^xsd:gYear ;\n    dcterms:source sectie:bijlage-1 ; npdw:sourceLine {line} .\n")
for i, (k, s, txt, line) in enumerate(OG, 1):
    p = s.split("-")[1]
    b.append(f"doel:{k} a npdw:OperationalGoal ;\n    rdfs:label {q(txt)} ;\n    npdw:specialises doel:{s} ;\n    npdw:inPillar pijler:{pk[p]} ;\n    npdw:sortOrder {i} ;\n    npdw:targetYear \"2043\"^^xsd:gYear ;\n    dcterms:source sectie:bijlage-1 ; npdw:sourceLine {line} .\n")
(out / "doelen.ttl").write_text("\n".join(b), encoding="utf-8")

b = [H, "\nsectie:uitvoeringsprogramma-2024-2026 a foaf:Document ;\n    rdfs:label \"Uitvoeringsprogramma Dordt West 2024-2026\"@nl ;\n    dcterms:identifier \"000_5cd812b1ad46f997.txt\" ;\n    rdfs:comment \"OCR-tekst van de gepubliceerde PDF; regelnummers in de graaf verwijzen naar dit bestand.\"@nl .\n"]
for i, (slug, num, title, line, parent, pil) in enumerate(SECTIONS, 1):
    t = f"sectie:{slug} a npdw:Section ;\n    rdfs:label {q((num + ' ' + title) if num[0].isdigit() else (num if num == title else num + ': ' + title))} ;\n    npdw:sectionNumber \"{num}\" ;\n    npdw:startLine {line} ;\n    npdw:sortOrder {i} ;\n    dcterms:isPartOf sectie:uitvoeringsprogramma-2024-2026"
    if parent: t += f" ;\n    npdw:subSectionOf sectie:{parent}"
    if pil: t += f" ;\n    npdw:inPillar pijler:{pk[pil]}"
    t += f" ;\n    dcterms:source sectie:{slug} ; npdw:sourceLine {line} .\n"
    b.append(t)
(out / "secties.ttl").write_text("\n".join(b), encoding="utf-8")

b = [H, "\npijler:schema a skos:ConceptScheme ;\n    rdfs:label \"Programmapijlers Dordt West\"@nl ; skos:prefLabel \"Programmapijlers Dordt West\"@nl ;\n    dcterms:source sectie:2 ; npdw:sourceLine 341 .\n"]
for i, (key, slug, lab, short, line, ch) in enumerate(PILLARS, 1):
    b.append(f"pijler:{slug} a npdw:Pillar ;\n    rdfs:label {q(lab)} ; skos:prefLabel {q(lab)} ;\n    npdw:shortName {q(short)} ;\n    skos:notation \"{i}\" ; npdw:sortOrder {i} ;\n    skos:inScheme pijler:schema ; skos:topConceptOf pijler:schema ;\n    dcterms:source sectie:2 ; npdw:sourceLine {line} .\n")
b.append("\norgtype:schema a skos:ConceptScheme ; rdfs:label \"Organisatietypen\"@nl ; skos:prefLabel \"Organisatietypen\"@nl .\n")
for t in ORGTYPES:
    lab = ORGTYPE_LABELS.get(t, t)
    b.append(f"orgtype:{t} a npdw:OrganisationType ; skos:inScheme orgtype:schema ; rdfs:label {q(lab)} ; skos:prefLabel {q(lab)} .")
b.append("\nrol:schema a skos:ConceptScheme ; rdfs:label \"Partnerrollen\"@nl ; skos:prefLabel \"Partnerrollen\"@nl .\n")
for k, lab in ROLES:
    b.append(f"rol:{k} a npdw:PartnerRole ; skos:inScheme rol:schema ; rdfs:label {q(lab)} ; skos:prefLabel {q(lab)} .")
(out / "begrippen.ttl").write_text("\n".join(b) + "\n", encoding="utf-8")
