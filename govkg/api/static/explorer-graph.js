// govkg explorer: the drawn network. Cytoscape.js with the fCoSE layout (vendored): nodes
// and their labels kept apart, hubs' many neighbours of one class grouped in a compound box,
// labels that would collide hidden (the full name shows on hover), node size by a chosen
// centrality, edges styled by method, incremental expansion, pins, PNG and SVG export.
"use strict";

(() => {
  const govkg = (window.govkg = window.govkg || {});

  const GROUP_MIN = 6; // a hub's neighbours of one class through one relation, boxed together
  const LABEL_PX = 12; // label size on screen
  const LABEL_MAX_MODEL = 30; // …but labels never grow past this in the drawing's own units
  const EDGE_LABEL_PX = 9;
  const LABELLED_LAYOUT = 80; // up to this many nodes the layout keeps room for every label
  const MAX_FIT_ZOOM = 1.3; // a few nodes are not blown up to fill the view
  const SIZE_MIN = 16;
  const SIZE_SPREAD = 40;
  const METHOD_LINES = { curated: "solid", imported: "solid", extracted: "solid",
    background: "dotted", cited: "dashed", inferred: "dashed" };

  const PIXEL_RATIO = Math.max(2, window.devicePixelRatio || 1); // sharp labels zoomed out
  const EDGE_LABELS_FROM_ZOOM = 1; // edge labels show zoomed in, or on hover
  const LEADERS = 15; // the most central nodes' labels may cover other nodes' bodies
  const overlap = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  const edgeId = (e) => `${e.source}|${e.type}|${e.target}`;

  /** The text a node shows: its name; a figure's with its amount; an article's number. */
  function labelOf(node) {
    if (node.type === "Figure" && node.value !== undefined && node.value !== null) {
      return `${node.name}: ${govkg.amount(node)}`;
    }
    return node.name;
  }

  /**
   * Compound groups for hubs: among `candidates` (ids), the leaves (nodes whose only neighbour
   * is the hub) a hub reaches through one relation type that share one class, when there are
   * GROUP_MIN or more of them and they are not the focus. The hub's edges to the members are drawn as one edge to the group
   * (they stay in the graph, hidden as `bundled`). Returns the parent of each grouped node,
   * the group nodes and edges to add, and the ids of the bundled edges.
   */
  function groupsOf(nodes, edges, candidates, focus, classes, relations) {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const neighbours = new Map();
    for (const edge of edges) {
      for (const [a, b] of [[edge.source, edge.target], [edge.target, edge.source]]) {
        if (!neighbours.has(a)) neighbours.set(a, new Set());
        neighbours.get(a).add(b);
      }
    }
    const buckets = new Map();
    for (const edge of edges) {
      for (const [member, hub, out] of [[edge.target, edge.source, true],
        [edge.source, edge.target, false]]) {
        const node = byId.get(member);
        if (!node || !candidates.has(member) || member === focus || member === hub
          || neighbours.get(member).size !== 1) continue;
        const key = `${hub}|${edge.type}|${node.type}|${out}`;
        if (!buckets.has(key)) {
          buckets.set(key, { hub, out, type: edge.type, cls: node.type, members: new Map() });
        }
        buckets.get(key).members.set(member, edgeId(edge));
      }
    }
    const parents = new Map();
    const groups = [];
    const bundleEdges = [];
    const bundled = new Set();
    const ordered = [...buckets.values()].sort((a, b) => b.members.size - a.members.size);
    for (const bucket of ordered) {
      const members = [...bucket.members.keys()].filter((id) => !parents.has(id));
      if (members.length < GROUP_MIN) continue;
      const id = `group:${bucket.hub}:${bucket.type}:${bucket.cls}`;
      const cls = classes.get(bucket.cls);
      const rel = relations.get(bucket.type);
      groups.push({ id, hub: bucket.hub, members: members.length,
        label: `${cls ? `${cls.name_zh} ${bucket.cls}` : bucket.cls} ×${members.length}`,
        colour: cls?.colour || "#888888" });
      bundleEdges.push({ id: `${id}|bundle`, source: bucket.out ? bucket.hub : id,
        target: bucket.out ? id : bucket.hub, type: bucket.type,
        label: `${rel ? rel.name_zh : bucket.type} ×${members.length}` });
      for (const member of members) {
        parents.set(member, id);
        bundled.add(bucket.members.get(member));
      }
    }
    return { parents, groups, bundleEdges, bundled };
  }

  function stylesheet(fontFamily) {
    return [
      { selector: "node", style: {
        "background-color": "data(colour)", width: "data(size)", height: "data(size)",
        label: "data(label)", "font-family": fontFamily, "font-size": "data(font)",
        "text-valign": "bottom", "text-margin-y": 3, color: "#1d2228",
        // Chinese has no spaces: a long name wraps between any two characters, never clipped
        "text-wrap": "wrap", "text-max-width": "data(wrap)", "text-overflow-wrap": "anywhere",
        "text-background-color": "#ffffff", "text-background-opacity": 0.85,
        "text-background-padding": 1, "text-background-shape": "round-rectangle",
        "border-width": 2, "border-color": "#ffffff", "min-zoomed-font-size": 0 } },
      { selector: "node[?focus]", style: {
        "border-color": "#111111", "border-width": 4 } },
      { selector: "node.pinned", style: { "border-color": "#7a4cc2", "border-style": "double",
        "border-width": 5 } },
      { selector: ":parent", style: {
        "background-color": "data(colour)", "background-opacity": 0.07, shape: "round-rectangle",
        "border-width": 1, "border-style": "dashed", "border-color": "data(colour)",
        "text-valign": "top", "text-halign": "center", "text-margin-y": -2, padding: 10,
        color: "#3b4550", "font-weight": "bold" } },
      { selector: "node.nolabel", style: { label: "" } },
      { selector: "node:selected", style: { "border-color": "#ff2d55", "border-width": 4 } },
      { selector: "node.hover", style: {
        label: "data(label)", "z-index": 999, "text-background-opacity": 1,
        "text-max-width": 320 } },
      { selector: "edge", style: {
        width: 1.3, "line-color": "#aeb6bf", "target-arrow-color": "#aeb6bf",
        "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.7,
        "line-style": (edge) => METHOD_LINES[edge.data("method")] || "solid",
        label: "", "font-family": fontFamily, "font-size": "data(font)", color: "#4f5963",
        "text-rotation": (edge) => {
          const a = edge.source().position();
          const b = edge.target().position();
          const angle = Math.abs(Math.atan2(b.y - a.y, b.x - a.x) * 180 / Math.PI);
          return angle > 55 && angle < 125 ? 0 : "autorotate"; // steep: read it level
        },
        "text-background-color": "#ffffff", "text-background-opacity": 0.9,
        "text-background-padding": 1 } },
      { selector: "edge.near, edge.hover, edge[?bundle]", style: { label: "data(label)" } },
      { selector: "node.leader", style: { "z-index": 20 } },
      { selector: "edge.hover", style: { "line-color": "#59636e",
        "target-arrow-color": "#59636e", width: 2.2, "z-index": 998 } },
      { selector: "edge:selected", style: { "line-color": "#ff2d55", width: 3 } },
      { selector: "edge[?bundle]", style: { width: 3, "line-color": "#8d97a1",
        "target-arrow-color": "#8d97a1", "font-weight": "bold" } },
      { selector: ".filtered, .bundled", style: { display: "none" } },
    ];
  }

  class Graph {
    /**
     * @param container the element Cytoscape draws in
     * @param options classes (Map label → {name_zh, colour}), relations (Map type → {name_zh}),
     *   onTap(id), onExpand(id), onChange() (pins or view changed)
     */
    constructor(container, options) {
      this.options = options;
      this.sizeBy = "degree";
      this.hidden = { classes: new Set(), methods: new Set() };
      this.focus = null;
      this.labelScale = 1;
      const font = getComputedStyle(document.body).fontFamily;
      this.cy = cytoscape({ container, minZoom: 0.05, maxZoom: 4, wheelSensitivity: 0.4,
        pixelRatio: PIXEL_RATIO,
        style: stylesheet(font) });
      window.cy = this.cy;
      const cy = this.cy;
      this.autoFit = false; // the view follows the container until the user pans or zooms
      new ResizeObserver(() => {
        cy.resize();
        if (this.autoFit && cy.nodes().length) {
          this.fitView();
          this.relabel();
        }
      }).observe(container);
      for (const type of ["wheel", "mousedown", "touchstart"]) {
        container.addEventListener(type, () => { this.autoFit = false; }, { passive: true });
      }
      cy.on("tap", "node", (event) => {
        if (!event.target.isParent()) options.onTap(event.target.id());
      });
      cy.on("dbltap", "node", (event) => {
        if (!event.target.isParent()) options.onExpand(event.target.id());
      });
      cy.on("mouseover", "node", (event) => {
        event.target.addClass("hover");
        event.target.connectedEdges().addClass("hover");
      });
      cy.on("mouseout", "node", (event) => {
        event.target.removeClass("hover");
        event.target.connectedEdges().removeClass("hover");
      });
      cy.on("mouseover", "edge", (event) => event.target.addClass("hover"));
      cy.on("mouseout", "edge", (event) => event.target.removeClass("hover"));
      cy.on("dragfree", "node", (event) => {
        const node = event.target;
        if (node.isParent()) return;
        node.data("pinned", true).addClass("pinned");
        options.onChange();
      });
      let zoomTimer = null;
      cy.on("zoom", () => {
        clearTimeout(zoomTimer);
        zoomTimer = setTimeout(() => this.relabel(), 120);
      });
    }

    // ---------------------------------------------------------------- building

    nodeData(node, parent) {
      return { id: node.id, name: node.name, label: labelOf(node), type: node.type,
        colour: this.options.classes.get(node.type)?.colour || "#333333",
        method: node.provenance?.method || "none", distance: node.distance ?? 0,
        focus: node.id === this.focus, size: 24, font: LABEL_PX, wrap: 110,
        parent: parent || undefined };
    }

    edgeData(edge) {
      const rel = this.options.relations.get(edge.type);
      return { id: edgeId(edge), source: edge.source, target: edge.target, type: edge.type,
        label: rel ? rel.name_zh : edge.type, method: edge.provenance?.method || "none",
        font: EDGE_LABEL_PX };
    }

    elementsOf(nodes, edges, grouping) {
      const { parents, groups, bundleEdges, bundled } = grouping;
      return [
        ...groups.map((g) => ({ group: "nodes", data: { id: g.id, label: g.label, name: g.label,
          type: "group", colour: g.colour, group: true, members: g.members, hub: g.hub,
          size: 24, font: LABEL_PX, wrap: 260 } })),
        ...nodes.map((n) => ({ group: "nodes", data: this.nodeData(n, parents.get(n.id)) })),
        ...edges.map((e) => ({ group: "edges", data: this.edgeData(e),
          classes: bundled.has(edgeId(e)) ? "bundled" : "" })),
        ...bundleEdges.map((e) => ({ group: "edges", data: { ...e, bundle: true, method: "none",
          font: EDGE_LABEL_PX } })),
      ];
    }

    grouping(nodes, edges, candidates) {
      return groupsOf(nodes, edges, candidates, this.focus, this.options.classes,
        this.options.relations);
    }

    /** Draw a new network (nodes and edges of GET /network or of a Cypher result). */
    async replace(nodes, edges, { focus = null, pins = [] } = {}) {
      const cy = this.cy;
      this.focus = focus;
      const ids = new Set(nodes.map((n) => n.id));
      const kept = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      cy.elements().remove();
      cy.add(this.elementsOf(nodes, kept, this.grouping(nodes, kept, ids)));
      this.applyFilters();
      this.resize();
      const fixed = [];
      for (const pin of pins) {
        const node = cy.getElementById(pin.id);
        if (node.nonempty() && !node.isParent()) {
          node.data("pinned", true).addClass("pinned");
          fixed.push({ nodeId: pin.id, position: { x: pin.x, y: pin.y } });
        }
      }
      this.estimateLabels(cy.nodes().length);
      await this.layout({ fixed, incremental: false });
      this.autoFit = true;
      this.fitView();
      this.relabel();
    }

    /** Add the neighbours of `around` that are not drawn yet; the rest stays where it is. */
    async merge(nodes, edges, around) {
      const cy = this.cy;
      const fresh = nodes.filter((n) => cy.getElementById(n.id).empty());
      const freshIds = new Set(fresh.map((n) => n.id));
      const all = new Set([...cy.nodes().map((n) => n.id()), ...freshIds]);
      const newEdges = edges.filter((e) => all.has(e.source) && all.has(e.target)
        && cy.getElementById(edgeId(e)).empty());
      if (!fresh.length && !newEdges.length) return { added: [], edges: 0 };
      const grouping = this.grouping(nodes, newEdges, freshIds);
      grouping.groups = grouping.groups.filter((g) => cy.getElementById(g.id).empty());
      grouping.bundleEdges = grouping.bundleEdges.filter((e) => cy.getElementById(e.id).empty());
      const before = cy.nodes().filter((n) => !n.isParent());
      const fixed = before.map((n) => ({ nodeId: n.id(), position: { ...n.position() } }));
      const centre = cy.getElementById(around).position();
      const added = cy.add(this.elementsOf(fresh, newEdges, grouping));
      added.nodes().filter((n) => !n.isParent()).forEach((node, i, list) => {
        const angle = (2 * Math.PI * i) / list.length;
        const radius = 70 + 4 * list.length;
        node.position({ x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) });
      });
      this.applyFilters();
      this.resize();
      await this.layout({ fixed, incremental: true });
      // fCoSE keeps fixed nodes where they are relative to each other, but may move the
      // whole drawing: shift it back so that nothing already drawn moves on screen
      const moved = fixed.map((f) => {
        const p = cy.getElementById(f.nodeId).position();
        return { x: p.x - f.position.x, y: p.y - f.position.y };
      });
      const dx = moved.reduce((sum, m) => sum + m.x, 0) / Math.max(1, moved.length);
      const dy = moved.reduce((sum, m) => sum + m.y, 0) / Math.max(1, moved.length);
      const was = new Map(fixed.map((f) => [f.nodeId, f.position]));
      cy.batch(() => cy.nodes().filter((n) => !n.isParent()).positions((n) => was.get(n.id())
        || { x: n.position("x") - dx, y: n.position("y") - dy }));
      this.relabel();
      return { added: fresh.map((n) => n.id), edges: newEdges.length };
    }

    // ---------------------------------------------------------------- layout

    layout({ fixed, incremental }) {
      const cy = this.cy;
      const visible = cy.elements(":visible");
      const started = performance.now();
      const constraints = fixed.filter((f) => cy.getElementById(f.nodeId).visible());
      const layout = visible.layout({
        name: "fcose", quality: "default", randomize: !incremental, animate: false,
        fit: false, nodeDimensionsIncludeLabels: this.cy.nodes().length <= LABELLED_LAYOUT,
        uniformNodeDimensions: false, packComponents: true, tile: true, nodeSeparation: 40,
        idealEdgeLength: 55, edgeElasticity: 0.45, nestingFactor: 0.1, nodeRepulsion: 4500,
        numIter: 2500, gravity: 0.4, gravityRangeCompound: 1.5, tilingPaddingVertical: 6,
        tilingPaddingHorizontal: 6,
        fixedNodeConstraint: constraints.length ? constraints : undefined,
      });
      return new Promise((resolve) => {
        layout.one("layoutstop", () => {
          this.lastLayoutMs = performance.now() - started;
          resolve();
        });
        layout.run();
      });
    }

    fitView() {
      const cy = this.cy;
      cy.resize();
      cy.fit(cy.elements(":visible"), 30);
      if (cy.zoom() > MAX_FIT_ZOOM) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center();
      }
    }

    // ---------------------------------------------------------------- labels

    /** Before a layout: labels sized for the zoom the fitted drawing will likely have, so
     * that the layout keeps room for them. */
    estimateLabels(count) {
      const area = this.cy.width() * this.cy.height();
      const zoom = Math.min(1, Math.sqrt(area / Math.max(1, count * 14_000)));
      this.setLabelScale(zoom);
    }

    setLabelScale(zoom) {
      const font = Math.min(LABEL_MAX_MODEL, Math.max(LABEL_PX, LABEL_PX / zoom));
      this.labelScale = font / LABEL_PX;
      this.cy.batch(() => {
        this.cy.nodes().forEach((n) => n.data({ font, wrap: (n.data("group") ? 22 : 10) * font + 4 }));
        this.cy.edges("[?bundle]").data("font", EDGE_LABEL_PX * this.labelScale);
      });
    }

    /** Labels sized for the current zoom, then every label that would cover another label
     * or another node is hidden (most central first, the focus and groups before all). */
    relabel() {
      const cy = this.cy;
      this.setLabelScale(cy.zoom());
      cy.batch(() => {
        cy.nodes().removeClass("nolabel leader");
        cy.edges().toggleClass("near", cy.zoom() >= EDGE_LABELS_FROM_ZOOM);
      });
      const shown = cy.nodes(":visible");
      const rank = (n) => (n.data("focus") ? 3e9 : 0) + (n.isParent() ? 2e9 : 0)
        + (n.isChild() ? 0 : 1e9) + n.data("size") * 1e3 + n.degree(false);
      const order = shown.sort((a, b) => rank(b) - rank(a));
      const bodies = shown.filter((n) => !n.isParent()).map((n) => ({ id: n.id(),
        box: n.boundingBox({ includeLabels: false, includeOverlays: false }) }));
      const placed = [];
      const hide = [];
      const boxOpts = { includeNodes: false, includeEdges: false, includeLabels: true,
        includeMainLabels: true, includeSourceLabels: false, includeTargetLabels: false,
        includeOverlays: false };
      order.forEach((node, i) => {
        if (!node.data("label")) return;
        const box = node.boundingBox(boxOpts);
        if (!(box.w > 0 && box.h > 0)) return;
        const clash = placed.some((other) => overlap(other, box))
          || (i >= LEADERS && bodies.some((b) => b.id !== node.id() && overlap(b.box, box)));
        if (clash) hide.push(node);
        else placed.push(box);
        if (i < LEADERS) node.addClass("leader");
      });
      cy.batch(() => hide.forEach((n) => n.addClass("nolabel")));
      this.hiddenLabels = hide.length;
    }

    // ---------------------------------------------------------------- size, filters

    setSizeBy(measure) {
      this.sizeBy = measure;
      this.resize();
      this.relabel();
    }

    resize() {
      const cy = this.cy;
      const simple = cy.nodes(":visible").filter((n) => !n.isParent());
      const eles = simple.union(simple.edgesWith(simple));
      let score = () => 0;
      if (this.sizeBy === "degree" && simple.length) {
        const dc = eles.degreeCentralityNormalized({ directed: false });
        score = (n) => dc.degree(n);
      } else if (this.sizeBy === "betweenness" && simple.length) {
        const bc = eles.betweennessCentrality({ directed: false });
        score = (n) => bc.betweennessNormalized(n);
      } else if (this.sizeBy === "pagerank" && simple.length) {
        const pr = eles.pageRank();
        score = (n) => pr.rank(n);
      }
      const values = new Map(simple.map((n) => [n.id(), score(n) || 0]));
      const top = Math.max(1e-9, ...values.values());
      cy.batch(() => simple.forEach((n) => {
        const value = values.get(n.id()) / top;
        n.data("size", this.sizeBy === "none" ? 24 : SIZE_MIN + SIZE_SPREAD * Math.sqrt(value));
        n.data("centrality", values.get(n.id()));
      }));
    }

    /** Hide nodes of the unchecked classes and elements of the unchecked methods. */
    setHidden(classes, methods) {
      this.hidden = { classes: new Set(classes), methods: new Set(methods) };
      this.applyFilters();
      this.resize();
      this.relabel();
    }

    applyFilters() {
      const { classes, methods } = this.hidden;
      this.cy.batch(() => {
        this.cy.nodes().filter((n) => !n.isParent()).forEach((n) => {
          n.toggleClass("filtered", classes.has(n.data("type")) || methods.has(n.data("method")));
        });
        this.cy.edges("[!bundle]").forEach((e) => e.toggleClass("filtered",
          methods.has(e.data("method"))));
        this.cy.nodes().filter((n) => n.isParent()).forEach((p) => {
          p.toggleClass("filtered", p.children().not(".filtered").empty());
        });
      });
    }

    // ---------------------------------------------------------------- state, export

    pins() {
      return this.cy.nodes("[?pinned]").map((n) => ({ id: n.id(),
        x: Math.round(n.position("x")), y: Math.round(n.position("y")) }));
    }

    unpin(id) {
      this.cy.getElementById(id).data("pinned", false).removeClass("pinned");
    }

    present() {
      const count = (eles, key) => eles.reduce((m, e) => m.set(e.data(key),
        (m.get(e.data(key)) || 0) + 1), new Map());
      const simple = this.cy.nodes().filter((n) => !n.isParent());
      return { classes: count(simple, "type"),
        methods: count(simple.union(this.cy.edges("[!bundle]")), "method") };
    }

    png() {
      return this.cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff", maxWidth: 6000,
        maxHeight: 6000 });
    }

    svg() {
      return new Blob([govkg.toSvg(this.cy, "#ffffff")], { type: "image/svg+xml" });
    }
  }

  govkg.Graph = Graph;
  govkg.graphHelpers = { groupsOf, labelOf, overlap, GROUP_MIN };
})();
