/* The doelen-inspanningennetwerk (issue 17): overview with level-of-detail labels, focus on a node and its
   neighbourhood, walking from node to node, search over names, other names and codes, the view in the URL,
   export as PNG and SVG. Data comes from <script type="application/json" id="netwerk-data">; everything from
   the data is put into the page with textContent (a label is text, never markup). Money arrives formatted
   by the server side (one number per flow, counted once): this script never adds amounts. */
(function () {
  "use strict";
  var timing = { start: performance.now() };
  var data = JSON.parse(document.getElementById("netwerk-data").textContent);
  var N = data.knopen, E = data.lijnen, P = data.pijlers, W = data.gebieden;
  var app = document.getElementById("netwerk-app");
  var ROOT = app.getAttribute("data-root") || "";
  var FADED = "#efefef";
  var BIG = N.length > 800;
  // In focus the rest of a big network is hidden, not faded: fading restyles every node and edge (seconds at 5,000
  // nodes, see BENCHMARKS.md section 9), hiding only takes them out of the drawing. The control switches either way.
  var DEFAULT_MODUS = BIG ? "verbergen" : "vervagen";
  // Level of detail: label sizes in network units per kind; vis-network leaves out a label smaller than
  // LABEL_MIN_PX on screen, so pillars and strategic goals are named at the overview, the rest as you zoom in.
  var LABEL_MIN_PX = 11;
  var FONT = { "pijler": 48, "strategisch-doel": 40, "operationeel-doel": 18, "inspanning": 16, "partner": 14,
               "regeling": 14, "gebied": 18 };
  var GROUPED = { "pijler": true, "strategisch-doel": true, "operationeel-doel": true, "inspanning": true };

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }
  function clip(s, n) { s = String(s); return s.length > n ? s.slice(0, n - 1) + "…" : s; }
  // A label around a focus: clipped, then broken over lines of about `width` characters at spaces (vis-network
  // draws each line), so the names in the rings do not run into each other. The overview keeps one line.
  function wrap(s, width) {
    var out = [], line = "";
    String(s).split(" ").forEach(function (w) {
      if (line && line.length + 1 + w.length > width) { out.push(line); line = w; } else { line = line ? line + " " + w : w; }
    });
    if (line) { out.push(line); }
    return out.join("\n");
  }
  // On a narrow screen the five pillars at the overview are named by their short names ("Wonen", "Veilig", ...), so the
  // names do not run into each other; the full name is in the panel and on the pillar's page.
  function overviewName(n) {  // (the drawing's element is looked up here too: the first nodes are made before `container` is set)
    return n.t === "pijler" && n.k && (container || document.getElementById("netwerk")).clientWidth < 640 ? n.k : n.l;
  }
  function nodeLabel(n) { var tight = container.clientWidth < 640; return wrap(clip(n.l, 48), n.t === "pijler" ? (tight ? 14 : 18) : (tight ? 16 : 22)); }

  // ---------------------------------------------------------------- search normalisation
  // The same rules as npdw_graph/web/search.py (the portal's search): NFKD without marks, lower case,
  // apostrophes dropped, other characters than a-z and 0-9 a space; a word of more than four letters
  // loses a final "en", else a word of more than three letters a final "s" (not "ss"); the key is the
  // stemmed words joined, so a space does not matter.
  function normalise(text) {
    var plain = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    return plain.replace(/['\u2019\u2018`]/g, "").replace(/[^0-9a-z]+/g, " ").trim();
  }
  function stem(w) {
    if (w.length > 4 && w.slice(-2) === "en") { return w.slice(0, -2); }
    if (w.length > 3 && w.slice(-1) === "s" && w.slice(-2) !== "ss") { return w.slice(0, -1); }
    return w;
  }
  function words(text) { var n = normalise(text); return n ? n.split(" ").map(stem) : []; }
  function key(text) { return words(text).join(""); }
  var TYPE_RANK = { inspanning: 0, organisatie: 1, doel: 2, regeling: 3, gebied: 4, pijler: 5 };

  // ---------------------------------------------------------------- indexes
  var adj = N.map(function () { return []; });
  E.forEach(function (e, i) { adj[e.a].push(i); adj[e.b].push(i); });
  var byKey = {};
  N.forEach(function (n, i) { if (n.u) { byKey[n.u] = i; } });
  var searchIndex = N.map(function (n) {
    var names = [key(n.l)], others = [];
    if (n.k) { others.push(key(n.k)); }
    (n.a || []).forEach(function (a) { others.push(key(a)); });
    if (n.u) { others.push(key(n.u.split("/")[1])); }
    return { names: names, others: others.filter(function (k) { return k; }), kind: n.u ? n.u.split("/")[0] : n.t };
  });

  function baseColour(n) {
    if (n.p >= 0 && GROUPED[n.t]) { return P[n.p].kleur; }
    return data.soorten[n.t].kleur;
  }
  function nodeSize(n) { return Math.min(8 + 3.2 * Math.sqrt(n.z), 46) * (n.t === "pijler" ? 1.4 : 1); }

  // ---------------------------------------------------------------- state
  var state = { pijler: -1, wijk: -1, soorten: {}, grondslagen: { genoemd: true, afgeleid: true }, focus: null, radius: 1,
                modus: DEFAULT_MODUS, spoor: [], stable: false, animating: false, grouped: false };
  Object.keys(data.soorten).forEach(function (k) { state.soorten[k] = true; });
  var visible = new Uint8Array(N.length), inFocus = new Uint8Array(N.length);
  var focusFonts = {};  // node -> label size while in focus (see fit)
  var home = null, moved = {};  // the settled layout; nodes placed in rings around the focus (see placeRings)

  function computeVisible() {
    for (var i = 0; i < N.length; i++) {
      var n = N[i];
      visible[i] = (state.soorten[n.t] && (state.pijler < 0 || n.ps.indexOf(state.pijler) >= 0) &&
                    (state.wijk < 0 || n.ws.indexOf(state.wijk) >= 0)) ? 1 : 0;
    }
  }
  function edgeAllowed(e) { return state.grondslagen[e.g] && visible[e.a] === 1 && visible[e.b] === 1; }
  var level = new Int16Array(N.length);
  function computeFocus() {
    inFocus.fill(0);
    level.fill(-1);
    if (state.focus === null) { return; }
    level[state.focus] = 0;
    var frontier = [state.focus];
    inFocus[state.focus] = 1;
    for (var step = 0; step < state.radius; step++) {
      var next = [];
      frontier.forEach(function (i) {
        adj[i].forEach(function (ei) {
          var e = E[ei];
          if (!edgeAllowed(e)) { return; }
          var o = e.a === i ? e.b : e.a;
          if (!inFocus[o]) { inFocus[o] = 1; level[o] = step + 1; next.push(o); }
        });
      });
      frontier = next;
    }
  }
  function shown(i) { return visible[i] === 1 && (state.focus === null || inFocus[i] === 1); }
  function faded(i) { return state.focus !== null && state.modus === "vervagen" && inFocus[i] !== 1; }

  function visNode(i) {
    var n = N[i], f = faded(i), c = f ? FADED : baseColour(n), focus = state.focus === i, at = moved[i];
    return { id: i, x: at ? at[0] : n.x, y: at ? at[1] : n.y, label: f ? "" : (focusFonts[i] ? nodeLabel(n) : clip(overviewName(n), 42)), shape: data.soorten[n.t].vorm, size: nodeSize(n) * (focus ? 1.25 : 1),
             color: { background: c, border: f ? FADED : (focus ? "#000000" : "#333333"),
                      highlight: { background: c, border: "#000000" }, hover: { background: c, border: "#000000" } },
             font: { color: f ? "#dadada" : "#1b1b1b", size: focusFonts[i] || FONT[n.t] * (focus ? 1.2 : 1), strokeWidth: 3, strokeColor: "#ffffff" },
             borderWidth: focus ? 4 : (n.t === "pijler" ? 2 : 1) };
  }
  function visEdge(i) {
    var e = E[i], c = data.verbanden[e.k].kleur, f = faded(e.a) || faded(e.b);
    return { id: i, from: e.a, to: e.b, dashes: e.g === "afgeleid", color: { color: c, opacity: f ? 0.06 : 0.55, highlight: c, hover: c },
             width: f ? 0.5 : 1 };
  }

  computeVisible();
  var nodes = new vis.DataSet(N.map(function (_, i) { return visNode(i); }));
  var edges = new vis.DataSet(E.map(function (_, i) { return visEdge(i); }));
  var nodeFaded = new Uint8Array(N.length), edgeFaded = new Uint8Array(E.length), nodeFocus = -1;
  var nodesView = new vis.DataView(nodes, { filter: function (item) {
    var i = item.id; return visible[i] === 1 && (state.modus === "vervagen" || state.focus === null || inFocus[i] === 1); } });
  var edgesView = new vis.DataView(edges, { filter: function (item) {
    var e = E[item.id];
    if (!edgeAllowed(e)) { return false; }
    return state.modus === "vervagen" || state.focus === null || (inFocus[e.a] === 1 && inFocus[e.b] === 1); } });

  function restyle() {
    var nu = [], eu = [], i;
    for (i = 0; i < N.length; i++) {
      var f = faded(i) ? 1 : 0;
      if (f !== nodeFaded[i] || i === nodeFocus || i === state.focus) { nodeFaded[i] = f; nu.push(visNode(i)); }
    }
    for (i = 0; i < E.length; i++) {
      var fe = (faded(E[i].a) || faded(E[i].b)) ? 1 : 0;
      if (fe !== edgeFaded[i]) { edgeFaded[i] = fe; eu.push(visEdge(i)); }
    }
    nodeFocus = state.focus === null ? -1 : state.focus;
    if (nu.length) { nodes.update(nu); }
    if (eu.length) { edges.update(eu); }
  }

  var status = document.getElementById("status");
  function counts() {
    var n = 0, m = 0, i;
    for (i = 0; i < N.length; i++) { if (shown(i)) { n++; } }
    for (i = 0; i < E.length; i++) { var e = E[i]; if (edgeAllowed(e) && shown(e.a) && shown(e.b)) { m++; } }
    return [n, m];
  }
  function updateStatus(extra) {
    var c = counts();
    status.textContent = c[0] + " van " + N.length + " knopen en " + c[1] + " van " + E.length + " verbanden in beeld." +
      (state.focus !== null ? " Focus: " + N[state.focus].l + " en " + (state.radius === 1 ? "1 stap" : state.radius + " stappen") + " eromheen." : "") +
      (extra ? " " + extra : "");
    status.setAttribute("data-knopen", String(c[0]));
    status.setAttribute("data-verbanden", String(c[1]));
    if (drawing) { placeApp(); }  // the status may take another line on a phone: the drawing starts lower
  }

  // ---------------------------------------------------------------- the network
  var container = document.getElementById("netwerk");
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -55, centralGravity: 0.012, springLength: 90, springConstant: 0.07,
                          avoidOverlap: 0.1, damping: 0.5 },
      // fewer iterations for big graphs: the page must stay usable, the start layout is already sensible
      stabilization: { enabled: true, iterations: Math.round(Math.max(30, Math.min(400, 100000 / Math.max(N.length, 1)))),
                       updateInterval: 10, fit: false },
      minVelocity: 1.5, timestep: 0.5
    },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG, navigationButtons: false, keyboard: false },
    nodes: { borderWidth: 1, font: { face: "system-ui, sans-serif" },
             scaling: { label: { enabled: false, drawThreshold: LABEL_MIN_PX + 1, maxVisible: 24 } } },
    // arrow heads cost a border intersection per edge and frame: a big network is drawn without them
    edges: { smooth: false, arrows: { to: { enabled: !BIG, scaleFactor: 0.45 } }, selectionWidth: 2 }
  };
  timing.beforeNetwork = performance.now();
  var network = new vis.Network(container, { nodes: nodesView, edges: edgesView }, options);
  timing.afterNetwork = performance.now();
  network.on("animationFinished", function () { state.animating = false; });

  function shownIds() { var ids = []; for (var i = 0; i < N.length; i++) { if (shown(i)) { ids.push(i); } } return ids; }
  // Fit the shown nodes into the drawing, with room for their labels; in focus the shown nodes' labels are
  // sized for that scale, so every name around the focus is legible however far apart the nodes lie.
  var FOCUS_PX = 14;
  function view(ids) {
    var pos = network.getPositions(ids), minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    ids.forEach(function (i) {
      var p = pos[i], r = nodeSize(N[i]);
      if (!p) { return; }
      minX = Math.min(minX, p.x - r); maxX = Math.max(maxX, p.x + r); minY = Math.min(minY, p.y - r); maxY = Math.max(maxY, p.y + r);
    });
    if (minX === Infinity) { return null; }
    var w = container.clientWidth || 300, h = container.clientHeight || 300;
    var mx = Math.min(110, w * (w < 640 ? 0.13 : 0.18)), my = Math.min(40, h * 0.08);
    var scale = Math.min((w - 2 * mx) / Math.max(maxX - minX, 1), (h - 2 * my - 20) / Math.max(maxY - minY, 1));
    scale = Math.max(0.01, Math.min(scale, state.focus !== null ? 1.6 : 1.2));
    return { position: { x: (minX + maxX) / 2, y: (minY + maxY) / 2 + 10 / scale }, scale: scale };
  }
  function fit(animate) {
    var ids = shownIds();
    if (!ids.length) { return; }
    var v = view(ids);
    if (!v) { return; }
    sizeFocusLabels(v.scale);
    state.animating = !!animate;
    network.moveTo({ position: v.position, scale: v.scale, animation: animate ? { duration: 350, easingFunction: "easeInOutQuad" } : false });
  }
  // At the overview of the whole network the pillars and strategic goals must be legible, however many nodes there are.
  function tuneOverviewFonts() {
    var v = view(N.map(function (_, i) { return i; }));
    if (!v) { return; }
    // on a narrow screen there is room for the pillars' names only; the strategic goals are named as you zoom in
    var small = container.clientWidth < 640;
    FONT["pijler"] = Math.max(FONT["pijler"], (LABEL_MIN_PX + (small ? 3 : 6)) / v.scale);
    if (!small) { FONT["strategisch-doel"] = Math.max(FONT["strategisch-doel"], (LABEL_MIN_PX + 1) / v.scale); }
    nodes.update(N.map(function (n, i) { return n.t === "pijler" || n.t === "strategisch-doel" ? visNode(i) : null; }).filter(Boolean));
  }
  function sizeFocusLabels(scale) {
    var nu = [], want = {};
    if (state.focus !== null) {
      for (var i = 0; i < N.length; i++) {
        if (shown(i)) {
          want[i] = (i === state.focus ? FOCUS_PX + 3 : FOCUS_PX) * (container.clientWidth < 640 ? 0.86 : 1) / scale;  // 12 px on a phone
        }
      }
    }
    Object.keys(focusFonts).forEach(function (k) { if (!(k in want)) { nu.push(k); } });
    Object.keys(want).forEach(function (k) { if (focusFonts[k] !== want[k]) { nu.push(k); } });
    focusFonts = want;
    if (nu.length) { nodes.update(nu.map(function (k) { return visNode(Number(k)); })); }
  }

  // ---------------------------------------------------------------- grouping per pillar (vis-network clusters)
  var groupBox = document.getElementById("groepeer");
  function ungroup() {
    if (!state.grouped) { return; }
    P.forEach(function (_, k) { if (network.isCluster("groep-" + k)) { network.openCluster("groep-" + k); } });
    state.grouped = false;
    groupBox.checked = false;
  }
  function group() {
    leaveFocus(false, false);
    P.forEach(function (p, k) {
      var count = 0;
      for (var i = 0; i < N.length; i++) { if (shown(i) && N[i].p === k && GROUPED[N[i].t]) { count++; } }
      if (count < 2) { return; }
      network.cluster({
        joinCondition: function (o) { var n = N[o.id]; return !!n && n.p === k && !!GROUPED[n.t]; },
        clusterNodeProperties: { id: "groep-" + k, label: p.kort + " (" + count + ")", shape: "star", size: 42,
                                 color: { background: p.kleur, border: "#222222" }, font: { size: FONT["pijler"], strokeWidth: 3, strokeColor: "#ffffff" },
                                 borderWidth: 2 }
      });
    });
    state.grouped = true;
    groupBox.checked = true;
    fit(true);
  }
  groupBox.addEventListener("change", function () { if (groupBox.checked) { group(); } else { ungroup(); fit(true); } pushUrl(); });

  // ---------------------------------------------------------------- panel and tooltip (text only)
  function hrefFor(n) { return "?focus=" + encodeURIComponent(n.u).replace(/%2F/g, "/") + "&radius=" + state.radius; }
  function pageFor(n) { return n.u ? ROOT + "doc/" + n.u.split("/").map(encodeURIComponent).join("/") + ".html" : null; }
  function edgeExtra(e) {
    var parts = [];
    if (e.g === "afgeleid") { parts.push("afgeleid"); }
    if (e.r) { parts.push(e.r); }
    if (e.k === "gefinancierd-door") { parts.push(e.tk === 1 ? "1 geldstroom" : e.tk + " geldstromen, elk één keer geteld"); }
    return parts.join(", ");
  }
  function moneyBlock(box, n, full) {
    var m = n.geld;
    if (!m) { return; }
    box.appendChild(el("div", "Financiering", "info-kop"));
    if (m.totaal) { box.appendChild(el("div", m.totaal, "info-tekst info-geld")); }
    if (m.uitleg) { box.appendChild(el("div", m.uitleg, "info-extra")); }
    if (full && m.posten && m.posten.length) {
      var ul = el("ul", null, "info-lijst");
      m.posten.forEach(function (p) {
        var li = el("li", p.naam);
        var extra = [p.bedrag, p.soort].filter(function (x) { return x; }).join(" · ");
        if (extra) { li.appendChild(el("span", " — " + extra, "info-extra")); }
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
  }
  function fillInfo(box, i, full) {
    var n = N[i], limit = full ? 100000 : 8;
    box.replaceChildren();
    box.appendChild(el("div", n.l, "info-titel"));
    var kind = data.soorten[n.t].naam + (n.st ? " (" + n.st + ")" : "") + (n.p >= 0 && n.t !== "pijler" ? " · " + P[n.p].naam : "");
    box.appendChild(el("div", kind, "info-soort"));
    if (full) {
      var page = pageFor(n);
      if (page) {
        var pa = el("a", "Naar de pagina van " + clip(n.l, 60), "info-pagina");
        pa.href = page;
        box.appendChild(el("p")).appendChild(pa);
      }
      if (state.focus !== i) {
        var fb = el("button", "Focus op deze knoop", "knop");
        fb.type = "button";
        fb.addEventListener("click", function () { focusNode(i, { walk: false }); });
        box.appendChild(fb);
      }
    }
    if (n.a && n.a.length) { box.appendChild(el("div", "Ook: " + n.a.join("; "), "info-extra")); }
    if (n.s) { box.appendChild(el("div", "Status: " + n.s, "info-tekst")); }
    if (n.d) { box.appendChild(el("div", full ? n.d : clip(n.d, 260), "info-tekst")); }
    if (n.f) { box.appendChild(el("div", "Financier: " + n.f, "info-tekst")); }
    if (n.b) { box.appendChild(el("div", "Bron: " + n.b, "info-tekst")); }
    moneyBlock(box, n, full);
    var groups = {}, order = [];
    adj[i].forEach(function (ei) {
      var e = E[ei], out = e.a === i, k = e.k + "|" + (out ? "uit" : "in");
      if (!groups[k]) { groups[k] = []; order.push(k); }
      groups[k].push({ other: out ? e.b : e.a, e: e });
    });
    order.forEach(function (k) {
      var items = groups[k];
      items.sort(function (x, y) { return N[x.other].l.localeCompare(N[y.other].l, "nl"); });
      box.appendChild(el("div", (data.relaties[k] || k) + " (" + items.length + ")", "info-kop"));
      var ul = el("ul", null, "info-lijst");
      items.slice(0, limit).forEach(function (it) {
        var li = el("li"), o = N[it.other], extra = edgeExtra(it.e);
        if (full) {
          var a = el("a", o.l, "buur");
          a.href = o.u ? hrefFor(o) : "#";
          a.setAttribute("data-knoop", String(it.other));
          a.addEventListener("click", function (ev) { ev.preventDefault(); focusNode(it.other, { walk: true }); });
          li.appendChild(a);
        } else {
          li.appendChild(document.createTextNode(o.l));
        }
        if (extra) { li.appendChild(el("span", " — " + extra, "info-extra")); }
        if (full && it.e.x && (it.e.g === "afgeleid" || it.e.k === "gefinancierd-door")) {
          it.e.x.split(" | ").forEach(function (line) { li.appendChild(el("div", line, "info-extra")); });
        }
        ul.appendChild(li);
      });
      if (items.length > limit) { ul.appendChild(el("li", "… en " + (items.length - limit) + " meer", "info-extra")); }
      box.appendChild(ul);
    });
    if (full) { box.appendChild(el("div", n.iri, "info-iri")); }
  }

  var tip = document.getElementById("tooltip");
  var box = document.getElementById("netwerk-vak");
  network.on("hoverNode", function (p) {
    if (typeof p.node !== "number") { return; }
    fillInfo(tip, p.node, false);
    tip.hidden = false;
    var x = p.pointer.DOM.x + 14, y = p.pointer.DOM.y + 14;
    var maxX = box.clientWidth - tip.offsetWidth - 8, maxY = box.clientHeight - tip.offsetHeight - 8;
    tip.style.left = Math.max(4, Math.min(x, maxX)) + "px";
    tip.style.top = Math.max(4, Math.min(y, maxY)) + "px";
  });
  network.on("blurNode", function () { tip.hidden = true; });
  network.on("dragStart", function () { tip.hidden = true; });
  network.on("zoom", function () { tip.hidden = true; });

  // ---------------------------------------------------------------- focus, trail and the URL
  var details = document.getElementById("details"), focusBox = document.getElementById("focus-vak");
  var focusName = document.getElementById("focus-naam"), trail = document.getElementById("spoor");
  var radios = { 1: document.getElementById("straal-1"), 2: document.getElementById("straal-2") };
  var modes = { vervagen: document.getElementById("modus-vervagen"), verbergen: document.getElementById("modus-verbergen") };

  // In focus the neighbourhood is laid out in rings around the focus (1 step, 2 steps), grouped by kind, so the
  // picture reads like the CLI's --focus view; leaving focus puts every node back where the layout had it.
  var KIND_ORDER = ["pijler", "strategisch-doel", "operationeel-doel", "inspanning", "partner", "regeling", "gebied"];
  function placeRings() {
    if (home === null) { return; }
    var back = Object.keys(moved);
    moved = {};
    if (state.focus !== null) {
      var c = home[state.focus], rings = [[], []], angle = {};
      for (var i = 0; i < N.length; i++) { if (shown(i) && level[i] > 0) { rings[level[i] - 1].push(i); } }
      var byKind = function (a, b) { return (KIND_ORDER.indexOf(N[a].t) - KIND_ORDER.indexOf(N[b].t)) || N[a].l.localeCompare(N[b].l, "nl"); };
      rings[0].sort(byKind);
      var r1 = Math.max(320, rings[0].length * 110 / (2 * Math.PI));
      // an ellipse the shape of the drawing: on a phone (portrait) the rings use the height, on a wide screen the width
      var ry = Math.max(0.75, Math.min(1.8, (container.clientHeight || 1) / (container.clientWidth || 1)));
      rings[0].forEach(function (n, k) {
        var a = 2 * Math.PI * k / rings[0].length - Math.PI / 2;
        angle[n] = a;
        moved[n] = [c.x + r1 * Math.cos(a), c.y + r1 * ry * Math.sin(a)];
      });
      if (rings[1].length) {
        rings[1].forEach(function (n) {  // the mean angle of its neighbours on the first ring
          var sx = 0, sy = 0;
          adj[n].forEach(function (ei) { var e = E[ei], o = e.a === n ? e.b : e.a; if (o in angle) { sx += Math.cos(angle[o]); sy += Math.sin(angle[o]); } });
          angle[n] = Math.atan2(sy, sx);
        });
        rings[1].sort(function (a, b) { return angle[a] - angle[b]; });
        var r2 = Math.max(r1 + 320, rings[1].length * 55 / (2 * Math.PI));
        rings[1].forEach(function (n, k) {
          var a = 2 * Math.PI * k / rings[1].length + angle[rings[1][0]];
          moved[n] = [c.x + r2 * Math.cos(a), c.y + r2 * ry * Math.sin(a)];
        });
      }
      moved[state.focus] = [c.x, c.y];
    }
    back.forEach(function (k) { if (!(k in moved)) { network.moveNode(Number(k), home[k].x, home[k].y); } });
    Object.keys(moved).forEach(function (k) { network.moveNode(Number(k), moved[k][0], moved[k][1]); });
  }

  function refresh() {
    computeVisible();
    if (state.focus !== null && !visible[state.focus]) { state.focus = null; state.spoor = []; }
    computeFocus();
    nodesView.refresh();
    edgesView.refresh();
    restyle();
    placeRings();
    drawFocusPanel();
    updateStatus();
  }
  function drawFocusPanel() {
    if (state.focus === null) {
      focusBox.hidden = true;
      network.unselectAll();
      details.replaceChildren(el("p", "Klik op een knoop of zoek een naam."));
      return;
    }
    focusBox.hidden = false;
    focusName.textContent = N[state.focus].l;
    radios[state.radius].checked = true;
    modes[state.modus].checked = true;
    trail.replaceChildren();
    state.spoor.forEach(function (i, j) {
      var li = el("li");
      if (j === state.spoor.length - 1) {
        li.appendChild(el("span", N[i].l, "spoor-hier"));
      } else {
        var b = el("button", N[i].l, "spoor-stap");
        b.type = "button";
        b.addEventListener("click", function () { state.spoor = state.spoor.slice(0, j); focusNode(i, { walk: true }); });
        li.appendChild(b);
      }
      trail.appendChild(li);
    });
    network.selectNodes([state.focus]);
    fillInfo(details, state.focus, true);
  }

  // opts.walk: add to the trail (a step from the current focus); opts.push: false when restoring from the URL
  function focusNode(i, opts) {
    opts = opts || {};
    ungroup();
    var note = "";
    if (!visible[i]) { resetControls(); note = "Filters zijn teruggezet om de gekozen knoop te tonen."; }
    if (opts.walk && state.focus !== null) {
      var at = state.spoor.indexOf(i);
      state.spoor = at >= 0 ? state.spoor.slice(0, at + 1) : state.spoor.concat([i]);
    } else {
      state.spoor = [i];
    }
    state.focus = i;
    refresh();
    if (note) { updateStatus(note); }
    fit(opts.animate !== false);
    if (opts.push !== false) { pushUrl(); }
    if (narrow() && opts.fold) { fold(true); }
  }
  function leaveFocus(push, animate) {
    if (state.focus === null) { return; }
    state.focus = null;
    state.spoor = [];
    refresh();
    fit(animate !== false);
    if (push !== false) { pushUrl(); }
  }
  document.getElementById("focus-uit").addEventListener("click", function () { leaveFocus(); });
  [1, 2].forEach(function (r) {
    radios[r].addEventListener("change", function () { if (radios[r].checked) { state.radius = r; refresh(); fit(true); pushUrl(); } });
  });
  Object.keys(modes).forEach(function (m) {
    modes[m].addEventListener("change", function () { if (modes[m].checked) { state.modus = m; refresh(); fit(true); pushUrl(); } });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "Escape") { return; }
    if (document.activeElement === search && search.value) { search.value = ""; showResults(); return; }
    leaveFocus();
  });

  network.on("click", function (p) {
    if (p.nodes.length) {
      var id = p.nodes[0];
      if (network.isCluster(id)) { network.openCluster(id); if (!P.some(function (_, k) { return network.isCluster("groep-" + k); })) { state.grouped = false; groupBox.checked = false; } return; }
      focusNode(id, { walk: state.focus !== null });
    } else if (!p.edges.length) {
      leaveFocus();
    }
  });

  function slug(u) { return u ? u.split("/")[1] : ""; }
  function query() {
    var q = [];
    function add(k, v) { q.push(k + "=" + encodeURIComponent(v).replace(/%2F/g, "/").replace(/%2C/g, ",")); }
    if (state.focus !== null && N[state.focus].u) {
      add("focus", N[state.focus].u);
      add("radius", String(state.radius));
      if (state.modus !== DEFAULT_MODUS) { add("rest", state.modus); }
    }
    if (state.pijler >= 0) { add("pijler", slug(P[state.pijler].u) || String(state.pijler)); }
    if (state.wijk >= 0) { add("wijk", slug(W[state.wijk].u) || String(state.wijk)); }
    var off = Object.keys(state.soorten).filter(function (k) { return !state.soorten[k]; });
    if (off.length) { add("zonder", off.join(",")); }
    var bases = Object.keys(state.grondslagen).filter(function (k) { return state.grondslagen[k]; });
    if (bases.length !== Object.keys(state.grondslagen).length) { add("grondslag", bases.join(",") || "geen"); }
    if (state.grouped) { add("groep", "pijler"); }
    return q.length ? "?" + q.join("&") : "";
  }
  function pushUrl() {
    var q = query();
    if (q === location.search) { return; }
    var spoor = state.spoor.map(function (i) { return N[i].u; });
    try {
      history.pushState({ spoor: spoor }, "", q || location.pathname);
    } catch (e) { /* a browser that refuses to rewrite this URL: the view still works, it is just not in the address */ }
  }
  function findIn(list, text) {
    if (!text) { return -1; }
    var k = key(text);
    for (var i = 0; i < list.length; i++) {
      var x = list[i];
      if (slug(x.u) === text || String(i) === text || key(x.naam) === k || (x.kort && key(x.kort) === k)) { return i; }
    }
    return -1;
  }
  function applyQuery(search, spoor) {
    var q = new URLSearchParams(search);
    ungroup();
    state.pijler = findIn(P, q.get("pijler"));
    state.wijk = findIn(W, q.get("wijk"));
    var off = (q.get("zonder") || "").split(",");
    Object.keys(state.soorten).forEach(function (k) { state.soorten[k] = off.indexOf(k) < 0; });
    var bases = q.get("grondslag");
    Object.keys(state.grondslagen).forEach(function (k) { state.grondslagen[k] = bases === null || bases.split(",").indexOf(k) >= 0; });
    syncControls();
    var r = Number(q.get("radius"));
    state.radius = r === 2 ? 2 : 1;
    state.modus = q.get("rest") === "verbergen" || q.get("rest") === "vervagen" ? q.get("rest") : DEFAULT_MODUS;
    var f = q.get("focus");
    var i = f !== null && Object.prototype.hasOwnProperty.call(byKey, f) ? byKey[f] : -1;
    computeVisible();
    if (i >= 0 && visible[i]) {
      state.focus = i;
      var path = (spoor || []).filter(function (u) { return Object.prototype.hasOwnProperty.call(byKey, u); }).map(function (u) { return byKey[u]; });
      state.spoor = path.length && path[path.length - 1] === i ? path : [i];
    } else {
      state.focus = null;
      state.spoor = [];
    }
    refresh();
    if (f !== null && i < 0) { updateStatus("De knoop " + f + " staat niet in dit netwerk."); }
    if (q.get("groep") === "pijler" && state.focus === null) { group(); }
    fit(false);
  }
  window.addEventListener("popstate", function (ev) { applyQuery(location.search, ev.state && ev.state.spoor); });

  // ---------------------------------------------------------------- filters
  var selPijler = document.getElementById("filter-pijler");
  P.forEach(function (p, i) { var o = el("option", p.naam); o.value = String(i); selPijler.appendChild(o); });
  var selWijk = document.getElementById("filter-wijk");
  var AREA_GROUPS = [["wijk", "Wijken"], ["buurt", "Buurten"], ["", "Gebieden"]];
  AREA_GROUPS.forEach(function (gr) {
    var og = document.createElement("optgroup");
    og.label = gr[1];
    W.forEach(function (w, i) {
      var kind = (w.soort === "wijk" || w.soort === "buurt") ? w.soort : "";
      if (kind !== gr[0]) { return; }
      var o = el("option", w.naam); o.value = String(i); og.appendChild(o);
    });
    if (og.children.length) { selWijk.appendChild(og); }
  });
  function filterChanged() { ungroup(); refresh(); fit(true); pushUrl(); }
  selPijler.addEventListener("change", function () { state.pijler = selPijler.value === "" ? -1 : Number(selPijler.value); filterChanged(); });
  selWijk.addEventListener("change", function () { state.wijk = selWijk.value === "" ? -1 : Number(selWijk.value); filterChanged(); });

  function checkbox(container, id, text, onChange) {
    var label = el("label"), b = document.createElement("input");
    b.type = "checkbox"; b.id = id; b.checked = true;
    b.addEventListener("change", function () { onChange(b.checked); });
    label.appendChild(b); label.appendChild(document.createTextNode(" " + text));
    container.appendChild(label);
    return b;
  }
  var typeBoxes = {}, present = {};
  N.forEach(function (n) { present[n.t] = true; });
  var fsSoort = document.getElementById("filter-soort");
  Object.keys(data.soorten).forEach(function (k) {
    if (!present[k]) { return; }
    typeBoxes[k] = checkbox(fsSoort, "soort-" + k, data.soorten[k].naam, function (on) { state.soorten[k] = on; filterChanged(); });
  });
  var basisBoxes = {}, fsBasis = document.getElementById("filter-grondslag");
  Object.keys(data.grondslagen).forEach(function (k) {
    basisBoxes[k] = checkbox(fsBasis, "grondslag-" + k, data.grondslagen[k], function (on) { state.grondslagen[k] = on; filterChanged(); });
  });
  function syncControls() {
    selPijler.value = state.pijler < 0 ? "" : String(state.pijler);
    selWijk.value = state.wijk < 0 ? "" : String(state.wijk);
    Object.keys(typeBoxes).forEach(function (k) { typeBoxes[k].checked = state.soorten[k]; });
    Object.keys(basisBoxes).forEach(function (k) { basisBoxes[k].checked = state.grondslagen[k]; });
  }
  function resetControls() {
    state.pijler = -1; state.wijk = -1;
    Object.keys(state.soorten).forEach(function (k) { state.soorten[k] = true; });
    Object.keys(state.grondslagen).forEach(function (k) { state.grondslagen[k] = true; });
    syncControls();
    computeVisible();
  }
  function resetAll() {
    ungroup();
    resetControls();
    state.focus = null; state.spoor = [];
    refresh();
    fit(true);
    pushUrl();
  }
  document.getElementById("herstel").addEventListener("click", resetAll);

  // ---------------------------------------------------------------- zoom buttons
  function zoomBy(f) {
    var s = network.getScale();
    state.animating = true;
    network.moveTo({ scale: Math.max(0.02, Math.min(4, s * f)), animation: { duration: 200, easingFunction: "easeInOutQuad" } });
  }
  document.getElementById("zoom-in").addEventListener("click", function () { zoomBy(1.5); });
  document.getElementById("zoom-uit").addEventListener("click", function () { zoomBy(1 / 1.5); });
  document.getElementById("zoom-passend").addEventListener("click", function () { fit(true); });

  // ---------------------------------------------------------------- legend
  var lp = document.getElementById("legenda-pijlers");
  P.forEach(function (p) {
    var li = el("li"), sw = el("span", null, "kleurvak");
    sw.style.backgroundColor = p.kleur; li.appendChild(sw); li.appendChild(document.createTextNode(p.naam)); lp.appendChild(li);
  });
  var ls = document.getElementById("legenda-soorten");
  Object.keys(data.soorten).forEach(function (k) {
    if (!present[k]) { return; }
    var s = data.soorten[k], li = el("li"), sym = el("span", s.teken, "teken");
    if (!GROUPED[k]) { sym.style.color = s.kleur; }
    li.appendChild(sym); li.appendChild(document.createTextNode(" " + s.naam)); ls.appendChild(li);
  });
  var lv = document.getElementById("legenda-verbanden");
  Object.keys(data.verbanden).forEach(function (k) {
    var li = el("li"), line = el("span", null, "lijnstaal");
    line.style.borderTopColor = data.verbanden[k].kleur;
    li.appendChild(line); li.appendChild(document.createTextNode(data.verbanden[k].naam)); lv.appendChild(li);
  });
  var liDash = el("li"), dash = el("span", null, "lijnstaal stippel");
  dash.style.borderTopColor = "#777";
  liDash.appendChild(dash); liDash.appendChild(document.createTextNode("gestippeld: afgeleid verband")); lv.appendChild(liDash);

  // ---------------------------------------------------------------- search
  var search = document.getElementById("zoek"), results = document.getElementById("zoekresultaten");
  function scoreKey(k, qk, qw) {
    if (!k) { return 0; }
    if (k === qk) { return 100; }
    if (k.indexOf(qk) === 0) { return 80; }
    if (k.indexOf(qk) > 0) { return 60; }
    if (qw.length && qw.every(function (w) { return k.indexOf(w) >= 0; })) { return 40; }
    return 0;
  }
  function matches(q) {
    var qk = key(q), qw = words(q), hits = [];
    if (qk.length < 2) { return []; }
    for (var i = 0; i < N.length; i++) {
      var s = searchIndex[i], best = 0, other = 0;
      s.names.forEach(function (k) { best = Math.max(best, scoreKey(k, qk, qw)); });
      s.others.forEach(function (k) { other = Math.max(other, scoreKey(k, qk, qw)); });
      var score = Math.max(best, other ? other - 5 : 0);
      if (score > 0) { hits.push([score, i]); }
    }
    hits.sort(function (x, y) {
      var a = N[x[1]], b = N[y[1]];
      return (y[0] - x[0]) || ((TYPE_RANK[searchIndex[x[1]].kind] ?? 99) - (TYPE_RANK[searchIndex[y[1]].kind] ?? 99)) ||
        (a.l.length - b.l.length) || a.l.localeCompare(b.l, "nl");
    });
    return hits.slice(0, 40).map(function (h) { return h[1]; });
  }
  function showResults() {
    results.replaceChildren();
    var m = matches(search.value);
    if (search.value.trim().length >= 2 && !m.length) { results.appendChild(el("li", "Niets gevonden.", "uitleg")); }
    m.forEach(function (i) {
      var li = el("li"), b = el("button");
      b.type = "button";
      b.appendChild(document.createTextNode(N[i].l + " "));
      b.appendChild(el("span", data.soorten[N[i].t].naam, "soortnaam"));
      b.addEventListener("click", function () { focusNode(i, { fold: true }); });
      li.appendChild(b); results.appendChild(li);
    });
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var m = matches(search.value); if (m.length) { focusNode(m[0], { fold: true }); } ev.preventDefault(); }
  });

  // ---------------------------------------------------------------- export
  function download(href, name) {
    var a = document.createElement("a");
    a.href = href; a.download = name; a.hidden = true;
    document.body.appendChild(a); a.click(); a.remove();
  }
  function fileName(ext) {
    var base = state.focus !== null && N[state.focus].u ? "netwerk-" + slug(N[state.focus].u) : "netwerk";
    return base + "." + ext;
  }
  function pngDataUrl() {
    var c = container.querySelector("canvas"), out = document.createElement("canvas");
    out.width = c.width; out.height = c.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff"; ctx.fillRect(0, 0, out.width, out.height); ctx.drawImage(c, 0, 0);
    return out.toDataURL("image/png");
  }
  function polygon(shape, x, y, r) {
    var pts = [], k, a;
    if (shape === "diamond") { pts = [[x, y - r], [x + r, y], [x, y + r], [x - r, y]]; }
    else if (shape === "triangle") { pts = [[x, y - r], [x + r, y + r * 0.8], [x - r, y + r * 0.8]]; }
    else if (shape === "triangleDown") { pts = [[x, y + r], [x + r, y - r * 0.8], [x - r, y - r * 0.8]]; }
    else if (shape === "hexagon") { for (k = 0; k < 6; k++) { a = Math.PI / 3 * k; pts.push([x + r * Math.cos(a), y + r * Math.sin(a)]); } }
    else if (shape === "star") {
      for (k = 0; k < 10; k++) { a = Math.PI / 5 * k - Math.PI / 2; var rr = k % 2 ? r * 0.45 : r * 1.2; pts.push([x + rr * Math.cos(a), y + rr * Math.sin(a)]); }
    }
    return pts.map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ");
  }
  // The current view as SVG: what is drawn, in the same colours, labels where the screen shows them.
  function svgText() {
    var NS = "http://www.w3.org/2000/svg", c = container.querySelector("canvas"), w = c.clientWidth, h = c.clientHeight;
    var tl = network.DOMtoCanvas({ x: 0, y: 0 }), br = network.DOMtoCanvas({ x: w, y: h }), scale = network.getScale();
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("width", String(w)); svg.setAttribute("height", String(h));
    svg.setAttribute("viewBox", [tl.x, tl.y, br.x - tl.x, br.y - tl.y].map(function (v) { return v.toFixed(1); }).join(" "));
    var title = document.createElementNS(NS, "title");
    title.textContent = data.titel + (state.focus !== null ? " — focus: " + N[state.focus].l : "");
    svg.appendChild(title);
    var bg = document.createElementNS(NS, "rect");
    bg.setAttribute("x", tl.x.toFixed(1)); bg.setAttribute("y", tl.y.toFixed(1));
    bg.setAttribute("width", (br.x - tl.x).toFixed(1)); bg.setAttribute("height", (br.y - tl.y).toFixed(1)); bg.setAttribute("fill", "#ffffff");
    svg.appendChild(bg);
    var ids = nodesView.getIds(), pos = network.getPositions(ids);
    var gEdges = document.createElementNS(NS, "g"), gNodes = document.createElementNS(NS, "g");
    gEdges.setAttribute("class", "verbanden"); gNodes.setAttribute("class", "knopen");
    edgesView.get().forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      if (!a || !b) { return; }
      var line = document.createElementNS(NS, "line");
      line.setAttribute("x1", a.x.toFixed(1)); line.setAttribute("y1", a.y.toFixed(1));
      line.setAttribute("x2", b.x.toFixed(1)); line.setAttribute("y2", b.y.toFixed(1));
      line.setAttribute("stroke", e.color.color); line.setAttribute("stroke-opacity", String(e.color.opacity));
      line.setAttribute("stroke-width", String(e.width));
      if (e.dashes) { line.setAttribute("stroke-dasharray", "5 5"); }
      gEdges.appendChild(line);
    });
    nodesView.get().forEach(function (n) {
      var p = pos[n.id];
      if (!p) { return; }
      var g = document.createElementNS(NS, "g"), shape, r = n.size;
      g.setAttribute("class", "knoop");
      if (n.shape === "dot") {
        shape = document.createElementNS(NS, "circle");
        shape.setAttribute("cx", p.x.toFixed(1)); shape.setAttribute("cy", p.y.toFixed(1)); shape.setAttribute("r", r.toFixed(1));
      } else if (n.shape === "square") {
        shape = document.createElementNS(NS, "rect");
        shape.setAttribute("x", (p.x - r).toFixed(1)); shape.setAttribute("y", (p.y - r).toFixed(1));
        shape.setAttribute("width", (2 * r).toFixed(1)); shape.setAttribute("height", (2 * r).toFixed(1));
      } else {
        shape = document.createElementNS(NS, "polygon");
        shape.setAttribute("points", polygon(n.shape, p.x, p.y, r));
      }
      shape.setAttribute("fill", n.color.background); shape.setAttribute("stroke", n.color.border);
      shape.setAttribute("stroke-width", String(n.borderWidth));
      g.appendChild(shape);
      if (n.label && n.font.size * scale >= LABEL_MIN_PX) {
        var t = document.createElementNS(NS, "text");
        t.setAttribute("x", p.x.toFixed(1)); t.setAttribute("y", (p.y + r + n.font.size).toFixed(1));
        t.setAttribute("text-anchor", "middle"); t.setAttribute("font-family", "system-ui, sans-serif");
        t.setAttribute("font-size", n.font.size.toFixed(1)); t.setAttribute("fill", n.font.color);
        t.setAttribute("stroke", "#ffffff"); t.setAttribute("stroke-width", "3"); t.setAttribute("paint-order", "stroke");
        t.textContent = n.label.replace(/\n/g, " ");
        g.appendChild(t);
      }
      gNodes.appendChild(g);
    });
    svg.appendChild(gEdges); svg.appendChild(gNodes);
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg);
  }
  document.getElementById("export-png").addEventListener("click", function () { download(pngDataUrl(), fileName("png")); });
  document.getElementById("export-svg").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([svgText()], { type: "image/svg+xml" }));
    download(url, fileName("svg"));
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  document.getElementById("deel").addEventListener("click", function () {
    var done = function (text) { updateStatus(text); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(location.href).then(function () { done("De link is gekopieerd."); },
        function () { done("Kopieer de link uit de adresbalk."); });
    } else { done("Kopieer de link uit de adresbalk."); }
  });

  // ---------------------------------------------------------------- phone: the panel folds away
  var panelButton = document.getElementById("paneel-knop");
  function narrow() { return window.matchMedia("(max-width: 48rem)").matches; }
  function fold(closed) {
    app.classList.toggle("dicht", closed);
    panelButton.setAttribute("aria-expanded", closed ? "false" : "true");
    panelButton.textContent = closed ? "Paneel openen" : "Paneel sluiten";
    if (drawing) { placeApp(); }
  }
  panelButton.addEventListener("click", function () { fold(!app.classList.contains("dicht")); });
  fold(narrow());
  // the drawing takes the rest of the window below what stands above it (on a phone: below the folded panel)
  var drawing = document.getElementById("netwerk-vak");
  function placeApp() {
    app.style.setProperty("--netwerk-top", Math.max(0, app.getBoundingClientRect().top + window.scrollY) + "px");
    app.style.setProperty("--vak-top", Math.max(0, drawing.getBoundingClientRect().top + window.scrollY) + "px");
  }
  placeApp();
  window.addEventListener("resize", placeApp);

  // ---------------------------------------------------------------- start: settle, then the view the URL asks for
  var progress = document.getElementById("voortgang");
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "Netwerk wordt geordend… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    timing.stable = performance.now();
    home = network.getPositions();
    N.forEach(function (n, i) { if (home[i]) { n.x = home[i].x; n.y = home[i].y; } });  // nodes that come back after a filter come back here
    nodes.update(N.map(function (n, i) { return { id: i, x: n.x, y: n.y }; }));
    tuneOverviewFonts();
    progress.hidden = true;
    applyQuery(location.search, history.state && history.state.spoor);
    state.stable = true;
    document.body.setAttribute("data-stabiel", "ja");
  });
  updateStatus();

  window.npdwNetwerk = {
    network: network, nodes: nodes, edges: edges, nodesView: nodesView, edgesView: edgesView, data: data, timing: timing,
    focus: function (i, radius) { if (radius) { state.radius = radius; } focusNode(i, {}); },
    selectNode: function (i) { focusNode(i, {}); },
    deselect: function () { leaveFocus(); }, leaveFocus: function () { leaveFocus(); }, resetFilters: resetAll,
    visibleNodeCount: function () { return counts()[0]; },
    shownNodeIds: shownIds,
    isStable: function () { return state.stable; },
    settled: function () { return state.stable && !state.animating; },
    selected: function () { return state.focus; },
    trail: function () { return state.spoor.slice(); },
    indexOf: function (label) { for (var i = 0; i < N.length; i++) { if (N[i].l === label) { return i; } } return -1; },
    indexOfKey: function (u) { return Object.prototype.hasOwnProperty.call(byKey, u) ? byKey[u] : -1; },
    matches: matches, key: key, words: words, normalise: normalise,
    svgText: svgText, pngDataUrl: pngDataUrl, labelMinPx: LABEL_MIN_PX, fadedColour: FADED, fontSizes: FONT,
    showTooltip: function (i) { fillInfo(tip, i, false); tip.hidden = false; }
  };
})();
