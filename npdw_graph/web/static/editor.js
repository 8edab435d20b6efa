// The query editor of the live portal: Oxigraph's bundled YASGUI, configured to stay offline.
// No autocompleter that asks the internet (prefix.cc, LOV): only the query's own variables.
// Results that name a resource of the graph link to its page in this portal (/id/... -> /doc/...).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("editor-gegevens").textContent);
  var endpoint = new URL("sparql", document.baseURI).href;
  var idBase = new URL("id/", document.baseURI).href;
  if (typeof Yasgui === "undefined") { return; }
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  Yasgui.Yasqe.defaults.value = data.defaultQuery;
  var yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: "npdw-editor",
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    yasqe: { autocompleters: ["variables"] }
  });
  function load(title, query) {
    var tab = yasgui.addTab(true, { name: title || "Vraag" });
    tab.setQuery(query);
  }
  if (data.query) { load(data.title, data.query); }
  document.getElementById("voorbeeld").addEventListener("change", function (event) {
    var example = data.examples[Number(event.target.value)];
    if (example) { load(example.title, example.query); }
  });
  function localise(root) {
    var links = root.querySelectorAll ? root.querySelectorAll("a[href]") : [];
    for (var i = 0; i < links.length; i++) {
      var href = links[i].getAttribute("href");
      if (href && href.indexOf(data.idPrefix) === 0) {
        links[i].setAttribute("href", idBase + href.slice(data.idPrefix.length));
        links[i].removeAttribute("target");
      }
    }
  }
  new MutationObserver(function (changes) {
    changes.forEach(function (change) { change.addedNodes.forEach(function (node) { if (node.nodeType === 1) { localise(node); } }); });
  }).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
})();
