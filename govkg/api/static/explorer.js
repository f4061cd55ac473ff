// govkg explorer: search, a drawn neighbourhood (Cytoscape.js), details, pilot coverage.
// Plain JavaScript against the HTTP API; no build step, nothing loaded from the internet.
"use strict";

(() => {
  const EXAMPLES = ["复旦大学", "揭榜挂帅", "基础研究特区", "中科院上海分院", "探索者计划"];
  const EDGE_LABELS_UP_TO = 60; // relation names are drawn on edges only in small networks
  const SEARCH_DELAY_MS = 180;
  const MAX_FIT_ZOOM = 1.3;
  const DETAIL_SKIP = new Set(["id", "type", "name", "name_en", "aliases", "provenance",
    "relations", "figures", "distance"]);

  const state = {
    config: null, // GET /explorer/config
    classes: new Map(), // label → {name_zh, name_en, colour}
    relations: new Map(), // type → {name_zh, name_en}
    names: new Map(), // id → name, for chains and relation lists
    focus: null, // id of the entity the network is drawn around
    selected: null,
    cy: null,
    searchToken: 0,
    drawToken: 0,
  };
  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------------ helpers

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, body) {
      super(body?.error?.message || `HTTP ${status}`);
      this.status = status;
      this.details = body?.error?.details;
    }
  }

  async function api(path, params = {}) {
    const url = new URL(path, window.location.origin);
    for (const [key, value] of Object.entries(params)) {
      if (value === null || value === undefined || value === "") continue;
      for (const item of Array.isArray(value) ? value : [value]) {
        url.searchParams.append(key, item);
      }
    }
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, body);
    return body;
  }

  const enc = encodeURIComponent;
  const colour = (type) => state.classes.get(type)?.colour || "#333333";
  const typeName = (type) => {
    const cls = state.classes.get(type);
    return cls ? `${cls.name_zh} ${type}` : type;
  };
  const relationName = (type) => {
    const rel = state.relations.get(type);
    return rel ? `${rel.name_zh} ${type}` : type;
  };
  const remember = (entity) => { if (entity?.id) state.names.set(entity.id, entity.name); };
  const nameOf = (id) => state.names.get(id) || id;

  function setStatus(message, { error = false, suggestions = [] } = {}) {
    const status = $("status");
    status.className = error ? "error" : "";
    status.replaceChildren(message);
    if (suggestions.length) {
      status.append(" · 您是否要找 did you mean:");
      for (const s of suggestions) {
        status.append(el("button", { type: "button", onclick: () => openFocus(s.id) }, s.name));
      }
    }
  }

  function entityLink(entity, label) {
    remember(entity);
    return el("button", { type: "button", class: "link", dataset: { id: entity.id },
      onclick: () => showDetail(entity.id) }, label || entity.name);
  }

  // ------------------------------------------------------------------ set-up

  async function loadConfig() {
    state.config = await api("/explorer/config");
    for (const cls of state.config.classes) state.classes.set(cls.label, cls);
    for (const rel of state.config.relations) state.relations.set(rel.type, rel);

    const depth = $("depth");
    for (let d = 1; d <= state.config.max_depth; d += 1) {
      depth.append(el("option", { value: d }, String(d)));
    }
    const relations = $("relations");
    for (const rel of state.config.relations) {
      relations.append(el("label", {},
        el("input", { type: "checkbox", name: "relation", value: rel.type,
          checked: rel.walked_by_default, onchange: redraw }),
        ` ${rel.name_zh} `, el("small", {}, rel.type)));
    }
    $("legend").replaceChildren(...state.config.classes.map((cls) => el("li", {},
      el("span", { class: "swatch", style: `background:${cls.colour}` }),
      `${cls.name_zh} ${cls.label}`)));
  }

  function relationTypes() {
    const boxes = [...document.querySelectorAll("#relations input[name=relation]")];
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    const byDefault = boxes.filter((b) => state.relations.get(b.value)?.walked_by_default);
    const isDefault = chosen.length === byDefault.length
      && byDefault.every((b) => b.checked);
    return isDefault ? null : chosen;
  }

  function makeGraph() {
    state.cy = cytoscape({
      container: $("graph"),
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", label: "data(label)", width: 22, height: 22,
          "font-family": getComputedStyle(document.body).fontFamily, "font-size": 12,
          "text-valign": "bottom", "text-margin-y": 4, color: "#1d2228",
          "text-background-color": "#ffffff", "text-background-opacity": 0.8,
          "text-background-padding": 1, "text-wrap": "ellipsis", "text-max-width": 150,
          "border-width": 2, "border-color": "#ffffff" } },
        { selector: "node[?focus]", style: {
          width: 36, height: 36, "border-color": "#111111", "border-width": 3,
          "font-size": 14, "font-weight": "bold" } },
        { selector: "node:selected", style: { "border-color": "#ff2d55", "border-width": 4 } },
        { selector: "edge", style: {
          width: 1.5, "line-color": "#b7bec6", "target-arrow-color": "#b7bec6",
          "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.8 } },
        { selector: "edge[label]", style: {
          label: "data(label)", "font-size": 9, color: "#6b7580", "text-rotation": "autorotate",
          "text-background-color": "#ffffff", "text-background-opacity": 0.8 } },
        { selector: "edge:selected", style: { "line-color": "#ff2d55", width: 3 } },
      ],
    });
    state.cy.on("tap", "node", (event) => showDetail(event.target.id()));
    state.cy.on("dbltap", "node", (event) => openFocus(event.target.id()));
  }

  // ------------------------------------------------------------------ search

  let searchTimer = null;

  function hideResults() {
    $("results").hidden = true;
    $("search").setAttribute("aria-expanded", "false");
  }

  async function search(text) {
    const token = ++state.searchToken;
    const list = $("results");
    if (!text.trim()) { hideResults(); return; }
    let found;
    try {
      found = await api("/entities", { q: text.trim(), limit: 12 });
    } catch (error) {
      found = [];
      setStatus(error.message, { error: true });
    }
    if (token !== state.searchToken) return; // a newer search has started
    list.replaceChildren(...(found.length ? found.map((entity, i) => el("li", {},
      el("button", { type: "button", role: "option", "aria-selected": i === 0 ? "true" : "false",
        dataset: { id: entity.id }, onclick: () => pick(entity) },
      el("span", { class: "swatch", style: `background:${colour(entity.type)}` }),
      el("span", { class: "name" }, entity.name),
      el("span", { class: "en" }, [entity.name_en, typeName(entity.type)].filter(Boolean)
        .join(" · "))))) : [el("li", { class: "empty" }, `没有找到 “${text}” · nothing found`)]));
    list.hidden = false;
    $("search").setAttribute("aria-expanded", "true");
  }

  function pick(entity) {
    hideResults();
    $("search").value = entity.name;
    openFocus(entity.id);
  }

  function wireSearch() {
    const input = $("search");
    input.addEventListener("input", () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => search(input.value), SEARCH_DELAY_MS);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape") hideResults();
      if (event.key === "Enter") {
        event.preventDefault();
        const first = document.querySelector("#results button[data-id]");
        if (first && !$("results").hidden) first.click();
        else if (input.value.trim()) openFocus(input.value.trim());
      }
    });
    document.addEventListener("click", (event) => {
      if (!event.target.closest(".search")) hideResults();
    });
  }

  // ------------------------------------------------------------------ network

  async function openFocus(key) {
    state.focus = key;
    await drawNetwork();
  }

  function redraw() {
    if (state.focus) drawNetwork({ keepSelection: true });
  }

  async function drawNetwork({ keepSelection = false } = {}) {
    const token = ++state.drawToken;
    const graph = $("graph");
    graph.dataset.status = "loading";
    setStatus("加载中 loading…");
    const depth = Number($("depth").value || 1);
    const asOf = $("as-of").value;
    let network;
    try {
      network = await api("/network", { focus: state.focus, depth, types: relationTypes(),
        as_of: asOf });
    } catch (error) {
      if (token !== state.drawToken) return;
      graph.dataset.status = "error";
      setStatus(error.message, { error: true, suggestions: error.details?.suggestions || [] });
      return;
    }
    if (token !== state.drawToken) return;
    $("welcome").hidden = true;
    const focus = network.focus;
    state.focus = focus.id;
    remember(focus);
    network.nodes.forEach(remember);
    const params = new URLSearchParams({ focus: focus.id });
    if (depth > 1) params.set("depth", String(depth));
    if (asOf) params.set("as_of", asOf);
    history.replaceState(null, "", `/?${params}`);
    document.title = `${focus.name} · govkg explorer`;

    const withLabels = network.edges.length <= EDGE_LABELS_UP_TO;
    const cy = state.cy;
    cy.elements().remove();
    cy.add(network.nodes.map((n) => ({ group: "nodes", data: {
      id: n.id, label: n.name, type: n.type, colour: colour(n.type), distance: n.distance,
      focus: n.id === focus.id } })));
    cy.add(network.edges.map((e, i) => ({ group: "edges", data: {
      id: `e${i}`, source: e.source, target: e.target, type: e.type,
      label: withLabels ? (state.relations.get(e.type)?.name_zh || e.type) : undefined } })));
    const maxDistance = Math.max(0, ...network.nodes.map((n) => n.distance));
    const layout = cy.layout({
      name: "concentric", animate: false, fit: true, padding: 40, minNodeSpacing: 46,
      concentric: (node) => maxDistance - node.data("distance"), levelWidth: () => 1,
      avoidOverlap: true,
    });
    layout.one("layoutstop", () => {
      if (token !== state.drawToken) return;
      if (cy.zoom() > MAX_FIT_ZOOM) { // a few nodes: do not blow them up to fill the view
        cy.zoom(MAX_FIT_ZOOM);
        cy.center();
      }
      graph.dataset.nodes = String(cy.nodes().length);
      graph.dataset.edges = String(cy.edges().length);
      graph.dataset.status = "drawn";
    });
    layout.run();
    setStatus(`${focus.name}: ${network.nodes.length} 个节点 nodes · ${network.edges.length} `
      + `条关系 relations · 深度 depth ${depth}${asOf ? ` · 截至 as of ${asOf}` : ""}`);
    const kept = keepSelection && state.selected && cy.getElementById(state.selected).nonempty();
    await showDetail(kept ? state.selected : focus.id);
  }

  // ------------------------------------------------------------------ details

  function provenanceBlock(provenance) {
    if (!provenance?.quote) return null;
    const where = [provenance.source, provenance.section && `§${provenance.section}`,
      provenance.method].filter(Boolean).join(" · ");
    return el("blockquote", { class: "quote" }, `“${provenance.quote}”`,
      el("cite", {}, where));
  }

  function fieldList(entity) {
    const rows = Object.entries(entity).filter(([key, value]) => !DETAIL_SKIP.has(key)
      && value !== null && value !== "" && !(Array.isArray(value) && !value.length));
    if (entity.aliases?.length) rows.unshift(["aliases 别名", entity.aliases.join("、")]);
    if (!rows.length) return null;
    return el("dl", {}, rows.map(([key, value]) => [el("dt", {}, key),
      el("dd", {}, Array.isArray(value) ? value.join("、") : String(value))]));
  }

  function coverageItem(coverage, other, asked) {
    const parts = [coverage.role, coverage.since && `since ${coverage.since}`,
      coverage.until && `until ${coverage.until}`, coverage.batch && `batch ${coverage.batch}`];
    const via = coverage.inherited
      ? `inherited 经由 ${coverage.chain.map(nameOf).join(" → ")}`
      : (asked === "unit" ? "direct 直接" : "");
    return el("li", { class: "coverage", dataset: { id: other.id } },
      entityLink(other), other.name_en ? el("span", { class: "meta" }, ` ${other.name_en}`) : null,
      el("div", { class: "meta" }, [...parts, via].filter(Boolean).join(" · ")),
      provenanceBlock(coverage.provenance));
  }

  async function coverageSection(entity) {
    const asOf = $("as-of").value;
    const isUnit = state.config.unit_types.includes(entity.type);
    const isPilot = state.config.covering_types.includes(entity.type);
    if (!isUnit && !isPilot) return null;
    const path = isUnit ? `/units/${enc(entity.id)}/pilots` : `/pilots/${enc(entity.id)}/units`;
    const title = isUnit ? "覆盖此单位的试点 · pilots covering this unit"
      : "覆盖的单位 · units covered";
    const section = el("section", { id: "coverage" }, el("h3", {}, title));
    try {
      const answer = await api(path, { as_of: asOf });
      const results = answer.results;
      results.forEach((c) => { remember(c.pilot); remember(c.unit); });
      if (!results.length) {
        section.append(el("p", { class: "meta" }, isUnit
          ? `没有试点覆盖此单位${asOf ? `（截至 ${asOf}）` : ""} · no pilot covers this unit`
          : "no units recorded"));
      } else {
        section.append(el("ul", {}, results.map((c) => coverageItem(c,
          isUnit ? c.pilot : c.unit, isUnit ? "unit" : "pilot"))));
      }
    } catch (error) {
      section.append(el("p", { class: "meta" }, error.message));
    }
    return section;
  }

  function relationsSection(detail) {
    const shown = detail.relations.filter((r) => r.type !== "HAS_FIGURE");
    if (!shown.length) return null;
    return el("section", {}, el("h3", {}, `关系 relations (${shown.length})`),
      el("ul", {}, shown.map((r) => el("li", {},
        el("span", { class: "meta" }, `${r.direction === "out" ? "→" : "←"} `
          + `${relationName(r.type)} `), entityLink(r.other)))));
  }

  function figuresSection(detail) {
    if (!detail.figures.length) return null;
    return el("section", {}, el("h3", {}, `数据 figures (${detail.figures.length})`),
      el("ul", {}, detail.figures.map((f) => el("li", {},
        `${f.name}: ${f.qualifier || ""}${f.value ?? ""} ${f.unit || ""}`,
        provenanceBlock(f.provenance)))));
  }

  async function showDetail(id) {
    state.selected = id;
    const panel = $("detail");
    const cy = state.cy;
    cy.elements().unselect();
    cy.getElementById(id).select();
    let detail;
    try {
      detail = await api(`/entities/${enc(id)}`);
    } catch (error) {
      panel.replaceChildren(el("p", { class: "meta" }, error.message));
      return;
    }
    if (state.selected !== id) return;
    remember(detail);
    detail.relations.forEach((r) => remember(r.other));
    const coverage = await coverageSection(detail);
    if (state.selected !== id) return;
    panel.replaceChildren(...[
      el("h2", {}, detail.name),
      detail.name_en ? el("p", { class: "en" }, detail.name_en) : null,
      el("span", { class: "badge", style: `background:${colour(detail.type)}` },
        typeName(detail.type)),
      el("span", { class: "meta" }, `  ${detail.id}`),
      detail.id !== state.focus ? el("div", { class: "actions" },
        el("button", { type: "button", onclick: () => openFocus(detail.id) },
          "以此为中心 · centre the network here")) : null,
      fieldList(detail),
      provenanceBlock(detail.provenance),
      coverage,
      figuresSection(detail),
      relationsSection(detail),
    ].filter(Boolean));
    panel.dataset.id = id;
  }

  // ------------------------------------------------------------------ start

  async function start() {
    const examples = document.querySelector("#welcome .examples");
    for (const name of EXAMPLES) {
      examples.append(el("button", { type: "button", onclick: () => openFocus(name) }, name));
    }
    makeGraph();
    wireSearch();
    try {
      await loadConfig();
    } catch (error) {
      setStatus(`the API does not answer: ${error.message}`, { error: true });
      return;
    }
    $("depth").addEventListener("change", redraw);
    $("as-of").addEventListener("change", redraw);
    const params = new URLSearchParams(window.location.search);
    if (params.get("depth")) $("depth").value = params.get("depth");
    if (params.get("as_of")) $("as-of").value = params.get("as_of");
    document.body.dataset.ready = "true";
    if (params.get("focus")) await openFocus(params.get("focus"));
    else $("search").focus();
  }

  window.govkgExplorer = { state, openFocus, showDetail };
  document.addEventListener("DOMContentLoaded", start);
})();
