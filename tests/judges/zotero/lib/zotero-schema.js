/*
	Zotero item-type schema data, re-encoded from zotero/utilities
	resource/zoteroTypeSchemaData.js (ZOTERO_TYPE_SCHEMA, commit
	346c6bbbec92470468bb4fa453f5ff957704fafb; see translators/SOURCES.md).

	Copyright © Corporation for Digital Scholarship, Vienna, Virginia, USA.
	Part of Zotero; GNU Affero General Public License v3 or later.

	Upstream format, kept here: for each item type ID,
	  [name, localizedName, creatorTypeIDs, fieldIDs, {typeSpecificFieldID: baseFieldID}]
	Creator types and fields: ID -> [name, localizedName(, isBaseField)].
	Only the icon file names of the upstream file are left out.
*/

'use strict';

const itemTypes = {
	1: ['note', 'Note', [false], [], {}],
	2: ['book', 'Book', [1, 2, 3, 5, 4],
		[110, 90, 3, 30, 4, 45, 6, 14, 8, 7, 134, 135, 136, 130, 118, 11, 26, 126, 1, 27, 13, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 130: 109 }],
	3: ['bookSection', 'Book Section', [1, 29, 2, 3, 5, 4],
		[110, 90, 115, 3, 30, 4, 45, 6, 14, 8, 7, 134, 135, 136, 130, 10, 11, 26, 126, 1, 27, 13, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 115: 12, 130: 109 }],
	4: ['journalArticle', 'Journal Article', [1, 2, 3, 27, 4],
		[110, 90, 12, 8, 7, 14, 4, 5, 15, 137, 138, 10, 3, 28, 29, 25, 26, 126, 1, 27, 139, 140, 141, 13, 123, 19, 116, 87, 62, 18, 2, 22],
		{}],
	5: ['magazineArticle', 'Magazine Article', [1, 2, 27, 4],
		[110, 90, 12, 8, 7, 14, 4, 5, 10, 13, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{}],
	6: ['newspaperArticle', 'Newspaper Article', [1, 2, 27, 4],
		[110, 90, 12, 8, 7, 14, 4, 5, 6, 15, 10, 13, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{}],
	7: ['thesis', 'Thesis', [1, 2],
		[110, 90, 69, 89, 7, 14, 3, 30, 118, 26, 11, 126, 1, 27, 13, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 69: 108, 89: 8 }],
	8: ['letter', 'Letter', [1, 2, 16, 4],
		[110, 90, 65, 14, 133, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 65: 108 }],
	9: ['manuscript', 'Manuscript', [1, 2, 4],
		[110, 90, 66, 31, 7, 14, 118, 60, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 31: 8, 66: 108 }],
	10: ['interview', 'Interview', [6, 2, 7, 4],
		[110, 90, 64, 14, 8, 7, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 64: 109 }],
	11: ['film', 'Film', [8, 11, 2, 25, 32, 33, 10, 9, 4],
		[110, 90, 21, 7, 14, 122, 63, 77, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 21: 8, 63: 109, 122: 108 }],
	12: ['artwork', 'Artwork', [22, 2],
		[110, 90, 59, 61, 14, 133, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 59: 109 }],
	13: ['webpage', 'Web Page', [1, 2, 4],
		[110, 90, 91, 70, 14, 8, 7, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 70: 108, 91: 12 }],
	14: ['attachment', 'Attachment', [false], [110, 27, 1], {}],
	15: ['report', 'Report', [1, 2, 3, 5, 4],
		[110, 90, 92, 32, 31, 7, 14, 28, 30, 10, 26, 11, 126, 1, 27, 13, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 31: 8, 32: 108, 92: 60 }],
	16: ['bill', 'Bill', [12, 2, 28],
		[110, 90, 93, 36, 94, 15, 95, 41, 40, 42, 14, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 41: 127, 93: 60, 94: 4, 95: 10 }],
	17: ['case', 'Case', [1, 2, 13],
		[111, 90, 44, 96, 117, 43, 97, 98, 42, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 44: 127, 96: 14, 97: 4, 98: 10, 111: 110, 117: 60 }],
	18: ['hearing', 'Hearing', [2],
		[110, 90, 46, 8, 45, 99, 10, 41, 40, 42, 14, 7, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 41: 127, 99: 60 }],
	19: ['patent', 'Patent', [14, 15, 2],
		[110, 90, 7, 102, 48, 120, 50, 121, 10, 103, 51, 52, 142, 53, 54, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 50: 60, 52: 14, 54: 131, 120: 127, 142: 134 }],
	20: ['statute', 'Statute', [1, 2],
		[112, 90, 36, 55, 101, 100, 10, 15, 40, 42, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 100: 14, 101: 60, 112: 110 }],
	21: ['email', 'E-mail', [1, 2, 16, 4],
		[113, 90, 14, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 113: 110 }],
	22: ['map', 'Map', [20, 2, 5],
		[110, 90, 67, 68, 28, 6, 8, 7, 14, 26, 11, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 67: 108 }],
	23: ['blogPost', 'Blog Post', [1, 23, 2, 4],
		[110, 90, 107, 70, 14, 26, 126, 1, 27, 13, 116, 87, 2, 22],
		{ 70: 108, 107: 12 }],
	24: ['instantMessage', 'Instant Message', [1, 2, 16],
		[110, 90, 14, 26, 126, 1, 27, 116, 87, 2, 22],
		{}],
	25: ['forumPost', 'Forum Post', [1, 2],
		[110, 90, 104, 79, 14, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 79: 108, 104: 12 }],
	26: ['audioRecording', 'Audio Recording', [17, 18, 2, 30, 31, 4, 19],
		[110, 90, 71, 28, 4, 45, 72, 7, 14, 77, 11, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 71: 109, 72: 8 }],
	27: ['presentation', 'Presentation', [24, 36, 2, 37, 4],
		[110, 90, 74, 14, 75, 7, 3, 143, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 74: 108, 143: 12 }],
	28: ['videoRecording', 'Video Recording', [38, 11, 2, 30, 8, 34, 25, 32, 33, 10, 9, 4],
		[110, 90, 63, 28, 4, 45, 76, 7, 14, 77, 11, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 63: 109, 76: 8 }],
	29: ['tvBroadcast', 'TV Broadcast', [8, 11, 2, 34, 25, 32, 33, 10, 9, 35, 4],
		[110, 90, 119, 105, 63, 78, 7, 14, 77, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 63: 109, 78: 8, 105: 60, 119: 12 }],
	30: ['radioBroadcast', 'Radio Broadcast', [30, 11, 2, 8, 34, 25, 32, 10, 9, 35, 4],
		[110, 90, 119, 105, 71, 78, 7, 14, 77, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 71: 109, 78: 8, 105: 60, 119: 12 }],
	31: ['podcast', 'Podcast', [26, 11, 2, 8, 34, 25, 10, 9, 35, 4],
		[110, 90, 28, 105, 80, 14, 8, 7, 77, 26, 126, 1, 27, 116, 87, 2, 22],
		{ 80: 109, 105: 60 }],
	32: ['computerProgram', 'Software', [21, 2],
		[110, 90, 28, 81, 14, 82, 83, 7, 88, 2, 126, 1, 27, 26, 11, 123, 19, 62, 18, 116, 22],
		{ 83: 8 }],
	33: ['conferencePaper', 'Conference Paper', [1, 2, 3, 5, 4],
		[110, 90, 114, 84, 8, 7, 14, 4, 10, 3, 26, 11, 126, 1, 27, 13, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 114: 12 }],
	34: ['document', 'Document', [1, 2, 3, 27, 4],
		[110, 90, 108, 14, 8, 7, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{}],
	35: ['encyclopediaArticle', 'Encyclopedia Article', [1, 2, 3, 5, 4],
		[110, 90, 85, 3, 30, 4, 45, 6, 14, 8, 7, 10, 11, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 85: 12 }],
	36: ['dictionaryEntry', 'Dictionary Entry', [1, 2, 3, 5, 4],
		[110, 90, 86, 3, 30, 4, 45, 6, 14, 8, 7, 10, 11, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 86: 12 }],
	37: ['annotation', 'Annotation', [false], [], {}],
	38: ['preprint', 'Preprint', [1, 2, 3, 27, 4],
		[110, 90, 122, 124, 125, 7, 14, 3, 30, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 122: 108, 124: 8, 125: 60 }],
	39: ['dataset', 'Dataset', [1, 2],
		[110, 90, 128, 108, 81, 14, 124, 129, 130, 26, 126, 1, 27, 123, 19, 116, 87, 62, 18, 2, 22],
		{ 124: 8, 128: 60, 129: 7, 130: 109 }],
	40: ['standard', 'Standard', [1, 2],
		[110, 90, 132, 46, 108, 60, 81, 131, 14, 8, 7, 26, 126, 1, 27, 123, 19, 116, 118, 87, 62, 18, 2, 22],
		{ 132: 127 }],
	10001: ['nsfReviewer', 'NSF Reviewer', [false],
		[10001, 31, 10002, 10003, 10004, 10005, 10006, 10007, 10008, 10009, 10010, 10011],
		{ 31: false, 10001: 110, 10005: 1, 10008: 14 }]
};

const creatorTypeNames = [null, 'author', 'contributor', 'editor', 'translator', 'seriesEditor',
	'interviewee', 'interviewer', 'director', 'scriptwriter', 'producer', 'castMember', 'sponsor',
	'counsel', 'inventor', 'attorneyAgent', 'recipient', 'performer', 'composer', 'wordsBy',
	'cartographer', 'programmer', 'artist', 'commenter', 'presenter', 'guest', 'podcaster',
	'reviewedAuthor', 'cosponsor', 'bookAuthor', 'creator', 'originalCreator', 'host', 'narrator',
	'executiveProducer', 'seriesCreator', 'chair', 'organizer', 'uploader'];

// field ID -> [name, isBaseField]
const fieldList = {
	1: ['url', true], 2: ['rights', true], 3: ['series', true], 4: ['volume', true],
	5: ['issue', true], 6: ['edition', true], 7: ['place', true], 8: ['publisher', true],
	10: ['pages', true], 11: ['ISBN', true], 12: ['publicationTitle', true], 13: ['ISSN', true],
	14: ['date', true], 15: ['section', true], 18: ['callNumber', true], 19: ['archiveLocation', true],
	21: ['distributor', false], 22: ['extra', true], 25: ['journalAbbreviation', true], 26: ['DOI', true],
	27: ['accessDate', true], 28: ['seriesTitle', true], 29: ['seriesText', true], 30: ['seriesNumber', true],
	31: ['institution', false], 32: ['reportType', false], 36: ['code', true], 40: ['session', true],
	41: ['legislativeBody', false], 42: ['history', true], 43: ['reporter', true], 44: ['court', false],
	45: ['numberOfVolumes', true], 46: ['committee', true], 48: ['assignee', true], 50: ['patentNumber', false],
	51: ['priorityNumbers', true], 52: ['issueDate', false], 53: ['references', true], 54: ['legalStatus', false],
	55: ['codeNumber', true], 59: ['artworkMedium', false], 60: ['number', true], 61: ['artworkSize', true],
	62: ['libraryCatalog', true], 63: ['videoRecordingFormat', false], 64: ['interviewMedium', false],
	65: ['letterType', false], 66: ['manuscriptType', false], 67: ['mapType', false], 68: ['scale', true],
	69: ['thesisType', false], 70: ['websiteType', false], 71: ['audioRecordingFormat', false],
	72: ['label', false], 74: ['presentationType', false], 75: ['meetingName', true], 76: ['studio', false],
	77: ['runningTime', true], 78: ['network', false], 79: ['postType', false], 80: ['audioFileType', false],
	81: ['versionNumber', true], 82: ['system', true], 83: ['company', false], 84: ['conferenceName', true],
	85: ['encyclopediaTitle', false], 86: ['dictionaryTitle', false], 87: ['language', true],
	88: ['programmingLanguage', true], 89: ['university', false], 90: ['abstractNote', true],
	91: ['websiteTitle', false], 92: ['reportNumber', false], 93: ['billNumber', false], 94: ['codeVolume', false],
	95: ['codePages', false], 96: ['dateDecided', false], 97: ['reporterVolume', false], 98: ['firstPage', false],
	99: ['documentNumber', false], 100: ['dateEnacted', false], 101: ['publicLawNumber', false],
	102: ['country', true], 103: ['applicationNumber', true], 104: ['forumTitle', false],
	105: ['episodeNumber', false], 107: ['blogTitle', false], 108: ['type', true], 109: ['medium', true],
	110: ['title', true], 111: ['caseName', false], 112: ['nameOfAct', false], 113: ['subject', false],
	114: ['proceedingsTitle', false], 115: ['bookTitle', false], 116: ['shortTitle', true],
	117: ['docketNumber', false], 118: ['numPages', true], 119: ['programTitle', false],
	120: ['issuingAuthority', false], 121: ['filingDate', true], 122: ['genre', false], 123: ['archive', true],
	124: ['repository', false], 125: ['archiveID', false], 126: ['citationKey', true], 127: ['authority', true],
	128: ['identifier', false], 129: ['repositoryLocation', false], 130: ['format', false], 131: ['status', true],
	132: ['organization', false], 133: ['eventPlace', true], 134: ['originalDate', true],
	135: ['originalPublisher', true], 136: ['originalPlace', true], 137: ['partNumber', true],
	138: ['partTitle', true], 139: ['PMID', true], 140: ['PMCID', true], 141: ['arXivID', true],
	142: ['priorityDate', false], 143: ['sessionTitle', false],
	10001: ['name', false], 10002: ['address', true], 10003: ['telephone', true], 10004: ['email', true],
	10005: ['homepage', false], 10006: ['discipline', true], 10007: ['nsfID', true], 10008: ['dateSent', false],
	10009: ['dateDue', true], 10010: ['accepted', true], 10011: ['programDirector', true]
};

function build() {
	const schema = { itemTypes: {}, creatorTypes: {}, fields: {} };
	for (const id in itemTypes) schema.itemTypes[id] = JSON.parse(JSON.stringify(itemTypes[id]));
	creatorTypeNames.forEach((name, id) => {
		if (name) schema.creatorTypes[id] = [name, name.charAt(0).toUpperCase() + name.slice(1)];
	});
	for (const id in fieldList) schema.fields[id] = [fieldList[id][0], fieldList[id][0], fieldList[id][1]];
	return schema;
}

/**
 * The schema in ZOTERO_TYPE_SCHEMA form. With {noDOIForWebTypes: true}, blogPost and webpage
 * lose the DOI field (26), to show what Embedded Metadata does in a Zotero whose schema does
 * not have a DOI field for those item types (it then writes "DOI: ..." into Extra).
 */
function getSchema(options = {}) {
	const schema = build();
	if (options.noDOIForWebTypes) {
		for (const id of [13, 23]) {
			schema.itemTypes[id][3] = schema.itemTypes[id][3].filter(f => f !== 26);
		}
	}
	return schema;
}

module.exports = { getSchema };
