/*
	The RDF data store that Zotero hands to RDF.js as Zotero.RDF.

	- RDFSandbox: port of Zotero.Translate.IO._RDFSandbox from zotero/translate
	  src/translation/translate.js (the methods RDF.js uses), bodies unchanged.
	- IndexedFormula, Symbol, Literal, BlankNode: a minimal stand-in for Zotero's bundled
	  rdflib ("$rdf", zotero/translate src/rdf/identity.js, term.js) keeping the behaviour
	  that matters here: every add() is stored (no de-duplication), statements come back in
	  insertion order, subjectIndex/objectIndex are keyed by the term's N-Triples form, and
	  literal objects come back as plain strings from getTargets(). owl:sameAs smushing and
	  RDF/XML parsing are not implemented (Embedded Metadata never needs them).

	Copyright © 2009 Center for History and New Media, George Mason University (translate.js);
	rdflib: Tim Berners-Lee et al. Part of Zotero; GNU Affero General Public License v3 or later.
*/

'use strict';

class RDFSymbol {
	constructor(uri) {
		this.termType = 'symbol';
		this.uri = uri;
	}
	toNT() { return '<' + this.uri + '>'; }
	hashString() { return this.toNT(); }
	toString() { return this.toNT(); }
	sameTerm(other) { return !!other && other.termType === this.termType && other.uri === this.uri; }
}

class RDFLiteral {
	constructor(value) {
		this.termType = 'literal';
		this.value = value;
	}
	toNT() { return JSON.stringify(this.value); }
	hashString() { return this.toNT(); }
	toString() { return '' + this.value; }
	sameTerm(other) { return !!other && other.termType === this.termType && other.value === this.value; }
}

let blankCounter = 0;
class RDFBlankNode {
	constructor() {
		this.termType = 'bnode';
		this.id = blankCounter++;
	}
	toNT() { return '_:n' + this.id; }
	hashString() { return this.toNT(); }
	toString() { return this.toNT(); }
	sameTerm(other) { return !!other && other.termType === this.termType && other.id === this.id; }
}

function makeTerm(val) {
	if (typeof val != 'object') {
		if (typeof val == 'string' || typeof val == 'number') return new RDFLiteral(val);
		if (typeof val == 'boolean') return new RDFLiteral(val ? "1" : "0");
		if (typeof val == 'undefined') return undefined;
		throw new Error("Can't make Term from " + val + " of type " + typeof val);
	}
	return val;
}

class IndexedFormula {
	constructor() {
		this.statements = [];
		// plain objects instead of upstream's arrays-used-as-maps; iteration order is the same
		this.subjectIndex = {};
		this.predicateIndex = {};
		this.objectIndex = {};
		this.index = [this.subjectIndex, this.predicateIndex, this.objectIndex];
		this.namespaces = {};
	}

	canon(term) { return term; }

	add(subj, pred, obj) {
		subj = makeTerm(subj);
		pred = makeTerm(pred);
		obj = makeTerm(obj);
		const st = { subject: subj, predicate: pred, object: obj };
		const hash = [subj.hashString(), pred.hashString(), obj.hashString()];
		for (let i = 0; i < 3; i++) {
			const ix = this.index[i];
			if (ix[hash[i]] == undefined) ix[hash[i]] = [];
			ix[hash[i]].push(st);
		}
		this.statements.push(st);
		return st;
	}

	statementsMatching(subj, pred, obj, why, justOne) {
		const pattern = [makeTerm(subj), makeTerm(pred), makeTerm(obj)];
		const parts = ['subject', 'predicate', 'object'];
		let candidates = this.statements;
		let given = [];
		for (let p = 0; p < 3; p++) {
			if (pattern[p] != undefined) given.push(p);
		}
		if (!given.length) return this.statements;
		// use the index of the first given part, then filter (same result set and order as upstream)
		candidates = this.index[given[0]][pattern[given[0]].hashString()] || [];
		const results = [];
		for (const st of candidates) {
			let ok = true;
			for (const p of given) {
				if (!st[parts[p]].sameTerm(pattern[p])) {
					ok = false;
					break;
				}
			}
			if (ok) {
				results.push(st);
				if (justOne) break;
			}
		}
		return results;
	}

	setPrefixForURI(prefix, nsuri) {
		this.namespaces[prefix] = nsuri;
	}
}

/* Port of Zotero.Translate.IO._RDFSandbox */
function RDFSandbox(dataStore) {
	this._dataStore = dataStore;
}

