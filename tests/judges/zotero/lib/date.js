/*
	The parts of Zotero.Date that translators and the translation framework use, ported from
	zotero/utilities date.js (commit 2b125a7a4b3e38cb6dcf8612dd2d351bafd112a8) with function
	bodies unchanged except where marked "harness:". EDTF parsing (parseEDTF) is not ported:
	strToMultipart falls back to strToDate, which is what upstream does when the EDTF library
	is not loaded.

	Copyright © 2009 Center for History and New Media, George Mason University.
	Part of Zotero; GNU Affero General Public License v3 or later.
*/

'use strict';

// harness: the en-US entry of Zotero's resource/dateFormats.json (month names).
const EN_US_MONTHS = {
	short: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
	long: ["January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"]
};

function makeDate(Zotero) {
	var Utilities_Date = {};
	var _localeDateOrder = null;
	var _months = EN_US_MONTHS;
	var _monthsWithEnglish = EN_US_MONTHS;

	// harness: Zotero.Utilities.XRegExp(..., "iu") replaced by a native Unicode RegExp
	var _monthRe = (function () {
		let months = _monthsWithEnglish.short.map(m => m.toLowerCase())
			.concat(_monthsWithEnglish.long.map(m => m.toLowerCase()));
		return new RegExp("(.*)(?:^|[^\\p{L}])(" + months.join("|") + ")[^ ]*(?: (.*)$|$)", "iu");
	})();
	var _dayRe = null;

	Utilities_Date.getMonths = function (withEnglish) {
		if (withEnglish) {
			if (_monthsWithEnglish) return _monthsWithEnglish;
		}
		else {
			if (_months) return _months;
		}
		throw new Error("Zotero.Date: Zotero.Date.init() not called with resource/dateFormats.json");
	};

	Utilities_Date.dateToISO = function (date) {
		var year = date.getUTCFullYear();
		var month = date.getUTCMonth();
		var day = date.getUTCDate();
		var hours = date.getUTCHours();
		var minutes = date.getUTCMinutes();
		var seconds = date.getUTCSeconds();

		year = Zotero.Utilities.lpad(year, '0', 4);
		month = Zotero.Utilities.lpad(month + 1, '0', 2);
		day = Zotero.Utilities.lpad(day, '0', 2);
		hours = Zotero.Utilities.lpad(hours, '0', 2);
		minutes = Zotero.Utilities.lpad(minutes, '0', 2);
		seconds = Zotero.Utilities.lpad(seconds, '0', 2);

		return year + '-' + month + '-' + day + 'T'
			+ hours + ':' + minutes + ':' + seconds + 'Z';
	};

	var _slashRe = /^(.*?)\b([0-9]{1,4})(?:([\-\/\.\u5e74])([0-9]{1,2}))?(?:([\-\/\.\u6708])([0-9]{1,4}))?((?:\b|[^0-9]).*?)$/;
	var _yearRe = /^(.*?)\b((?:circa |around |about |c\.? ?)?[0-9]{1,4}(?: ?B\.? ?C\.?(?: ?E\.?)?| ?C\.? ?E\.?| ?A\.? ?D\.?)|[0-9]{3,4})\b(.*?)$/i;

	Utilities_Date.strToDate = function (string) {
		var date = {
			order: ''
		};

		if (typeof string == 'string' || typeof string == 'number') {
			string = Zotero.Utilities.trimInternal(string.toString());
		}

		// skip empty things
		if (!string) {
			return date;
		}

		var parts = [];

		// first, directly inspect the string
		var m = _slashRe.exec(string);
		if (m &&
			((!m[5] || !m[3]) || m[3] == m[5] || (m[3] == "\u5e74" && m[5] == "\u6708")) &&	// require sane separators
			((m[2] && m[4] && m[6]) || (!m[1] && !m[7]))) {						// require that either all parts are found,
			// or else this is the entire date field
			// figure out date based on parts
			if (m[2].length == 3 || m[2].length == 4 || m[3] == "\u5e74") {
				// ISO 8601 style date (big endian)
				date.year = m[2];
				date.month = m[4];
				date.day = m[6];
				date.order += m[2] ? 'y' : '';
				date.order += m[4] ? 'm' : '';
				date.order += m[6] ? 'd' : '';
			}
			else if (m[2] && !m[4] && m[6]) {
				date.month = m[2];
				date.year = m[6];
				date.order += m[2] ? 'm' : '';
				date.order += m[6] ? 'y' : '';
			}
			else {
				// local style date (middle or little endian)
				var country = Zotero.locale ? Zotero.locale.substr(3) : "US";
				if (country == "US" ||	// The United States
					country == "FM" ||	// The Federated States of Micronesia
					country == "PW" ||	// Palau
					country == "PH") {	// The Philippines
					date.month = m[2];
					date.day = m[4];
					date.order += m[2] ? 'm' : '';
					date.order += m[4] ? 'd' : '';
				}
				else {
					date.month = m[4];
					date.day = m[2];
					date.order += m[2] ? 'd' : '';
					date.order += m[4] ? 'm' : '';
				}
				date.year = m[6];
				if (m[6] !== undefined) {
					date.order += 'y';
				}
			}

			var longYear = date.year && date.year.toString().length > 2;
			if (date.year) date.year = parseInt(date.year, 10);
			if (date.day) date.day = parseInt(date.day, 10);
			if (date.month) {
				date.month = parseInt(date.month, 10);

				if (date.month > 12) {
					// swap day and month
					var tmp = date.day;
					date.day = date.month;
					date.month = tmp;
					date.order = date.order.replace('m', 'D')
						.replace('d', 'M')
						.replace('D', 'd')
						.replace('M', 'm');
				}
			}

			if ((!date.month || date.month <= 12) && (!date.day || date.day <= 31)) {
				// Parse pre-100 years with leading zeroes (001, 0001, 012, 0012, 0123, but not 08)
				if (date.year && date.year < 100 && !longYear) {
					var today = new Date();
					var year = today.getFullYear();
					var twoDigitYear = year % 100;
					var century = year - twoDigitYear;

					if (date.year <= twoDigitYear) {
						// assume this date is from our century
						date.year = century + date.year;
					}
					else {
						// assume this date is from the previous century
						date.year = century - 100 + date.year;
					}
				}

				if (date.month) date.month--;		// subtract one for JS style
				else delete date.month;

				parts.push(
					{ part: m[1], before: true },
					{ part: m[7] }
				);
			}
			else {
				// give up; we failed the sanity check
				Zotero.debug("DATE: algorithms failed sanity check");
				var date = {
					order: ''
				};
				parts.push({ part: string });
			}
		}
		else {
			parts.push({ part: string });
		}

		// couldn't find something with the algorithms; use regexp
		// YEAR
		if (!date.year) {
			for (var i in parts) {
				var m = _yearRe.exec(parts[i].part);
				if (m) {
					date.year = m[2];
					date.order = _insertDateOrderPart(date.order, 'y', parts[i]);
					parts.splice(
						i, 1,
						{ part: m[1], before: true },
						{ part: m[3] }
					);
					break;
				}
			}
		}

		// MONTH
		if (date.month === undefined) {
			// compile month regular expression
			let months = Utilities_Date.getMonths(true); // no 'this' for translator sandbox
			months = months.short.map(m => m.toLowerCase())
				.concat(months.long.map(m => m.toLowerCase()));
			for (var i in parts) {
				var m = _monthRe.exec(parts[i].part);
				if (m) {
					// Modulo 12 in case we have multiple languages
					date.month = months.indexOf(m[2].toLowerCase()) % 12;
					date.order = _insertDateOrderPart(date.order, 'm', parts[i]);
					parts.splice(
						i, 1,
						{ part: m[1], before: "m" },
						{ part: m[3], after: "m" }
					);
					break;
				}
			}
		}

		// DAY
		if (!date.day) {
			// compile day regular expression
			if (!_dayRe) {
				var daySuffixes = Zotero.isClient ? Zotero.getString("date.daySuffixes").replace(/, ?/g, "|") : "";
				_dayRe = new RegExp("\\b([0-9]{1,2})(?:" + daySuffixes + ")?\\b(.*)", "i");
			}

			for (var i in parts) {
				var m = _dayRe.exec(parts[i].part);
				if (m) {
					var day = parseInt(m[1], 10);
					// Sanity check
					if (day <= 31) {
						date.day = day;
						date.order = _insertDateOrderPart(date.order, 'd', parts[i]);
						if (m.index > 0) {
							var part = parts[i].part.substr(0, m.index);
							if (m[2]) {
								part += " " + m[2];
							}
						}
						else {
							var part = m[2];
						}
						parts.splice(
							i, 1,
							{ part: part }
						);
						break;
					}
				}
			}
		}

		// Concatenate date parts
		date.part = '';
		for (var i in parts) {
			date.part += parts[i].part + ' ';
		}

		// clean up date part
		if (date.part) {
			date.part = date.part.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "");
		}

		if (date.part === "" || date.part == undefined) {
			delete date.part;
		}

		//make sure year is always a string
		if (date.year || date.year === 0) date.year += '';

		return date;
	};

	function _insertDateOrderPart(dateOrder, part, partOrder) {
		if (!dateOrder) {
			return part;
		}
		if (partOrder.before === true) {
			return part + dateOrder;
		}
		if (partOrder.after === true) {
			return dateOrder + part;
		}
		if (partOrder.before) {
			var pos = dateOrder.indexOf(partOrder.before);
			if (pos == -1) {
				return dateOrder;
			}
			return dateOrder.replace(new RegExp("(" + partOrder.before + ")"), part + '$1');
		}
		if (partOrder.after) {
			var pos = dateOrder.indexOf(partOrder.after);
			if (pos == -1) {
				return dateOrder + part;
			}
			return dateOrder.replace(new RegExp("(" + partOrder.after + ")"), '$1' + part);
		}
		return dateOrder + part;
	}

	Utilities_Date.formatDate = function (date, shortFormat) {
		if (shortFormat) {
			var localeDateOrder = getLocaleDateOrder();
			var string = localeDateOrder[0] + "/" + localeDateOrder[1] + "/" + localeDateOrder[2];
			return string.replace("y", (date.year !== undefined ? date.year : "00"))
				.replace("m", (date.month !== undefined ? 1 + date.month : "0"))
				.replace("d", (date.day !== undefined ? date.day : "0"));
		}
		else {
			var string = "";

			if (date.part) {
				string += date.part + " ";
			}

			var months = Utilities_Date.getMonths().long; // no 'this' for translator sandbox
			if (date.month != undefined && months[date.month]) {
				// get short month strings from CSL interpreter
				string += months[date.month];
				if (date.day) {
					string += " " + date.day + ", ";
				}
				else {
					string += " ";
				}
			}

			if (date.year) {
				string += date.year;
			}
		}

		return string;
	};

	Utilities_Date.strToISO = function (str) {
		var date = this.strToDate(str);

		if (date.year) {
			var dateString = Zotero.Utilities.lpad(date.year, "0", 4);
			if (parseInt(date.month) == date.month) {
				dateString += "-" + Zotero.Utilities.lpad(date.month + 1, "0", 2);
				if (date.day) {
					dateString += "-" + Zotero.Utilities.lpad(date.day, "0", 2);
				}
			}
			return dateString;
		}
		return false;
	};

	// harness: without the EDTF library upstream falls back to strToDate; so does this port.
	Utilities_Date.strToMultipart = function (str) {
		if (!str) {
			return '';
		}

		var parts = this.strToDate(str);

		// FIXME: Until we have a better BCE date solution,
		// remove year value if not between 1 and 9999
		if (parts.year) {
			var year = parts.year + '';
			if (!year.match(/^[0-9]{1,4}$/)) {
				delete parts.year;
			}
		}

		parts.month = typeof parts.month != "undefined" ? parts.month + 1 : '';

		var multi = (parts.year ? Zotero.Utilities.lpad(parts.year, '0', 4) : '0000') + '-'
			+ Zotero.Utilities.lpad(parts.month, '0', 2) + '-'
			+ (parts.day ? Zotero.Utilities.lpad(parts.day, '0', 2) : '00')
			+ ' '
			+ str;
		return multi;
	};

	var _sqldatetimeRE = /^\-?[0-9]{4}\-(0[1-9]|10|11|12)\-(0[1-9]|[1-2][0-9]|30|31) ([0-1][0-9]|[2][0-3]):([0-5][0-9]):([0-5][0-9])$/;

	Utilities_Date.isSQLDateTime = function (str) {
		return _sqldatetimeRE.test(str);
	};

	function getLocaleDateOrder() {
		if (!_localeDateOrder) {
			switch (Zotero.locale ? Zotero.locale.substr(3) : "US") {
				// middle-endian
				case 'US': // The United States
				case 'BZ': // Belize
				case 'FM': // The Federated States of Micronesia
				case 'PA': // Panama
				case 'PH':	// The Philippines
				case 'PW':	// Palau
				case 'ZW': // Zimbabwe
					_localeDateOrder = 'mdy';
					break;

				// big-endian
				case 'fa': // Persian
				case 'AL': // Albania
				case 'CA': // Canada
				case 'CN': // China
				case 'HU': // Hungary
				case 'JP': // Japan
				case 'KE': // Kenya
				case 'KR': // Korea
				case 'LT': // Lithuania
				case 'LV': // Latvia
				case 'MN': // Mongolia
				case 'SE': // Sweden
				case 'TW': // Taiwan
				case 'ZA': // South Africa
					_localeDateOrder = 'ymd';
					break;

				// little-endian
				default:
					_localeDateOrder = 'dmy';
			}
		}
		return _localeDateOrder;
	}
	Utilities_Date.getLocaleDateOrder = getLocaleDateOrder;

	return Utilities_Date;
}

module.exports = { makeDate };
