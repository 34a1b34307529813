/* The site's own script (Material's stays unforked). Loaded by overrides/main.html at the end
   of the page, before Material's bundle; no set-up work at load beyond a few listeners.

   1. Tips. A glossary term (<abbr title>) or a citation (a.cite, linked to its entry in the
      page's "Sources for this page" list) in the article shows its definition or reference in
      one shared tip element (role="tooltip", made on first use) when the reader points at
      it, moves to it with the keyboard or taps it. A citation's tip is its entry's text
      without the web addresses and our note (overrides/hooks/citations.py), so each
      reference is in the page once. A tap on a term or citation
      that is a link shows the tip first; a second tap on it follows the link. Escape, or a
      tap elsewhere, closes it. While shown, the title moves into the tip (no second, native
      tooltip) and the focused element is described by it (aria-describedby), so a screen
      reader reads the definition after the term; closing puts the title back. The tip is
      position: fixed, so a table's scrolling wrapper cannot clip it.
   2. Search on demand. Material requests the search index and starts its worker on every
      page load over http(s) (from file:// it already waits). Both wait here until the reader
      first opens search (the header button, focusing the box, or the "/", "s" or "f" keys,
      which all switch Material's #__search toggle on).
   3. Tab out of the search box. Material 9.8.1 answers Tab in the open search box by closing
      search and calling blur() on the box. Chromium and Firefox then go on from the box;
      WebKit (Safari) starts again from the top of the page, so forward Tab looped skip link,
      logo, palette, search box and never reached the article. Closing search here, before
      the key reaches Material's listener on window, leaves Material nothing to do (it acts
      on Tab only while search is open), and the browser's own Tab moves on from the box.
      Tested in Chromium, Firefox and WebKit (tests/test_engines.py, the Tab tests).
   4. Tables as cards on phones. CSS cannot copy a column's heading into each of its cells,
      so each data cell of an article table that may be shown as cards gets the text of its
      column's header as data-label, and the table data-cards; site.css ("Tables as cards")
      then lays it out as one card per row below 30em, each line led by its label. Which
      tables: every table in the article with one header row and two or more columns,
      except the fact boxes (.fig: their own two-level headers; figures.css gives them a
      phone layout of their own, so they get the explicit roles below but no labels), the
      treatments table (.treatments-table: always cards, labels in site.css) and any an
      author keeps as a table by wrapping it in `<div class="no-cards" markdown>` (short
      numbers read best across a row). Done once, before the first paint (this script runs
      at the end of the page); explicit roles keep the table a table for screen readers,
      since some browsers drop the semantics of a table whose parts are display: block
      (tests/browser/test_phone.py).
   5. Print every box open. A `details` box (`??? note`) is closed on screen; on paper
      nothing can be opened, so every `details` in the article is opened before printing
      (beforeprint, or the print media query turning on: emulated print, PDF tools) and
      the ones this opened are closed again afterwards. Material does the same on
      beforeprint only; site.css's print rules show a closed box's content where neither
      runs (tests/browser/test_phone.py).
   6. Open the box a link points to. A closed `details` box can carry a section's id (the
      "More about finasteride" boxes keep the ids their headings had, so old links land);
      a link to it, or to a heading inside it, opens it, on load and on a link within the
      page. */