RDFSandbox.prototype = {
	_containerCounts: [],

	_getResource: function (about) {
		return (typeof about == "object" ? about : new RDFSymbol(about));
	},

	addStatement: function (about, relation, value, literal) {
		if (about === null || about === undefined) {
			throw new Error("about must be defined in Zotero.RDF.addStatement");
		}
		if (relation === null || relation === undefined) {
			throw new Error("relation must be defined in Zotero.RDF.addStatement");
		}
		if (value === null || value === undefined) {
			throw new Error("value must be defined in Zotero.RDF.addStatement");
		}

		if (literal) {
			// zap chars that Mozilla will mangle
			value = value.toString().replace(/[\x00-\x08\x0B\x0C\x0E-\x1F]/g, '');
		}
		else {
			value = this._getResource(value);
		}

		this._dataStore.add(this._getResource(about), this._getResource(relation), value);
	},

	newResource: function () {
		return new RDFBlankNode();
	},

	getContainerElements: function (about) {
		const liPrefix = "http://www.w3.org/1999/02/22-rdf-syntax-ns#_";

		var about = this._getResource(about);
		var statements = this._dataStore.statementsMatching(about);
		var containerElements = [];

		// loop over arcs out looking for list items
		for (var i = 0; i < statements.length; i++) {
			var statement = statements[i];
			if (statement.predicate.uri.substr(0, liPrefix.length) == liPrefix) {
				var number = statement.predicate.uri.substr(liPrefix.length);

				// make sure these are actually numeric list items
				var intNumber = parseInt(number);
				if (number == intNumber.toString()) {
					// add to element array
					containerElements[intNumber - 1] = (statement.object.termType == "literal" ? statement.object.toString() : statement.object);
				}
			}
		}

		return containerElements;
	},

	addNamespace: function (prefix, uri) {
		this._dataStore.setPrefixForURI(prefix, uri);
	},

	getResourceURI: function (resource) {
		if (typeof (resource) == "string") return resource;

		const rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
		var values = this.getStatementsMatching(resource, rdf + 'value');
		if (values && values.length) {
			return values[0][2];
		}

		if (resource.uri) return resource.uri;
		if (resource.toNT == undefined) throw new Error("Zotero.RDF: getResourceURI called on invalid resource");
		return resource.toNT();
	},

	getAllResources: function () {
		var returnArray = [];
		for (var i in this._dataStore.subjectIndex) {
			returnArray.push(this._dataStore.subjectIndex[i][0].subject);
		}
		return returnArray;
	},

	getArcsIn: function (resource) {
		var statements = this._dataStore.objectIndex[this._dataStore.canon(this._getResource(resource)).hashString()];
		if (!statements) return false;

		var returnArray = [];
		for (var i = 0; i < statements.length; i++) {
			returnArray.push(statements[i].predicate.uri);
		}
		return returnArray;
	},

	getArcsOut: function (resource) {
		var statements = this._dataStore.subjectIndex[this._dataStore.canon(this._getResource(resource)).hashString()];
		if (!statements) return false;

		var returnArray = [];
		for (var i = 0; i < statements.length; i++) {
			returnArray.push(statements[i].predicate.uri);
		}
		return returnArray;
	},

	getSources: function (resource, property) {
		var statements = this._dataStore.statementsMatching(undefined, this._getResource(property), this._getResource(resource));
		if (!statements.length) return false;

		var returnArray = [];
		for (var i = 0; i < statements.length; i++) {
			returnArray.push(statements[i].subject);
		}
		return returnArray;
	},

	getTargets: function (resource, property) {
		var statements = this._dataStore.statementsMatching(this._getResource(resource), this._getResource(property));
		if (!statements.length) return false;

		var returnArray = [];
		for (var i = 0; i < statements.length; i++) {
			returnArray.push(statements[i].object.termType == "literal" ? statements[i].object.toString() : statements[i].object);
		}
		return returnArray;
	},

	getStatementsMatching: function (subj, pred, obj, objLiteral, justOne) {
		var statements = this._dataStore.statementsMatching(
			(subj ? this._getResource(subj) : undefined),
			(pred ? this._getResource(pred) : undefined),
			(obj ? (objLiteral ? objLiteral : this._getResource(obj)) : undefined),
			undefined, justOne);
		if (!statements.length) return false;

		var returnArray = [];
		for (var i = 0; i < statements.length; i++) {
			returnArray.push([statements[i].subject, statements[i].predicate, (statements[i].object.termType == "literal" ? statements[i].object.toString() : statements[i].object)]);
		}
		return returnArray;
	}
};

module.exports = { IndexedFormula, RDFSandbox, RDFSymbol, RDFLiteral, RDFBlankNode };
