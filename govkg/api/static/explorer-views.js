// govkg explorer: the views beside the network. The faceted list of policies and laws
// (GET /catalogue), the Cypher box (POST /cypher: table, graph, CSV) and the law panel
// (versions, articles with their text, what the law rests on and what cites it).
"use strict";

(() => {
  const govkg = (window.govkg = window.govkg || {});
  const { el, api, enc, cleanQuote } = govkg;

  const FACETS = [
    ["type", "类型 type"], ["level", "效力级别 level"], ["region", "地区 region"],
    ["year", "年份 year"], ["instrument", "工具 instrument"], ["role", "角色 role"],
  ];
  const FACET_SHOWN = 12; // values shown before "more"

  // -------------------------------------------------------------------- list view

  class CatalogueView {
    /** @param app {openFocus(id), saveState(), classes} */
    constructor(root, app) {
      this.root = root;
      this.app = app;
      this.filters = {};
      this.token = 0;
    }

    async show(filters = this.filters) {
      const token = ++this.token;
      this.filters = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
      this.root.dataset.status = "loading";
      let answer;
      try {
        answer = await api("/catalogue", { ...this.filters, limit: 500 });
      } catch (error) {
        this.root.replaceChildren(el("p", { class: "error" }, error.message));
        this.root.dataset.status = "error";
        return;
      }
      if (token !== this.token) return;
      this.answer = answer;
      this.root.replaceChildren(this.facetsPanel(answer), this.resultsPanel(answer));
      this.root.dataset.status = "ready";
      this.root.dataset.total = String(answer.total);
      this.app.saveState();
    }

    toggle(facet, value) {
      const next = { ...this.filters };
      if (next[facet] === value) delete next[facet];
      else next[facet] = value;
      this.show(next);
    }

    facetsPanel(answer) {
      const className = (label) => {
        const cls = this.app.classes.get(label);
        return cls ? `${cls.name_zh} ${label}` : label;
      };
      return el("nav", { class: "facets", "aria-label": "facets" }, FACETS.map(([facet, title]) => {
        const values = answer.facets[facet] || [];
        const list = el("ul", {}, values.map((v, i) => el("li", { hidden: i >= FACET_SHOWN
          && this.filters[facet] !== v.value },
        el("button", { type: "button", class: this.filters[facet] === v.value ? "chosen" : "",
          dataset: { value: v.value }, "aria-pressed": String(this.filters[facet] === v.value),
          onclick: () => this.toggle(facet, v.value) },
        el("span", { class: "label" }, facet === "type" ? className(v.label) : v.label),
        el("span", { class: "count" }, String(v.count))))));
        const more = values.length > FACET_SHOWN ? el("button", { type: "button", class: "more",
          onclick: (event) => {
            list.querySelectorAll("li[hidden]").forEach((li) => { li.hidden = false; });
            event.target.remove();
          } }, `+${values.length - FACET_SHOWN} more`) : null;
        return el("section", { dataset: { facet } }, el("h3", {}, title), list, more);
      }));
    }

    resultsPanel(answer) {
      const chosen = Object.entries(this.filters);
      return el("section", { class: "documents" },
        el("p", { class: "summary" }, `${answer.total} 件 documents`,
          chosen.length ? [" · ", chosen.map(([facet, value]) => el("button", { type: "button",
            class: "chip", onclick: () => this.toggle(facet, value) }, `${facet}: ${
            this.labelOf(facet, value)} ✕`))] : null),
        el("ol", {}, answer.results.map((item) => {
          const doc = item.document;
          const meta = [item.level, item.regions.map((r) => r.name).join("、"),
            item.years.join(", "),
            item.instruments.length ? `${item.instruments.length} 工具 instruments` : "",
            item.roles.length ? `${item.roles.length} 角色 roles` : "",
            doc.provenance?.method === "cited" ? "仅被引用 cited only" : ""].filter(Boolean);
          return el("li", { dataset: { id: doc.id } },
            el("span", { class: "swatch", style: `background:${this.app.colour(doc.type)}` }),
            el("button", { type: "button", class: "link", onclick: () => this.app.openFocus(doc.id) },
              doc.name),
            doc.name_en ? el("span", { class: "en" }, ` ${doc.name_en}`) : null,
            el("div", { class: "meta" }, meta.join(" · ")));
        })));
    }

    labelOf(facet, value) {
      const found = (this.answer?.facets[facet] || []).find((v) => v.value === value);
      return found ? found.label : value;
    }
  }

  // -------------------------------------------------------------------- Cypher box

  /** Graph values of a Cypher answer: nodes (with a govkg id) and relations between them. */
  function graphOf(answer) {
    const nodes = new Map();
    const rels = new Map();
    const visit = (value) => {
      if (Array.isArray(value)) { value.forEach(visit); return; }
      if (!value || typeof value !== "object") return;
      if (Array.isArray(value.labels) && value.properties) {
        nodes.set(value.element_id, value);
      } else if (value.type && value.start !== undefined && value.end !== undefined) {
        rels.set(value.element_id, value);
      } else if (value.nodes && value.relationships) {
        visit(value.nodes);
        visit(value.relationships);
      } else {
        Object.values(value).forEach(visit);
      }
    };
    answer.rows.forEach(visit);
    const idOf = new Map([...nodes.values()].map((n) => [n.element_id, n.id || n.element_id]));
    const graphNodes = [...nodes.values()].map((n) => ({
      id: n.id || n.element_id, type: n.labels.find((l) => l !== "Entity") || n.labels[0],
      name: n.properties.name || n.id || n.element_id, ...n.properties,
      provenance: { method: n.properties.method } }));
    const graphEdges = [...rels.values()].filter((r) => idOf.has(r.start) && idOf.has(r.end))
      .map((r) => ({ source: idOf.get(r.start), target: idOf.get(r.end), type: r.type,
        provenance: { method: r.properties.method } }));
    return { nodes: graphNodes, edges: graphEdges };
  }

  function cell(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.map(cell).join(", ");
    if (typeof value === "object") {
      if (value.labels && value.properties) return `(${value.properties.name || value.id})`;
      if (value.type && value.start !== undefined) return `[:${value.type}]`;
      if (value.nodes) return `path of ${value.nodes.length}`;
      return JSON.stringify(value);
    }
    return String(value);
  }

  class CypherBox {
    /** @param app {drawResult(nodes, edges, title), saveState()} */
    constructor(form, output, app) {
      this.form = form;
      this.output = output;
      this.app = app;
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.run();
      });
    }

    get query() { return this.form.querySelector("textarea").value.trim(); }

    set query(text) { this.form.querySelector("textarea").value = text; }

    async run() {
      const query = this.query;
      if (!query) return;
      this.output.hidden = false;
      this.output.dataset.status = "running";
      this.output.replaceChildren(el("p", { class: "meta" }, "运行中 running…"));
      let answer;
      try {
        answer = await api("/cypher", {}, { query, params: {} });
      } catch (error) {
        this.output.dataset.status = "error";
        this.output.replaceChildren(el("p", { class: "error", role: "alert" },
          error.code === "read_only" ? `只读 read-only: ${error.message}` : error.message));
        return;
      }
      this.answer = answer;
      const { nodes, edges } = graphOf(answer);
      const csv = () => govkg.download(new Blob([govkg.toCsv(answer.columns,
        answer.rows.map((row) => row.map(cell)))], { type: "text/csv" }), "govkg-query.csv");
      this.output.replaceChildren(
        el("div", { class: "cypher-bar" },
          el("span", {}, `${answer.row_count} 行 rows${answer.truncated ? ` (cut at ${answer.row_cap})` : ""}`
            + (nodes.length ? ` · ${nodes.length} 节点 nodes drawn` : "")),
          el("button", { type: "button", id: "cypher-csv", onclick: csv }, "CSV ⤓"),
          el("button", { type: "button", onclick: () => { this.output.hidden = true; } }, "✕")),
        el("div", { class: "table-wrap" }, el("table", { id: "cypher-table" },
          el("thead", {}, el("tr", {}, answer.columns.map((c) => el("th", {}, c)))),
          el("tbody", {}, answer.rows.map((row) => el("tr", {},
            row.map((value) => el("td", {}, cell(value)))))))));
      this.output.dataset.status = "done";
      this.app.saveState();
      if (nodes.length) await this.app.drawResult(nodes, edges, query);
    }
  }

  // -------------------------------------------------------------------- law panel

  function articleItem(article, note) {
    const text = el("blockquote", { class: "article-text", hidden: true }, cleanQuote(article.text),
      el("cite", {}, [article.chapter, article.name].filter(Boolean).join(" · ")));
    return el("li", { class: "article", dataset: { id: article.id } },
      el("button", { type: "button", class: "link", "aria-expanded": "false", onclick: (event) => {
        text.hidden = !text.hidden;
        event.currentTarget.setAttribute("aria-expanded", String(!text.hidden));
      } }, article.name), note ? el("span", { class: "meta" }, ` ${note}`) : null, text);
  }

  async function articlesOf(lawId, versionId, target) {
    target.replaceChildren(el("p", { class: "meta" }, "加载中 loading…"));
    try {
      const answer = await api(`/laws/${enc(lawId)}/articles`, { version: versionId });
      target.replaceChildren(el("p", { class: "meta" },
        `${answer.version.version.name}: ${answer.articles.length} 条 articles`),
      el("ol", { class: "articles" }, answer.articles.map((a) => articleItem(a))));
      target.dataset.version = versionId;
    } catch (error) {
      target.replaceChildren(el("p", { class: "meta" }, error.message));
    }
  }

  function linkList(answer, direction, app) {
    if (!answer.links.length) return el("p", { class: "meta" }, "无 none");
    return el("ul", { class: "law-links" }, answer.links.map((link) => {
      const other = direction === "basis" ? link.cited : link.citing_law;
      const where = direction === "basis" ? "" : `${link.citing_version.name} `;
      return el("li", {}, el("span", { class: "meta" }, `${link.kind} `),
        el("button", { type: "button", class: "link", onclick: () => app.showDetail(other.id) },
          other.name),
        el("ul", {}, articleItem({ ...link.article, text: link.article.text || link.provenance?.quote },
          `${where}${link.as_written ? `“${link.as_written}”` : ""}`)));
    }));
  }

  /** The law panel: versions (click one for its articles), basis and cited-by. */
  async function lawSection(lawId, app) {
    const section = el("section", { id: "law" });
    let versions;
    let basis;
    let citedBy;
    try {
      [versions, basis, citedBy] = await Promise.all([
        api(`/laws/${enc(lawId)}/versions`), api(`/laws/${enc(lawId)}/basis`),
        api(`/laws/${enc(lawId)}/cited-by`)]);
    } catch (error) {
      section.append(el("p", { class: "meta" }, error.message));
      return section;
    }
    const articles = el("div", { id: "law-articles" });
    const versionItems = versions.versions.map((v, i) => el("li", { dataset: { id: v.version.id } },
      el("button", { type: "button", class: "link", onclick: () => {
        section.querySelectorAll("#law-versions li").forEach((li) => li.classList.remove("chosen"));
        section.querySelector(`#law-versions li[data-id="${CSS.escape(v.version.id)}"]`)
          .classList.add("chosen");
        articlesOf(lawId, v.version.id, articles);
      } }, v.version.name),
      el("div", { class: "meta" }, `${v.in_force_from ? `施行 in force ${v.in_force_from}` : ""}${
        v.in_force_until ? ` – ${v.in_force_until}` : (i === versions.versions.length - 1 ? " – " : "")}`),
      el("div", { class: "meta" }, v.events.map((e) => `${e.date} ${e.kind}${e.body ? ` ${e.body.name}` : ""}`)
        .join("；"))));
    section.append(
      el("h3", {}, `版本 versions (${versions.versions.length})`),
      versions.versions.length ? el("ol", { id: "law-versions" }, versionItems)
        : el("p", { class: "meta" }, "仅被引用，没有文本 cited only: no text in the corpus"),
      articles,
      el("h3", {}, `立法依据 rests on (${basis.links.length})`), linkList(basis, "basis", app),
      el("h3", {}, `被引用 cited by (${citedBy.links.length})`), el("div", { id: "law-cited-by" },
        linkList(citedBy, "cited_by", app)));
    if (versions.versions.length) {
      const last = versions.versions[versions.versions.length - 1];
      versionItems[versionItems.length - 1].classList.add("chosen");
      await articlesOf(lawId, last.version.id, articles);
    }
    return section;
  }

  Object.assign(govkg, { CatalogueView, CypherBox, lawSection, graphOf, FACETS });
})();