(() => {
  "use strict";

  // ---- 2. Search on demand (must run before Material's bundle) -------------------------
  const toggle = document.getElementById("__search");
  const held = [];
  let searchUsed = !toggle;
  const startSearch = () => {
    if (searchUsed) return;
    searchUsed = true;
    held.splice(0).forEach((run) => run());
  };
  if (toggle) {
    toggle.addEventListener("change", () => toggle.checked && startSearch());
    document.addEventListener("focusin", (event) =>
      event.target.matches?.(".md-search__input") && startSearch());
  }
  const isIndex = (url) => /\/search\/search_index\.json$/.test(new URL(url, location).pathname);
  const isWorker = (url) => /\/workers\/search\.[^/]*\.js$/.test(new URL(url, location).pathname);

  // The index: Material fetches it with XMLHttpRequest; its send() waits for search.
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.heldForSearch = isIndex(String(url));
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (body) {
    if (this.heldForSearch && !searchUsed) held.push(() => send.call(this, body));
    else send.call(this, body);
  };

  // The worker (from file://, the iframe-worker shim's, loaded before this script): started
  // on the first message Material sends it, which is the index, so after search opens.
  const RealWorker = window.Worker;
  class WorkerOnDemand extends EventTarget {
    constructor(url, options) {
      super();
      this.args = [url, options];
    }
    postMessage(message, transfer) {
      if (!this.worker) {
        this.worker = new RealWorker(...this.args);
        for (const type of ["message", "messageerror", "error"]) {
          this.worker.addEventListener(type, (event) => {
            const copy = type === "error"
              ? new ErrorEvent("error", { message: event.message, error: event.error })
              : new MessageEvent(type, { data: event.data });
            this.dispatchEvent(copy);
            // Material listens with addEventListener; Zensical's bundle sets onmessage.
            this["on" + type]?.call(this, copy);
          });
        }
      }
      this.worker.postMessage(message, transfer);
    }
    terminate() {
      this.worker?.terminate();
    }
  }
  if (RealWorker) {
    window.Worker = new Proxy(RealWorker, {
      construct: (target, args) => isWorker(String(args[0]))
        ? new WorkerOnDemand(...args) : Reflect.construct(target, args),
    });
  }

  // ---- 3. Tab out of the search box ------------------------------------------------------
  document.querySelector("[data-md-component=search-query]")?.addEventListener("keydown",
    (event) => event.key === "Tab" && toggle?.checked && toggle.click());

  // ---- 4. Tables as cards on phones -----------------------------------------------------
  // A fact box is not made cards (figures.css lays it out for phones) but gets the same
  // explicit roles: its rows are grids there, which would otherwise lose the table.
  for (const table of document.querySelectorAll("article table")) {
    const factbox = table.closest(".fig--factbox");
    if (!factbox && table.closest(".fig, .treatments-table, .no-cards")
        || table.tHead?.rows.length !== 1) continue;
    const names = [...table.tHead.rows[0].cells].map((cell) =>
      cell.textContent.replace(/\s+/g, " ").trim());
    if (names.length < 2) continue;
    if (!factbox) table.setAttribute("data-cards", "");
    table.setAttribute("role", "table");
    for (const group of [table.tHead, ...table.tBodies]) group.setAttribute("role", "rowgroup");
    for (const row of table.rows) {
      row.setAttribute("role", "row");
      let column = 0;
      for (const cell of row.cells) {
        const header = row.parentElement === table.tHead;
        cell.setAttribute("role", header ? "columnheader"
          : cell.matches("th") ? "rowheader" : "cell");
        if (!header && !factbox && names[column]) cell.setAttribute("data-label", names[column]);
        column += cell.colSpan;
      }
    }
  }

  // ---- 5. Print every box open -----------------------------------------------------------
  const openedForPrint = [];
  const openForPrint = () => {
    if (openedForPrint.length) return;
    for (const box of document.querySelectorAll("article details:not([open])")) {
      box.open = true;
      openedForPrint.push(box);
    }
  };
  const closeAfterPrint = () => {
    for (const box of openedForPrint.splice(0)) box.open = false;
  };
  window.addEventListener("beforeprint", openForPrint);
  window.addEventListener("afterprint", closeAfterPrint);
  const printing = window.matchMedia?.("print");
  printing?.addEventListener?.("change", (event) =>
    (event.matches ? openForPrint() : closeAfterPrint()));

  // ---- 6. Open the box a link points to --------------------------------------------------
  const openTarget = () => {
    const id = decodeURIComponent(location.hash.slice(1));
    const target = id ? document.getElementById(id) : null;
    for (let box = target?.closest("article details"); box; box = box.parentElement
      .closest("article details")) box.open = true;
  };
  openTarget();
  window.addEventListener("hashchange", openTarget);

  // ---- 1. Tips -------------------------------------------------------------------------
  const TRIGGER = "abbr[title], abbr[data-tip], a.cite[href^='#src-']";
  const GAP = 6; // px between the term and its tip
  const EDGE = 8; // px kept free at the edges of the screen
  let tip = null; // the shared element, made on first use
  let current = null; // { trigger, host, how }
  let hideTimer = 0;
  let lastPointer = "mouse";
  let tappedWhileShown = false;

  // The trigger an event happened on: a term or citation, or a link around a term.
  const triggerOf = (node) => {
    if (!(node instanceof Element) || !node.closest("article")) return null;
    const trigger = node.closest(TRIGGER);
    if (trigger) return trigger;
    const link = node.closest("a");
    return link ? link.querySelector(TRIGGER) : null;
  };
  // What receives focus for a trigger: itself, a link inside it, or the link around it.
  const hostOf = (trigger) => (trigger.matches("a, [tabindex]") ? trigger
    : trigger.querySelector("a") || trigger.closest("a") || trigger);
  const linkOf = (trigger) => trigger.closest("a[href]") || trigger.querySelector("a[href]");

  // A citation's reference: the text of the entry its link points to, without the parts
  // marked as where to read it (.ref-where), our note (.ref-note) and the link onwards.
  const reference = (cite) => {
    const entry = document.getElementById(decodeURIComponent(cite.hash.slice(1)));
    if (!entry) return "";
    const copy = entry.cloneNode(true);
    copy.querySelectorAll(".ref-where, .ref-note, .ref-entry").forEach((part) => part.remove());
    return `${copy.textContent.replace(/\s+/g, " ").trim()}.`;
  };

  const makeTip = () => {
    tip = document.createElement("div");
    tip.id = "site-tip";
    tip.className = "site-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    tip.append(document.createElement("span"), document.createElement("span"));
    tip.firstChild.className = "site-tip__text";
    tip.lastChild.className = "site-tip__hint";
    tip.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    tip.addEventListener("pointerleave", (event) => {
      if (current?.how === "hover" && !current.trigger.contains(event.relatedTarget)) hideSoon();
    });
    document.body.append(tip);
  };

  const place = () => {
    if (!current) return;
    const rects = [...current.trigger.getClientRects()];
    const box = rects[0] || current.trigger.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const height = window.innerHeight;
    const own = tip.getBoundingClientRect();
    const left = Math.max(EDGE, Math.min(box.left, width - own.width - EDGE));
    const below = (rects[rects.length - 1] || box).bottom + GAP;
    const top = below + own.height <= height - EDGE || box.top - GAP - own.height < EDGE
      ? below : box.top - GAP - own.height;
    tip.style.setProperty("left", `${Math.round(left)}px`);
    tip.style.setProperty("top", `${Math.round(top)}px`);
  };

  const hide = () => {
    clearTimeout(hideTimer);
    if (!current) return;
    const { trigger, host } = current;
    if (trigger.dataset.tip !== undefined) {
      trigger.setAttribute("title", trigger.dataset.tip);
      delete trigger.dataset.tip;
    }
    host.removeAttribute("aria-describedby");
    tip.hidden = true;
    current = null;
    window.removeEventListener("scroll", place, true);
    window.removeEventListener("resize", place);
  };
  const hideSoon = () => {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 150);
  };

  // After a tap on a link, say what a second tap does.
  const hint = (trigger, how) => {
    const link = how === "tap" && linkOf(trigger);
    tip.lastChild.textContent = !link ? ""
      : trigger.matches(".cite") ? "Tap again to go to the reference."
        : "Tap again for the full entry in the glossary.";
    tip.lastChild.hidden = !link;
  };

  const show = (trigger, how) => {
    clearTimeout(hideTimer);
    if (current?.trigger === trigger) {
      if (how !== "hover" && current.how !== how) {
        current.how = how;
        hint(trigger, how);
        place();
      }
      return;
    }
    const text = trigger.matches("abbr") ? trigger.getAttribute("title") : reference(trigger);
    if (!text) return;
    hide();
    if (!tip) makeTip();
    const host = hostOf(trigger);
    if (trigger.matches("abbr")) {
      trigger.dataset.tip = text;
      trigger.removeAttribute("title");
    }
    tip.firstChild.textContent = text;
    hint(trigger, how);
    host.setAttribute("aria-describedby", tip.id);
    current = { trigger, host, how };
    tip.style.setProperty("left", "0px");
    tip.style.setProperty("top", "0px");
    tip.hidden = false;
    place();
    window.addEventListener("scroll", place, { capture: true, passive: true });
    window.addEventListener("resize", place, { passive: true });
  };

  document.addEventListener("pointerover", (event) => {
    if (event.pointerType === "touch") return;
    const trigger = triggerOf(event.target);
    if (trigger) show(trigger, "hover");
  });
  document.addEventListener("pointerout", (event) => {
    if (current?.how !== "hover" || event.pointerType === "touch") return;
    const into = event.relatedTarget;
    if (!current.trigger.contains(into) && !tip.contains(into)
        && triggerOf(into) !== current.trigger) hideSoon();
  });
  document.addEventListener("focusin", (event) => {
    const trigger = triggerOf(event.target);
    if (trigger) show(trigger, lastPointer === "touch" ? "tap" : "focus");
    else if (current && current.how !== "hover") hide();
  });
  document.addEventListener("focusout", (event) => {
    if (current?.how === "focus" && !current.host.contains(event.relatedTarget)) hide();
  });
  document.addEventListener("keydown", (event) => {
    lastPointer = "keyboard";
    if (event.key === "Escape" && current) hide();
  });
  // A tap: the first on a term shows its tip (and keeps a link from being followed); a
  // second on the same term follows its link, or closes the tip if it is not a link.
  document.addEventListener("pointerdown", (event) => {
    lastPointer = event.pointerType;
    const trigger = event.pointerType === "touch" && triggerOf(event.target);
    tappedWhileShown = Boolean(trigger) && current?.trigger === trigger;
  }, { capture: true, passive: true });
  document.addEventListener("click", (event) => {
    if (lastPointer !== "touch") return;
    const trigger = triggerOf(event.target);
    if (!trigger) {
      if (current && !tip.contains(event.target)) hide();
      return;
    }
    if (tappedWhileShown) {
      hide(); // and a link is followed
    } else {
      show(trigger, "tap");
      if (current?.trigger === trigger) event.preventDefault(); // a tip to show: wait
    }
  }, true);
})();
