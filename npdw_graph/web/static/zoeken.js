/* Search on the static portal (zoeken/index.html): the same rules as npdw_graph/web/search.py.
   The index (names, other names and codes, already normalised) is embedded in the page as JSON;
   this script only normalises the query, scores, sorts and shows. No network, no library. */
(function () {
  "use strict";
  var TYPE_RANK = {inspanning: 0, organisatie: 1, doel: 2, regeling: 3, gebied: 4, pijler: 5, indicator: 6,
                   woningbouwproject: 7, document: 8, sectie: 9};
  var MIN_QUERY = 2, ALT_PENALTY = 5, LIMIT = 50;

  function normalise(text) {
    var plain = text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    return plain.replace(/['\u2019\u2018`]/g, "").replace(/[^0-9a-z]+/g, " ").trim();
  }
  function stem(word) {
    if (word.length > 4 && word.slice(-2) === "en") return word.slice(0, -2);
    if (word.length > 3 && word.slice(-1) === "s" && word.slice(-2) !== "ss") return word.slice(0, -1);
    return word;
  }
  function words(text) {
    var n = normalise(text);
    return n ? n.split(" ").map(stem) : [];
  }
  function scoreKey(k, qk, qwords) {
    if (!k) return 0;
    if (k === qk) return 100;
    if (k.indexOf(qk) === 0) return 80;
    if (k.indexOf(qk) >= 0) return 60;
    if (qwords.length && qwords.every(function (w) { return k.indexOf(w) >= 0; })) return 40;
    return 0;
  }
  function best(keys, qk, qwords) {
    var s = 0;
    for (var i = 0; i < keys.length; i++) s = Math.max(s, scoreKey(keys[i], qk, qwords));
    return s;
  }
  function score(entry, query) {
    var qwords = words(query), qk = qwords.join("");
    if (qk.length < MIN_QUERY) return 0;
    var name = best(entry.n, qk, qwords), other = best(entry.o, qk, qwords);
    return Math.max(name, other ? other - ALT_PENALTY : 0);
  }
  function rank(kind) { return kind in TYPE_RANK ? TYPE_RANK[kind] : 99; }
  function compare(a, b) {
    return (b.score - a.score) || (rank(a.e.s) - rank(b.e.s)) || (a.e.t.length - b.e.t.length) ||
      (a.e.t.toLowerCase() < b.e.t.toLowerCase() ? -1 : a.e.t.toLowerCase() > b.e.t.toLowerCase() ? 1 : 0) ||
      (a.e.u < b.e.u ? -1 : a.e.u > b.e.u ? 1 : 0);
  }
  function search(query, entries, limit) {
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var s = score(entries[i], query);
      if (s > 0) hits.push({e: entries[i], score: s});
    }
    hits.sort(compare);
    return limit ? hits.slice(0, limit) : hits;
  }
  window.npdwZoek = {normalise: normalise, stem: stem, words: words, score: score, search: search};

  var data = document.getElementById("zoekindex");
  var list = document.getElementById("resultaten");
  if (!data || !list) return;
  var index = JSON.parse(data.textContent);
  var root = document.body.getAttribute("data-root") || "";
  var field = document.getElementById("zoekterm");
  var status = document.getElementById("zoekstatus");
  var kinds = JSON.parse(document.getElementById("soortnamen").textContent);

  function show(query) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (words(query).join("").length < MIN_QUERY) {
      status.textContent = "Typ minstens twee letters.";
      return;
    }
    var all = search(query, index, 0), hits = all.slice(0, LIMIT);
    status.textContent = all.length === 0 ? "Niets gevonden voor \u201c" + query + "\u201d." :
      all.length + (all.length === 1 ? " pagina gevonden" : " pagina's gevonden") + " voor \u201c" + query + "\u201d" +
      (all.length > LIMIT ? "; de eerste " + LIMIT + " staan hieronder." : ".");
    hits.forEach(function (h) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + h.e.u;
      a.textContent = h.e.t;
      li.appendChild(a);
      var kind = document.createElement("span");
      kind.className = "soortlabel";
      kind.textContent = kinds[h.e.s] || h.e.s;
      li.appendChild(document.createTextNode(" "));
      li.appendChild(kind);
      if (h.e.a.length) {
        var also = document.createElement("small");
        also.textContent = " ook: " + h.e.a.join(", ");
        li.appendChild(also);
      }
      list.appendChild(li);
    });
  }
  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  field.value = q;
  var top = document.getElementById("zoekveld");
  if (top) top.value = q;
  if (q) show(q); else status.textContent = "Zoek op (een deel van) een naam, een andere naam of een code zoals od-wonen-03.";
})();
