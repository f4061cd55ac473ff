// govkg explorer: search, the drawn neighbourhood, details (pilot coverage, a law's versions,
// articles and citations), filters, the list view and the Cypher box; the URL keeps the view.
// Plain JavaScript against the HTTP API; no build step, nothing loaded from the internet.
"use strict";

(() => {
  const govkg = window.govkg;
  const { el, api, enc, $, cleanQuote } = govkg;

  const EXAMPLES = ["复旦大学", "揭榜挂帅", "基础研究特区", "上海市", "中华人民共和国科学技术进步法"];
  const SEARCH_DELAY_MS = 180;
  const METHODS = ["curated", "extracted", "background", "cited", "inferred", "imported", "none"];
  const METHOD_NAMES = { curated: "人工整理 curated", extracted: "抽取 extracted",
    background: "背景 background", cited: "被引用 cited", inferred: "推断 inferred",
    imported: "导入 imported", none: "未注明 none" };
  const LAW_TYPES = new Set(["Law"]);
  const DETAIL_SKIP = new Set(["id", "type", "name", "name_en", "aliases", "provenance",
    "relations", "figures", "distance", "text"]);

  const state = {
    config: null,
    classes: new Map(),
    relations: new Map(),
    names: new Map(),
    focus: null,
    selected: null,
    expanded: [],
    graph: null,
    searchToken: 0,
    drawToken: 0,
    view: "network",
    source: "network", // or "cypher": what the canvas shows
  };

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
        status.append(el("button", { type: "button", onclick: () => openFocus(s.id) },
          `${s.name}${s.type ? ` (${typeName(s.type)})` : ""}`));
      }
    }
  }

  function entityLink(entity, label) {
    remember(entity);
    return el("button", { type: "button", class: "link", dataset: { id: entity.id },
      onclick: () => showDetail(entity.id) }, label || entity.name);
  }

  // ------------------------------------------------------------------ the URL

  function checkedValues(container, checked) {
    return [...document.querySelectorAll(`#${container} input`)]
      .filter((box) => box.checked === checked).map((box) => box.value);
  }

  /** Everything the view shows, in the address bar: a copied link opens the same view. */
  function saveState() {
    const params = new URLSearchParams();
    if (state.view === "list") {
      params.set("view", "list");
      for (const [facet, value] of Object.entries(state.catalogue.filters)) params.set(`f.${facet}`, value);
    }
    if (state.focus) params.set("focus", state.focus);
    const depth = $("depth").value;
    if (depth && depth !== "1") params.set("depth", depth);
    if ($("as-of").value) params.set("as_of", $("as-of").value);
    const types = relationTypes();
    if (types) params.set("types", types.join(","));
    const hiddenClasses = checkedValues("classes", false);
    if (hiddenClasses.length) params.set("hide", hiddenClasses.join(","));
    const hiddenMethods = checkedValues("methods", false);
    if (hiddenMethods.length) params.set("hide_methods", hiddenMethods.join(","));
    if ($("size-by").value !== "degree") params.set("size", $("size-by").value);
    if (state.expanded.length) params.set("expand", state.expanded.join(","));
    const pins = state.graph.pins();
    if (pins.length) params.set("pins", pins.map((p) => `${p.id}~${p.x}~${p.y}`).join(","));
    if (state.selected && state.selected !== state.focus) params.set("sel", state.selected);
    if (state.source === "cypher" && state.cypher.query) params.set("cypher", state.cypher.query);
    const text = params.toString();
    history.replaceState(null, "", text ? `/?${text}` : "/");
  }

  function readState() {
    const params = new URLSearchParams(window.location.search);
    const list = (key) => (params.get(key) || "").split(",").filter(Boolean);
    if (params.get("depth")) $("depth").value = params.get("depth");
    if (params.get("as_of")) $("as-of").value = params.get("as_of");
    if (params.get("types")) {
      const types = new Set(list("types"));
      document.querySelectorAll("#relations input").forEach((box) => { box.checked = types.has(box.value); });
    }
    const hide = new Set(list("hide"));
    document.querySelectorAll("#classes input").forEach((box) => { box.checked = !hide.has(box.value); });
    const hideMethods = new Set(list("hide_methods"));
    document.querySelectorAll("#methods input").forEach((box) => { box.checked = !hideMethods.has(box.value); });
    if (params.get("size")) $("size-by").value = params.get("size");
    const filters = {};
    for (const [facet] of govkg.FACETS) if (params.get(`f.${facet}`)) filters[facet] = params.get(`f.${facet}`);
    return {
      view: params.get("view") || "network",
      focus: params.get("focus"),
      expand: list("expand"),
      pins: list("pins").map((p) => p.split("~")).filter((p) => p.length === 3)
        .map(([id, x, y]) => ({ id, x: Number(x), y: Number(y) })),
      selected: params.get("sel"),
      cypher: params.get("cypher"),
      filters,
    };
  }

  // ------------------------------------------------------------------ set-up

  function checkbox(name, value, label, checked, onchange) {
    return el("label", {}, el("input", { type: "checkbox", name, value, checked, onchange }),
      " ", label);
  }

  async function loadConfig() {
    state.config = await api("/explorer/config");
    for (const cls of state.config.classes) state.classes.set(cls.label, cls);
    for (const rel of state.config.relations) state.relations.set(rel.type, rel);
    const depth = $("depth");
    for (let d = 1; d <= state.config.max_depth; d += 1) {
      depth.append(el("option", { value: d }, String(d)));
    }
    $("relations").replaceChildren(...state.config.relations.map((rel) => checkbox("relation",
      rel.type, [rel.name_zh, " ", el("small", {}, rel.type)], rel.walked_by_default, redraw)));
    $("classes").replaceChildren(...state.config.classes.map((cls) => checkbox("class",
      cls.label, [el("span", { class: "swatch", style: `background:${cls.colour}` }), " ",
        cls.name_zh, " ", el("small", {}, cls.label)], true, refilter)));
    $("methods").replaceChildren(...METHODS.map((method) => checkbox("method", method,
      [el("span", { class: `line line-${method}` }), " ", METHOD_NAMES[method]], true, refilter)));
  }

  function relationTypes() {
    const boxes = [...document.querySelectorAll("#relations input[name=relation]")];
    const chosen = boxes.filter((b) => b.checked).map((b) => b.value);
    const byDefault = boxes.filter((b) => state.relations.get(b.value)?.walked_by_default);
    const isDefault = chosen.length === byDefault.length && byDefault.every((b) => b.checked);
    return isDefault ? null : chosen;
  }

  function refilter() {
    state.graph.setHidden(checkedValues("classes", false), checkedValues("methods", false));
    legend();
    saveState();
  }

  /** The legend, under the drawing: the classes and methods drawn, with their counts. */
  function legend() {
    const { classes, methods } = state.graph.present();
    const size = $("size-by").selectedOptions[0]?.textContent || "";
    $("legend").replaceChildren(
      ...[...classes.entries()].sort((a, b) => b[1] - a[1]).map(([type, count]) => el("li",
        { dataset: { type } }, el("span", { class: "swatch", style: `background:${colour(type)}` }),
        `${typeName(type)} ${count}`)),
      ...[...methods.keys()].sort().map((method) => el("li", { class: "method" },
        el("span", { class: `line line-${method}` }), METHOD_NAMES[method] || method)),
      el("li", { class: "meta" }, `● 大小 size: ${size}`),
      el("li", { class: "meta" }, "双击展开 double-click expands · 拖动固定 drag pins"));
  }

  function makeGraph() {
    state.graph = new govkg.Graph($("graph"), {
      classes: state.classes,
      relations: state.relations,
      onTap: (id) => showDetail(id),
      onExpand: (id) => expand(id),
      onChange: () => saveState(),
    });
  }

  // ------------------------------------------------------------------ search

  let searchTimer = null;

  function hideResults() {
    $("results").hidden = true;
    $("search").setAttribute("aria-expanded", "false");
  }

  function resultItem(entity, i) {
    return el("li", {}, el("button", { type: "button", role: "option",
      "aria-selected": i === 0 ? "true" : "false", dataset: { id: entity.id },
      onclick: () => pick(entity) },
    el("span", { class: "swatch", style: `background:${colour(entity.type)}` }),
    el("span", { class: "name" }, entity.name),
    el("span", { class: "en" }, [entity.name_en, typeName(entity.type)].filter(Boolean).join(" · "))));
  }

  /** Close names when nothing contains the text: the same "did you mean" as Enter gives. */
  async function closeNames(text) {
    try {
      await api(`/entities/${enc(text)}`);
      return [];
    } catch (error) {
      return error.details?.suggestions || error.details?.candidates || [];
    }
  }

  async function search(text) {
    const token = ++state.searchToken;
    const list = $("results");
    if (!text.trim()) { hideResults(); return; }
    let found;
    try {
      found = (await api("/entities", { q: text.trim(), limit: 12 })).results;
    } catch (error) {
      found = [];
      setStatus(error.message, { error: true });
    }
    let close = [];
    if (!found.length) close = await closeNames(text.trim());
    if (token !== state.searchToken) return;
    if (found.length) list.replaceChildren(...found.map(resultItem));
    else if (close.length) {
      list.replaceChildren(el("li", { class: "empty" }, `没有包含 “${text}” 的名称 · did you mean:`),
        ...close.map(resultItem));
    } else list.replaceChildren(el("li", { class: "empty" }, `没有找到 “${text}” · nothing found`));
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

  // ------------------------------------------------------------------ views

  function showView(view) {
    state.view = view;
    $("view").hidden = view !== "network";
    $("list-view").hidden = view !== "list";
    document.querySelectorAll("#tabs button").forEach((b) => b.setAttribute("aria-selected",
      String(b.dataset.view === view)));
    if (view === "list") state.catalogue.show();
    else saveState();
  }

  // ------------------------------------------------------------------ network

  async function openFocus(key, { expand: toExpand = [], pins = [], selected = null } = {}) {
    state.focus = key;
    state.expanded = [];
    state.source = "network";
    if (state.view !== "network") showView("network");
    await drawNetwork({ pins, selected });
    for (const id of toExpand) await expand(id);
  }

  function redraw() {
    if (state.focus && state.source === "network") drawNetwork({ keepSelection: true });
    else saveState();
  }

  async function drawNetwork({ keepSelection = false, pins = [], selected = null } = {}) {
    const token = ++state.drawToken;
    const graph = $("graph");
    graph.dataset.status = "loading";
    setStatus("加载中 loading…");
    const depth = Number($("depth").value || 1);
    const asOf = $("as-of").value;
    let network;
    try {
      network = await api("/network", { focus: state.focus, depth, types: relationTypes(), as_of: asOf });
    } catch (error) {
      if (token !== state.drawToken) return;
      graph.dataset.status = "error";
      setStatus(error.message, { error: true,
        suggestions: error.details?.suggestions || error.details?.candidates || [] });
      return;
    }
    if (token !== state.drawToken) return;
    $("welcome").hidden = true;
    const focus = network.focus;
    state.focus = focus.id;
    remember(focus);
    network.nodes.forEach(remember);
    document.title = `${focus.name} · govkg explorer`;
    await state.graph.replace(network.nodes, network.edges, { focus: focus.id, pins });
    if (token !== state.drawToken) return;
    drawn(`${focus.name}: ${network.nodes.length} 个节点 nodes · ${network.edges.length} 条关系 `
      + `relations · 深度 depth ${depth}${asOf ? ` · 截至 as of ${asOf}` : ""}`);
    const kept = keepSelection && state.selected && state.graph.cy.getElementById(state.selected).nonempty();
    await showDetail(selected || (kept ? state.selected : focus.id));
  }

  function drawn(message) {
    const graph = $("graph");
    const cy = state.graph.cy;
    graph.dataset.nodes = String(cy.nodes().filter((n) => !n.isParent()).length);
    graph.dataset.edges = String(cy.edges("[!bundle]").length);
    graph.dataset.layoutMs = String(Math.round(state.graph.lastLayoutMs || 0));
    graph.dataset.status = "drawn";
    setStatus(message);
    legend();
    saveState();
  }

  /** Add the neighbours of a drawn node (one step, the current filters), nothing else moves. */
  async function expand(id) {
    const graph = $("graph");
    graph.dataset.status = "expanding";
    let network;
    try {
      network = await api("/network", { focus: id, depth: 1, types: relationTypes(),
        as_of: $("as-of").value });
    } catch (error) {
      graph.dataset.status = "drawn";
      setStatus(error.message, { error: true });
      return;
    }
    network.nodes.forEach(remember);
    const { added } = await state.graph.merge(network.nodes, network.edges, id);
    if (!state.expanded.includes(id)) state.expanded.push(id);
    graph.dataset.added = added.join(",");
    drawn(`${nameOf(id)} 展开 expanded: +${added.length} 个节点 nodes · `
      + `${graph.dataset.nodes} nodes in view`);
  }

  async function drawResult(nodes, edges, query) {
    state.source = "cypher";
    state.focus = null;
    state.expanded = [];
    $("welcome").hidden = true;
    nodes.forEach(remember);
    $("graph").dataset.status = "loading";
    await state.graph.replace(nodes, edges, { focus: null });
    drawn(`Cypher: ${nodes.length} 个节点 nodes · ${edges.length} 条关系 relations`);
    saveState();
    void query;
  }

  // ------------------------------------------------------------------ details

  function provenanceBlock(provenance) {
    if (!provenance?.quote) return null;
    const where = [provenance.source, provenance.section && `§${provenance.section}`,
      provenance.method].filter(Boolean).join(" · ");
    return el("blockquote", { class: "quote" }, `“${cleanQuote(provenance.quote)}”`,
      el("cite", {}, where));
  }

  function fieldList(entity) {
    const rows = Object.entries(entity).filter(([key, value]) => !DETAIL_SKIP.has(key)
      && value !== null && value !== "" && typeof value !== "object");
    if (entity.aliases?.length) rows.unshift(["aliases 别名", entity.aliases.join("、")]);
    if (entity.provenance?.note) rows.push(["note", entity.provenance.note]);
    if (!rows.length) return null;
    return el("dl", {}, rows.map(([key, value]) => [el("dt", {}, key), el("dd", {}, String(value))]));
  }

  function coverageItem(coverage, other, asked) {
    const parts = [coverage.role_label || coverage.role,
      coverage.as_written && `“${coverage.as_written}”`, coverage.since && `since ${coverage.since}`,
      coverage.until && `until ${coverage.until}`, coverage.batch && `batch ${coverage.batch}`,
      coverage.open_list && "名单未列尽 list not exhaustive (等)",
      coverage.caveat && `⚠ ${coverage.caveat}`];
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
    const title = isUnit ? "覆盖此单位的试点 · pilots covering this unit" : "覆盖的单位 · units covered";
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
    const list = el("ul", {}, shown.slice(0, 60).map((r) => el("li", {},
      el("span", { class: "meta" }, `${r.direction === "out" ? "→" : "←"} ${relationName(r.type)} `),
      entityLink(r.other))));
    return el("section", {}, el("h3", {}, `关系 relations (${shown.length})`), list,
      shown.length > 60 ? el("p", { class: "meta" }, `… ${shown.length - 60} more`) : null);
  }

  function figuresSection(detail) {
    if (!detail.figures.length) return null;
    return el("section", {}, el("h3", {}, `数据 figures (${detail.figures.length})`),
      el("ul", {}, detail.figures.map((f) => el("li", {}, `${f.name}: ${govkg.amount(f)}`,
        el("div", { class: "meta" }, [f.year, f.event && f.event.id !== detail.id && f.event.name,
          ...f.regions.map((r) => r.other.name + (r.stated ? "" : " (not stated)")),
          ...f.funders.map((r) => `funder ${r.other.name}` + (r.stated ? "" : " (not stated)"))]
          .filter(Boolean).join(" · ")),
        provenanceBlock(f.provenance)))));
  }

  function articleText(detail) {
    if (detail.type !== "Article" || !detail.text) return null;
    const version = detail.relations.find((r) => r.type === "HAS_ARTICLE" && r.direction === "in");
    return el("section", { id: "article" },
      el("blockquote", { class: "article-text" }, cleanQuote(detail.text),
        el("cite", {}, [detail.chapter, detail.name].filter(Boolean).join(" · "))),
      version ? el("p", { class: "meta" }, "见于 in ", entityLink(version.other)) : null);
  }

  async function showDetail(id) {
    state.selected = id;
    const panel = $("detail");
    const cy = state.graph.cy;
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
    let lawId = LAW_TYPES.has(detail.type) ? detail.id : null;
    if (detail.type === "LawVersion") {
      lawId = detail.relations.find((r) => r.type === "HAS_VERSION" && r.direction === "in")?.other.id;
    }
    const [coverage, law] = await Promise.all([coverageSection(detail),
      lawId ? govkg.lawSection(lawId, { showDetail }) : null]);
    if (state.selected !== id) return;
    const inView = cy.getElementById(detail.id).nonempty();
    panel.replaceChildren(...[
      el("h2", {}, detail.name),
      detail.name_en ? el("p", { class: "en" }, detail.name_en) : null,
      el("span", { class: "badge", style: `background:${colour(detail.type)}` }, typeName(detail.type)),
      el("span", { class: "meta" }, `  ${detail.id}`),
      el("div", { class: "actions" },
        detail.id !== state.focus ? el("button", { type: "button", onclick: () => openFocus(detail.id) },
          "以此为中心 · centre here") : null,
        inView ? el("button", { type: "button", id: "expand", onclick: () => expand(detail.id) },
          "展开 · expand") : null,
        inView && cy.getElementById(detail.id).data("pinned") ? el("button", { type: "button",
          onclick: () => { state.graph.unpin(detail.id); saveState(); showDetail(detail.id); } },
        "取消固定 · unpin") : null),
      detail.type === "Figure" ? el("p", { class: "amount" }, govkg.amount(detail)) : null,
      articleText(detail),
      fieldList(detail),
      provenanceBlock(detail.provenance),
      coverage,
      law,
      figuresSection(detail),
      relationsSection(detail),
    ].filter(Boolean));
    panel.dataset.id = id;
    saveState();
  }

  // ------------------------------------------------------------------ export

  function wireExport() {
    const name = () => `govkg-${state.focus || "query"}`;
    $("export-png").addEventListener("click", async () => {
      govkg.download(await state.graph.png(), `${name()}.png`);
    });
    $("export-svg").addEventListener("click", () => {
      try {
        govkg.download(state.graph.svg(), `${name()}.svg`);
      } catch (error) {
        setStatus(error.message, { error: true });
      }
    });
  }

  // ------------------------------------------------------------------ start

  async function start() {
    const examples = document.querySelector("#welcome .examples");
    for (const name of EXAMPLES) {
      examples.append(el("button", { type: "button", onclick: () => openFocus(name) }, name));
    }
    wireSearch();
    try {
      await loadConfig();
    } catch (error) {
      setStatus(`the API does not answer: ${error.message}`, { error: true });
      return;
    }
    makeGraph();
    wireExport();
    state.catalogue = new govkg.CatalogueView($("list-view"), { openFocus, saveState,
      classes: state.classes, colour });
    state.cypher = new govkg.CypherBox($("cypher"), $("cypher-result"), { drawResult, saveState });
    $("depth").addEventListener("change", redraw);
    $("as-of").addEventListener("change", redraw);
    $("size-by").addEventListener("change", () => {
      state.graph.setSizeBy($("size-by").value);
      legend();
      saveState();
    });
    document.querySelectorAll("#tabs button").forEach((b) => b.addEventListener("click",
      () => showView(b.dataset.view)));
    const saved = readState();
    state.graph.sizeBy = $("size-by").value;
    state.graph.hidden = { classes: new Set(checkedValues("classes", false)),
      methods: new Set(checkedValues("methods", false)) };
    state.catalogue.filters = saved.filters;
    document.body.dataset.ready = "true";
    if (saved.view === "list") showView("list");
    if (saved.cypher) {
      state.cypher.query = saved.cypher;
      $("cypher-box").open = true;
      await state.cypher.run();
    } else if (saved.focus) {
      await openFocus(saved.focus, { expand: saved.expand, pins: saved.pins, selected: saved.selected });
    } else if (saved.view !== "list") $("search").focus();
  }

  window.govkgExplorer = { state, openFocus, showDetail, expand, showView };
  document.addEventListener("DOMContentLoaded", start);
})();
