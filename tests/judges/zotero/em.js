#!/usr/bin/env node
/*
	node em.js page.html [url] [options]

	Runs Zotero's "Embedded Metadata" translator (translators/Embedded Metadata.js, which loads
	translators/RDF.js) on a saved HTML page and prints the Zotero item(s) as JSON on stdout,
	in the form Zotero's translator test cases use.

	Options:
	  --raw            print items as the translator hands them to Zotero (before the
	                   test-case clean-up: base field names, accessDate, invalid fields kept)
	  --explain        also print, on stderr, the detected item type, the URL used, what Zotero
	                   would store for the date, and which fields were dropped as invalid
	  --debug          print Zotero.debug() output on stderr
	  --as-child       run as if a site translator had called Embedded Metadata
	                   (Zotero.parentTranslator set: keywords are then kept as tags)
	  --no-doi-field   use a schema where blogPost/webpage have no DOI field
	                   (as in older Zotero versions): the DOI then goes to Extra
	  --locale xx-YY   Zotero locale for ambiguous numeric dates (default en-US)

	AGPL-3.0-or-later.
*/

'use strict';

const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');
const { runEmbeddedMetadata, guessURL } = require('./lib/harness');

function usage(code) {
	process.stderr.write('usage: node em.js page.html [url] [--raw] [--explain] [--debug] [--as-child] [--no-doi-field] [--locale xx-YY]\n');
	process.exit(code);
}

async function main(argv) {
	const options = {};
	const positional = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a == '--raw') options.raw = true;
		else if (a == '--explain') options.explain = true;
		else if (a == '--debug') options.debug = true;
		else if (a == '--as-child') options.asChild = true;
		else if (a == '--no-doi-field') options.noDOIField = true;
		else if (a == '--locale') options.locale = argv[++i];
		else if (a == '-h' || a == '--help') usage(0);
		else if (a.startsWith('--')) usage(2);
		else positional.push(a);
	}
	if (positional.length < 1 || positional.length > 2) usage(2);

	const file = positional[0];
	if (!fs.existsSync(file)) {
		process.stderr.write(`em.js: ${file}: no such file\n`);
		process.exit(1);
	}
	const html = fs.readFileSync(file, 'utf8');
	let url = positional[1], urlSource = 'command line';
	if (!url) {
		({ url, source: urlSource } = guessURL(html, pathToFileURL(path.resolve(file)).href));
	}

	const result = await runEmbeddedMetadata(html, url, options);
	const items = options.raw ? result.rawItems : result.items;
	process.stdout.write(JSON.stringify(items, null, '\t') + '\n');

	if (options.explain) {
		const lines = [];
		lines.push(`page URL: ${url} (from ${urlSource})`);
		lines.push(`detectWeb(): ${JSON.stringify(result.detected)}`);
		result.items.forEach((item, i) => {
			const raw = result.rawItems[i];
			lines.push(`item ${i + 1}: ${item.itemType}`);
			if (result.dates[i]) {
				const sql = result.dates[i].slice(0, 10);
				const [y, m, d] = sql.split('-');
				lines.push(`  date ${JSON.stringify(item.date)} -> Zotero stores ${sql}`
					+ ` (year ${y != '0000' ? 'yes' : 'NO'}, month ${m != '00' ? 'yes' : 'NO'}, day ${d != '00' ? 'yes' : 'NO'})`);
			}
			else {
				lines.push('  no date');
			}
			// RDF.js copies some values into several alias fields (one per item type); report each once
			const aliases = {
				publisher: ['publisher', 'distributor', 'label', 'company', 'institution'],
				'type (from DC.type)': ['reportType', 'letterType', 'manuscriptType', 'mapType', 'thesisType',
					'websiteType', 'presentationType', 'postType', 'audioFileType'],
				issue: ['issue', 'number', 'patentNumber'],
				edition: ['edition', 'versionNumber'],
				conferenceName: ['conferenceName', 'meetingName'],
				medium: ['artworkMedium', 'interviewMedium']
			};
			const kept = new Set(Object.keys(item));
			const dropped = [];
			const seen = new Set();
			for (const k of Object.keys(raw)) {
				if (kept.has(k) || ['complete', 'itemID', 'accessDate', 'libraryCatalog', 'reporter'].includes(k)) continue;
				if (!raw[k] || (Array.isArray(raw[k]) && !raw[k].length)) continue;
				if (k == 'publicationTitle' && (item.blogTitle || item.websiteTitle)) continue;
				const group = Object.keys(aliases).find(g => aliases[g].includes(k));
				if (group) {
					if (seen.has(group) || aliases[group].some(a => kept.has(a))) continue;
					seen.add(group);
					dropped.push(`${group}=${JSON.stringify(raw[k])}`);
				}
				else {
					dropped.push(`${k}=${JSON.stringify(raw[k])}`);
				}
			}
			if (dropped.length) {
				lines.push('  not valid for ' + item.itemType + ', dropped: ' + dropped.join(', '));
			}
		});
		process.stderr.write(lines.join('\n') + '\n');
	}
}

main(process.argv.slice(2)).catch((e) => {
	process.stderr.write('em.js: ' + (e && e.stack || e) + '\n');
	process.exit(1);
});
