/* Facets on inspanningen/index.html: narrow the list, keep the selection in the URL, download it as CSV.
   The rows and the facet definitions are embedded in the page (named query inspanningen-facetten). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("inspanningen-data").textContent);
  var root = document.body.getAttribute("data-root") || "";
  var params = new URLSearchParams(window.location.search);
  var chosen = {};
  data.facets.forEach(function (f) { if (params.get(f[0])) chosen[f[0]] = params.get(f[0]); });

  function matches(row, except) {
    return Object.keys(chosen).every(function (k) { return k === except || row[k].indexOf(chosen[k]) >= 0; });
  }
  var rows = data.rows.filter(function (r) { return matches(r, null); });

  function query(sel) {
    var p = new URLSearchParams();
    data.facets.forEach(function (f) { if (sel[f[0]]) p.set(f[0], sel[f[0]]); });
    var s = p.toString();
    return s ? "?" + s : window.location.pathname.split("/").pop();
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // the facets: counts over the current selection
  var aside = document.getElementById("facetten");
  while (aside.firstChild) aside.removeChild(aside.firstChild);
  data.facets.forEach(function (f) {
    var key = f[0], counts = {}, order = [];
    rows.forEach(function (r) {
      r[key].forEach(function (v) { if (!(v in counts)) { counts[v] = 0; order.push(v); } counts[v] += 1; });
    });
    if (key !== "pijler") order.sort(function (a, b) { return (counts[b] - counts[a]) || a.toLowerCase().localeCompare(b.toLowerCase()); });
    var section = el("section", null, "facet");
    section.setAttribute("data-facet", key);
    section.appendChild(el("h2", f[1]));
    var ul = el("ul");
    order.forEach(function (v) {
      var li = el("li"), sel = Object.assign({}, chosen), a;
      if (chosen[key] === v) {
        delete sel[key];
        a = el("a", v + " \u00d7", "gekozen");
        a.title = "Dit filter weghalen";
      } else {
        sel[key] = v;
        a = el("a", v);
      }
      a.href = query(sel);
      li.appendChild(a);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", String(counts[v]), "aantal"));
      ul.appendChild(li);
    });
    section.appendChild(ul);
    aside.appendChild(section);
  });

  // what is selected, with a way back
  var keys = Object.keys(chosen);
  var selectie = document.getElementById("selectie");
  if (keys.length) {
    selectie.hidden = false;
    selectie.appendChild(document.createTextNode("Selectie: "));
    keys.forEach(function (k, i) {
      var label = data.facets.filter(function (f) { return f[0] === k; })[0][1];
      var sel = Object.assign({}, chosen);
      delete sel[k];
      var a = el("a", label.toLowerCase() + " = " + chosen[k] + " \u00d7", "gekozen");
      a.href = query(sel);
      selectie.appendChild(a);
      if (i < keys.length - 1) selectie.appendChild(document.createTextNode(" · "));
    });
    selectie.appendChild(document.createTextNode(" · "));
    var all = el("a", "alles tonen");
    all.href = query({});
    selectie.appendChild(all);
  }
  document.getElementById("telling").textContent = keys.length ?
    rows.length + " van de " + data.rows.length + " inspanningen" : data.rows.length + " inspanningen";

  // the list
  var tbody = document.querySelector("#inspanningen tbody");
  while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
  rows.forEach(function (r) {
    var tr = el("tr"), td = el("td"), a = el("a", r.naam);
    a.href = root + r.u;
    td.appendChild(a);
    tr.appendChild(td);
    ["pijler", "status", "wijk", "financier", "bijlage2"].forEach(function (k) { tr.appendChild(el("td", r[k].join(", "))); });
    tbody.appendChild(tr);
  });

  // download the selection as CSV: the rows shown, with the cells the build computed for each row
  // (r.csv: formula cells already neutralised by npdw_graph/csvsafe.py, as in data/inspanningen-overzicht.csv)
  function cell(v) {
    var s = String(v);
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  var button = document.getElementById("download-csv");
  button.hidden = false;
  button.addEventListener("click", function () {
    var lines = [data.columns.join(",")];
    rows.forEach(function (r) { lines.push(r.csv.map(cell).join(",")); });
    var blob = new Blob([lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "inspanningen" + (keys.length ? "-selectie" : "") + ".csv";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  });
})();
