/*
	The Zotero.Utilities functions that Embedded Metadata.js and RDF.js call, ported from
	zotero/utilities utilities.js (commit 04e460e5097b8143a1e5cb6e76c2e32e6c2c3cfd) with the
	function bodies unchanged except where marked "harness:".

	Copyright © 2009 Center for History and New Media, George Mason University.
	Part of Zotero; GNU Affero General Public License v3 or later.
	Utilities based in part on code taken from Piggy Bank 2.1.1 (BSD-licensed).
*/

'use strict';

// harness: upstream uses XRegExp for \pL; Node's RegExp supports \p{L} natively.
function XRegExp(pattern, flags) {
	return new RegExp(pattern.replace(/\\pL/g, '\\p{L}'), (flags || '') + 'u');
}

function makeUtilities(Zotero) {
	var Utilities = {
		cleanAuthor: function (author, type, useComma) {
			var allCaps = 'A-Z' +
				'\u0400-\u042f';		//cyrilic

			var allCapsRe = new RegExp('^[' + allCaps + ']+$');
			var initialRe = new RegExp('^-?[' + allCaps + ']$');

			if (typeof (author) != "string") {
				throw new Error("cleanAuthor: author must be a string");
			}

			author = author.replace(/^[\s\u00A0\.\,\/\[\]\:]+/, '')
				.replace(/[\s\u00A0\.\,\/\[\]\:]+$/, '')
				.replace(/[\s\u00A0]+/, ' ');

			if (useComma) {
				// Add spaces between periods
				author = author.replace(/\.([^ ])/, ". $1");

				var splitNames = author.split(/, ?/);
				if (splitNames.length > 1) {
					var lastName = splitNames[0];
					var firstName = splitNames[1];
				}
				else {
					var lastName = author;
				}
			}
			else {
				// Don't parse "Firstname Lastname [Country]" as "[Country], Firstname Lastname"
				var spaceIndex = author.length;
				do {
					spaceIndex = author.lastIndexOf(" ", spaceIndex - 1);
					var lastName = author.substring(spaceIndex + 1);
					var firstName = author.substring(0, spaceIndex);
				} while (!Utilities.XRegExp('\\pL').test(lastName[0]) && spaceIndex > 0);
			}

			if (firstName && allCapsRe.test(firstName) &&
				firstName.length < 4 &&
				(firstName.length == 1 || lastName.toUpperCase() != lastName)) {
				// first name is probably initials
				var newFirstName = "";
				for (var i = 0; i < firstName.length; i++) {
					newFirstName += " " + firstName[i] + ".";
				}
				firstName = newFirstName.substr(1);
			}

			//add periods after all the initials
			if (firstName) {
				var names = firstName.replace(/^[\s\.]+/, '')
					.replace(/[\s\,]+$/, '')
					//remove spaces surronding any dashes
					.replace(/\s*([\u002D\u00AD\u2010-\u2015\u2212\u2E3A\u2E3B])\s*/, '-')
					.split(/(?:[\s\.]+|(?=-))/);
				var newFirstName = '';
				for (var i = 0, n = names.length; i < n; i++) {
					newFirstName += names[i];
					if (initialRe.test(names[i])) newFirstName += '.';
					newFirstName += ' ';
				}
				firstName = newFirstName.replace(/ -/g, '-').trim();
			}

			return { firstName: firstName, lastName: lastName, creatorType: type };
		},

		trim: function (/**String*/ s) {
			if (typeof (s) != "string") {
				throw new Error("trim: argument must be a string");
			}

			s = s.replace(/^\s+/, "");
			return s.replace(/\s+$/, "");
		},

		trimInternal: function (/**String*/ s) {
			if (typeof (s) != "string") {
				throw new Error("trimInternal: argument must be a string");
			}

			s = s.replace(/[\xA0\r\n\s]+/g, " ");
			return this.trim(s);
		},

		cleanDOI: function (/**String**/ x) {
			if (typeof (x) != "string") {
				throw new Error("cleanDOI: argument must be a string");
			}

			var doi = x.match(/10(?:\.[0-9]{4,})?\/[^\s]*[^\s\.,]/);
			return doi ? doi[0] : null;
		},

		cleanISBN: function (isbnStr, dontValidate) {
			isbnStr = isbnStr.toUpperCase()
				.replace(/[\x2D\xAD\u2010-\u2015\u2043\u2212]+/g, ''); // Ignore dashes
			var isbnRE = /\b(?:97[89]\s*(?:\d\s*){9}\d|(?:\d\s*){9}[\dX])\b/g,
				isbnMatch;
			while (isbnMatch = isbnRE.exec(isbnStr)) {
				var isbn = isbnMatch[0].replace(/\s+/g, '');

				if (dontValidate) {
					return isbn;
				}

				if (isbn.length == 10) {
					// Verify ISBN-10 checksum
					var sum = 0;
					for (var i = 0; i < 9; i++) {
						sum += isbn[i] * (10 - i);
					}
					//check digit might be 'X'
					sum += (isbn[9] == 'X') ? 10 : isbn[9] * 1;

					if (sum % 11 == 0) return isbn;
				}
				else {
					// Verify ISBN 13 checksum
					var sum = 0;
					for (var i = 0; i < 12; i += 2) sum += isbn[i] * 1;	//to make sure it's int
					for (var i = 1; i < 12; i += 2) sum += isbn[i] * 3;
					sum += isbn[12] * 1; //add the check digit

					if (sum % 10 == 0) return isbn;
				}

				isbnRE.lastIndex = isbnMatch.index + 1; // Retry the same spot + 1
			}

			return false;
		},

		toISBN13: function (isbnStr) {
			var isbn;
			if (!(isbn = Utilities.cleanISBN(isbnStr, true))) {
				throw new Error('ISBN not found in "' + isbnStr + '"');
			}

			if (isbn.length == 13) {
				isbn = isbn.substr(0, 12); // Strip off check digit and re-calculate it
			}
			else {
				isbn = '978' + isbn.substr(0, 9);
			}

			var sum = 0;
			for (var i = 0; i < 12; i++) {
				sum += isbn[i] * (i % 2 ? 3 : 1);
			}

			var checkDigit = 10 - (sum % 10);
			if (checkDigit == 10) checkDigit = 0;

			return isbn + checkDigit;
		},

		cleanISSN: function (/**String*/ issnStr) {
			issnStr = issnStr.toUpperCase()
				.replace(/[\x2D\xAD\u2010-\u2015\u2043\u2212]+/g, ''); // Ignore dashes
			var issnRE = /\b(?:\d\s*){7}[\dX]\b/g,
				issnMatch;
			while (issnMatch = issnRE.exec(issnStr)) {
				var issn = issnMatch[0].replace(/\s+/g, '');

				// Verify ISSN checksum
				var sum = 0;
				for (var i = 0; i < 7; i++) {
					sum += issn[i] * (8 - i);
				}
				//check digit might be 'X'
				sum += (issn[7] == 'X') ? 10 : issn[7] * 1;

				if (sum % 11 == 0) {
					return issn.substring(0, 4) + '-' + issn.substring(4);
				}

				issnRE.lastIndex = issnMatch.index + 1; // Retry same spot + 1
			}

			return false;
		},

		isEmpty: function (obj) {
			for (var i in obj) {
				return false;
			}
			return true;
		},

		lpad: function (string, pad, length) {
			string = string ? string + '' : '';
			while (string.length < length) {
				string = pad + string;
			}
			return string;
		},

		capitalizeTitle: function (string, force) {
			const skipWords = ["but", "or", "yet", "so", "for", "and", "nor", "a", "an",
				"the", "at", "by", "from", "in", "into", "of", "on", "to", "with", "up",
				"down", "as"];

			// this may only match a single character
			const delimiterRegexp = /([ \/\u002D\u00AD\u2010-\u2015\u2212\u2E3A\u2E3B])/;

			string = this.trimInternal(string);
			string = string.replace(/ : /g, ": ");
			if (Zotero.Prefs && !Zotero.Prefs.get('capitalizeTitles') && !force) return string;
			if (!string) return "";

			// split words
			var words = string.split(delimiterRegexp);
			var isUpperCase = string.toUpperCase() == string;

			var newString = "";
			var delimiterOffset = words[0].length;
			var lastWordIndex = words.length - 1;
			var previousWordIndex = -1;
			for (var i = 0; i <= lastWordIndex; i++) {
				// only do manipulation if not a delimiter character
				if (words[i].length != 0 && (words[i].length != 1 || !delimiterRegexp.test(words[i]))) {
					var upperCaseVariant = words[i].toUpperCase();
					var lowerCaseVariant = words[i].toLowerCase();

					// only use if word does not already possess some capitalization
					if (isUpperCase || words[i] == lowerCaseVariant) {
						if (
							// a skip word
							skipWords.indexOf(lowerCaseVariant.replace(/[^a-zA-Z]+/, "")) != -1
							// not first or last word
							&& i != 0 && i != lastWordIndex
							// does not follow a colon
							&& (previousWordIndex == -1 || words[previousWordIndex][words[previousWordIndex].length - 1].search(/[:\?!]/) == -1)
						) {
							words[i] = lowerCaseVariant;
						}
						else {
							// this is not a skip word or comes after a colon;
							// we must capitalize
							// handle punctuation in the beginning, including multiple, as in "¿Qué pasa?"
							var punct = words[i].match(/^[\'\"¡¿“‘„«\s]+/);
							punct = punct ? punct[0].length + 1 : 1;
							words[i] = words[i].length ? words[i].substr(0, punct).toUpperCase() +
								words[i].substr(punct).toLowerCase() : words[i];
						}
					}

					previousWordIndex = i;
				}

				newString += words[i];
			}

			return newString;
		},

		deepCopy: function (obj) {
			var obj2 = (obj instanceof Array ? [] : {});
			for (var i in obj) {
				if (!obj.hasOwnProperty(i)) continue;

				if (typeof obj[i] === "object" && obj[i] !== null) {
					obj2[i] = Utilities.deepCopy(obj[i]);
				}
				else {
					obj2[i] = obj[i];
				}
			}
			return obj2;
		},

		getCreatorsForType: function (type) {
			if (type === "attachment" || type === "note") return [];
			var types = Zotero.CreatorTypes.getTypesForItemType(Zotero.ItemTypes.getID(type));
			var cleanTypes = new Array();
			for (var i = 0; i < types.length; i++) {
				cleanTypes.push(types[i].name);
			}
			return cleanTypes;
		},

		fieldIsValidForType: function (field, type) {
			return Zotero.ItemFields.isValidForType(field, Zotero.ItemTypes.getID(type));
		},

		quotemeta: function (literal) {
			if (typeof literal !== "string") {
				throw new Error("Argument " + literal + " must be a string in Utilities.quotemeta()");
			}
			const metaRegexp = /[-[\]{}()*+?.\\^$|,#\s]/g;
			return literal.replace(metaRegexp, "\\$&");
		},

		// harness: the Firefox/IE branches (XPCNativeWrapper, selectNodes, DOMWrapper) are dropped;
		// evaluation goes through document.evaluate (wicked-good-xpath, installed in em-harness.js).
		xpath: function (elements, xpath, namespaces) {
			var nsResolver = null;
			if (namespaces) {
				nsResolver = function (prefix) {
					return namespaces[prefix] || null;
				};
			}

			if (!("length" in elements)) elements = [elements];

			var results = [];
			for (var i = 0, n = elements.length; i < n; i++) {
				var element = elements[i];

				if (element.ownerDocument) {
					var rootDoc = element.ownerDocument;
				}
				else if (element.documentElement) {
					var rootDoc = element;
				}
				else {
					throw new Error("First argument must be either element(s) or document(s) in Utilities.xpath(elements, '" + xpath + "')");
				}

				try {
					var xpathObject = rootDoc.evaluate(xpath, element, nsResolver, 5 /*ORDERED_NODE_ITERATOR_TYPE*/, null);
				}
				catch (e) {
					// rethrow so that we get a stack
					throw new Error(e.name + ": " + e.message);
				}

				var newEl;
				while (newEl = xpathObject.iterateNext()) {
					results.push(newEl);
				}
			}

			return results;
		},

		xpathText: function (node, xpath, namespaces, delimiter) {
			var elements = Utilities.xpath(node, xpath, namespaces);
			if (!elements.length) return null;

			var strings = new Array(elements.length);
			for (var i = 0, n = elements.length; i < n; i++) {
				var el = elements[i];
				strings[i] =
					(el.nodeType === 2 /*ATTRIBUTE_NODE*/ && "value" in el) ? el.value
						: "textContent" in el ? el.textContent
							: "innerText" in el ? el.innerText
								: "text" in el ? el.text
									: el.nodeValue;
			}

			return strings.join(delimiter !== undefined ? delimiter : ", ");
		},

		randomString: function (len, chars) {
			if (!chars) {
				chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
			}
			if (!len) {
				len = 8;
			}
			var randomstring = '';
			for (var i = 0; i < len; i++) {
				var rnum = Math.floor(Math.random() * chars.length);
				randomstring += chars.substring(rnum, rnum + 1);
			}
			return randomstring;
		},

		XRegExp: XRegExp
	};

	// zotero/utilities utilities_item.js: Utilities_Item.itemTypeExists
	Utilities.Item = {
		itemTypeExists: function (type) {
			return !!Zotero.ItemTypes.getID(type);
		}
	};

	return Utilities;
}

module.exports = { makeUtilities };
