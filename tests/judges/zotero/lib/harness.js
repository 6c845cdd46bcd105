/*
	Builds the Zotero environment and runs "Embedded Metadata.js" on an HTML string.
	AGPL-3.0-or-later (it loads and calls code ported from Zotero).
*/

'use strict';

const path = require('path');
const { JSDOM } = require('jsdom');
const wgxpath = require('wicked-good-xpath');

const { getSchema } = require('./zotero-schema');
const { makeCachedTypes } = require('./cached-types');
const { makeUtilities } = require('./utilities');
const { makeDate } = require('./date');
const { TranslatorProvider, WebTranslate, makeSandboxes, sanitizeItem, orderItemKeys } = require('./translate');

const EMBEDDED_METADATA_ID = '951c027d-74ac-47d4-a107-9c3069ab7b48';
const DEFAULT_TRANSLATORS_DIR = path.join(__dirname, '..', 'translators');

function makeZotero(options) {
	const debugLines = [];
	const Zotero = {
		version: '7.0',
		locale: options.locale || 'en-US',
		// translation-server-like environment: snapshot attachments become {url, mimeType}
		isServer: true,
		isConnector: false,
		isBookmarklet: false,
		isFx: false,
		isClient: false,
		Prefs: {
			prefs: { capitalizeTitles: false, reportTranslationFailure: false },
			get(pref) {
				return this.prefs[pref];
			}
		},
		debug(message, level) {
			const line = typeof message == 'string' ? message : JSON.stringify(message);
			debugLines.push(line);
			if (options.debug) process.stderr.write('zotero: ' + line + '\n');
		},
		logError(e) {
			this.debug(String(e && e.stack || e));
		},
		debugLines
	};
	Object.assign(Zotero, makeCachedTypes(getSchema({ noDOIForWebTypes: options.noDOIField })));
	Zotero.Utilities = makeUtilities(Zotero);
	Zotero.Date = makeDate(Zotero);
	return Zotero;
}

/** Pick the URL the page is "at": explicit > <link rel=canonical> > og:url > citation_public_url > file URL */
function guessURL(html, fallback) {
	const dom = new JSDOM(html);
	const d = dom.window.document;
	const c = d.querySelector('link[rel="canonical"][href]');
	if (c) return { url: c.getAttribute('href'), source: 'link rel=canonical' };
	const og = d.querySelector('meta[property="og:url"][content]');
	if (og) return { url: og.getAttribute('content'), source: 'og:url' };
	const cp = d.querySelector('meta[name="citation_public_url"][content]');
	if (cp) return { url: cp.getAttribute('content'), source: 'citation_public_url' };
	return { url: fallback, source: 'file' };
}

/**
 * Run Embedded Metadata on `html` as if the page were at `url`.
 * @returns {Promise<{detected, items, rawItems, url, debug}>}
 */
async function runEmbeddedMetadata(html, url, options = {}) {
	const Zotero = makeZotero(options);
	const dom = new JSDOM(html, { url, contentType: 'text/html' });
	const window = dom.window;
	// Zotero's translation-server also installs wicked-good-xpath: jsdom's own XPath does not match
	// namespace-prefixed names (x:html, x:meta) in HTML documents, which Embedded Metadata uses.
	wgxpath.install(window, true);
	// jsdom has no layout, so no innerText; Embedded Metadata only needs it for byline guessing.
	if (!('innerText' in window.HTMLElement.prototype)) {
		Object.defineProperty(window.HTMLElement.prototype, 'innerText', {
			get() { return this.textContent; },
			configurable: true
		});
	}

	const env = {
		Zotero,
		options,
		window,
		errors: [],
		translators: new TranslatorProvider(options.translatorsDir || DEFAULT_TRANSLATORS_DIR)
	};
	env.Sandboxes = makeSandboxes(Zotero);

	const translator = env.translators.get(EMBEDDED_METADATA_ID);
	if (!translator) throw new Error('Embedded Metadata.js not found in ' + env.translators.dir);

	// Detection, as Zotero does before offering the save button (its return value is the icon's item type)
	const detectTranslate = new WebTranslate(env);
	detectTranslate.setDocument(window.document);
	detectTranslate.setTranslator(translator);
	const detected = await detectTranslate.detect();

	// Translation (libraryID false: items are returned, not saved), as the translator tester does
	const translate = new WebTranslate(env);
	translate.setDocument(window.document);
	translate.setTranslator(translator);
	translate.capitalizeTitles = false;
	const newItems = await translate.translate();
	if (env.errors.length) throw env.errors[0];

	const rawItems = newItems.map(item => {
		const copy = Object.assign({}, item);
		copy.attachments = (item.attachments || []).map(a => {
			const b = Object.assign({}, a);
			if (b.document) b.document = '[document]';
			return b;
		});
		return JSON.parse(JSON.stringify(copy));
	});
	const items = newItems.map(item => orderItemKeys(sanitizeItem(Zotero, JSON.parse(JSON.stringify(rawItems[newItems.indexOf(item)])))));
	window.close();
	return {
		detected,
		items,
		rawItems,
		url,
		// what Zotero stores for the date field: "YYYY-MM-DD original" (00 = unknown part)
		dates: items.map(i => (i.date ? Zotero.Date.strToMultipart(i.date) : null)),
		debug: Zotero.debugLines
	};
}

module.exports = { runEmbeddedMetadata, guessURL, EMBEDDED_METADATA_ID };
