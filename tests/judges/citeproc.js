#!/usr/bin/env node
// CSL judge: renders citations and bibliographies with citeproc-js (npm "citeproc",
// pinned in package.json / package-lock.json). Test use only.
//
// Usage:
//   node judge.js request.json            (or: node judge.js - < request.json)
//
// request.json:
// {
//   "style": "../styles/apa.csl",          // path to a .csl file (relative to the request file or absolute)
//   "locale": "en-GB",                     // forced locale (lang); locales-<lang>.xml is looked up in localesDir
//   "localesDir": "../styles",             // optional; default: directory of the style file
//   "format": "html",                      // optional: html (default) | text | rtf
//   "items": [ ...CSL-JSON... ]            // or "itemsFile": "path/to/items.json"
//   "documents": [                         // one CSL "document" per blog post; state is reset between documents
//     {"id": "post-1",
//      "citations": [                      // in document order
//        {"items": [{"id": "key", "locator": "12", "label": "page"}], "mode": null},
//        {"items": [{"id": "key"}], "mode": "composite"},        // narrative: Author (Year)
//        {"items": [{"id": "key", "suppress-author": true}]},   // year only: (Year)
//        {"items": [{"id": "key", "author-only": true}]}        // author only: Author
//      ],
//      "nocite": ["other-key"]             // optional: extra uncited items to list in the bibliography
//     }
//   ]
// }
// "mode" is citeproc-js' citation.properties.mode: "author-only" | "suppress-author" | "composite".
//
// Output (stdout, JSON):
// {"processor": "citeproc-js 1.4.61 (npm citeproc 2.4.63)", "documents": [
//    {"id": "post-1", "citations": ["(Baginsky &amp; Manthorpe, 2014)", ...],
//     "bibliography": [{"id": "key", "html": "Baginsky, M., ..."}], "bibliography_params": {...},
//     "errors": [...]}]}
"use strict";
const fs = require("fs");
const path = require("path");
const CSL = require("citeproc");

function readRequest(arg) {
  const raw = arg === "-" || !arg ? fs.readFileSync(0, "utf8") : fs.readFileSync(arg, "utf8");
  const base = arg && arg !== "-" ? path.dirname(path.resolve(arg)) : process.cwd();
  return [JSON.parse(raw), base];
}

function stripEntry(html) {
  // makeBibliography() wraps each entry in <div class="csl-entry">...</div>
  return html.trim().replace(/^<div class="csl-entry">/, "").replace(/<\/div>$/, "").trim();
}

function main() {
  const [req, base] = readRequest(process.argv[2]);
  const rel = (p) => (path.isAbsolute(p) ? p : path.join(base, p));
  const stylePath = rel(req.style);
  const localesDir = req.localesDir ? rel(req.localesDir) : path.dirname(stylePath);
  const items = req.items || JSON.parse(fs.readFileSync(rel(req.itemsFile), "utf8"));
  const byId = new Map(items.map((it) => [String(it.id), it]));
  const format = req.format || "html";
  const lang = req.locale || "en-US";

  const sys = {
    retrieveLocale(l) {
      for (const cand of [l, l === "en" ? "en-US" : null]) {
        if (!cand) continue;
        const p = path.join(localesDir, `locales-${cand}.xml`);
        if (fs.existsSync(p)) return fs.readFileSync(p, "utf8");
      }
      process.stderr.write(`judge: no locale file locales-${l}.xml in ${localesDir}\n`);
      return false;
    },
    retrieveItem(id) {
      const it = byId.get(String(id));
      if (!it) throw new Error(`unknown item ${id}`);
      return it;
    },
  };

  // Parse the style once; each document gets a fresh engine (clean disambiguation state).
  if (!fs.existsSync(path.join(localesDir, `locales-${lang}.xml`))) {
    throw new Error(`locale file locales-${lang}.xml not found in ${localesDir}`);
  }
  const styleXml = fs.readFileSync(stylePath, "utf8");
  const styleObj = CSL.parseXml(styleXml);
  const out = {
    processor: `citeproc-js ${CSL.PROCESSOR_VERSION} (npm citeproc ${require("citeproc/package.json").version})`,
    style: path.basename(stylePath),
    locale: lang,
    documents: [],
  };

  // One engine per run (building an engine compiles the style: slow); its state is reset
  // before each document. FRESH_ENGINE=1 builds a new engine per document instead (slow;
  // used to check that the reset gives identical output).
  const fresh = process.env.FRESH_ENGINE === "1";
  // forceLang=true: use the given locale even if the style declares default-locale
  const newEngine = () => new CSL.Engine(sys, JSON.parse(JSON.stringify(styleObj)), lang, true);
  let shared = fresh ? null : newEngine();
  for (const doc of req.documents) {
    let engine = shared;
    if (fresh) {
      engine = newEngine();
    } else {
      engine.updateItems([]);
      engine.restoreProcessorState([]);
    }
    engine.setOutputFormat(format);
    const citations = (doc.citations || []).map((c, i) => {
      const props = { noteIndex: 0 };
      if (c.mode) props.mode = c.mode;
      if (c.infix) props.infix = c.infix;
      return {
        citationID: `${doc.id}-c${i}`,
        citationItems: c.items.map((x) => Object.assign({}, x, { id: String(x.id) })),
        properties: props,
      };
    });
    const result = engine.rebuildProcessorState(citations, format, doc.nocite || []);
    const rendered = new Map(result.map(([cid, _note, str]) => [cid, str]));
    const bib = engine.makeBibliography();
    const docOut = {
      id: doc.id,
      citations: citations.map((c) => rendered.get(c.citationID)),
      bibliography: [],
      errors: [],
    };
    if (bib) {
      const [params, entries] = bib;
      docOut.bibliography = entries.map((e, i) => ({ id: params.entry_ids[i][0], html: stripEntry(e) }));
      docOut.bibliography_params = {
        hangingindent: params.hangingindent,
        maxoffset: params.maxoffset,
        entryspacing: params.entryspacing,
        linespacing: params.linespacing,
        "second-field-align": params["second-field-align"],
      };
      if (params.bibliography_errors && params.bibliography_errors.length) {
        docOut.errors.push(...params.bibliography_errors);
      }
    }
    out.documents.push(docOut);
  }
  process.stdout.write(JSON.stringify(out, null, 1) + "\n");
}

main();
