/*
	Port of zotero/utilities cachedTypes.js (Zotero.ItemTypes, Zotero.CreatorTypes,
	Zotero.ItemFields as seen by translators and the translation framework).
	Copyright © 2011 Center for History and New Media, George Mason University.
	Part of Zotero; GNU Affero General Public License v3 or later.
	Changes: CommonJS instead of ES module; schema passed to the factory.
*/

'use strict';

function deepCopy(obj) {
	return JSON.parse(JSON.stringify(obj));
}

function makeCachedTypes(TypeSchema) {
	const schemaTypes = ["itemTypes", "creatorTypes", "fields"];
	const typeData = {};
	for (let i = 0; i < schemaTypes.length; i++) {
		let schemaType = schemaTypes[i];
		typeData[schemaType] = deepCopy(TypeSchema[schemaType]);
		for (let id in TypeSchema[schemaType]) {
			let entry = typeData[schemaType][id];
			entry.unshift(parseInt(id, 10));
			typeData[schemaType][entry[1]/* name */] = entry;
		}
	}
	const itemTypes = typeData.itemTypes;
	const creatorTypes = typeData.creatorTypes;
	const fields = typeData.fields;

	class Types {
		constructor(schemeType) {
			this.schemeType = schemeType;
		}

		get type() {
			return typeData[this.schemeType];
		}

		getID(idOrName) {
			const type = Object.prototype.hasOwnProperty.call(this.type, idOrName) ? this.type[idOrName] : undefined;
			return (type ? type[0]/* id */ : false);
		}

		getName(idOrName) {
			const type = Object.prototype.hasOwnProperty.call(this.type, idOrName) ? this.type[idOrName] : undefined;
			return (type ? type[1]/* name */ : false);
		}

		getLocalizedString(idOrName) {
			const type = this.type[idOrName];
			return (type ? type[2]/* localizedString */ : false);
		}
	}

	const ItemTypes = new Types("itemTypes");

	const CreatorTypes = new (class extends Types {
		constructor() {
			super("creatorTypes");
		}

		getTypesForItemType(idOrName) {
			const itemType = itemTypes[idOrName];
			if (!itemType) return false;

			const itemCreatorTypes = itemType[3]; // creatorTypes
			if (!itemCreatorTypes
					// TEMP: 'note' and 'attachment' have an array containing false
					|| (itemCreatorTypes.length == 1 && !itemCreatorTypes[0])) {
				return [];
			}
			const n = itemCreatorTypes.length;
			const outputTypes = new Array(n);

			for (let i = 0; i < n; i++) {
				const creatorType = creatorTypes[itemCreatorTypes[i]];
				outputTypes[i] = { id: creatorType[0]/* id */, name: creatorType[1]/* name */ };
			}
			return outputTypes;
		}

		getPrimaryIDForType(idOrName) {
			const itemType = itemTypes[idOrName];
			if (!itemType) return false;
			return itemType[3]/* creatorTypes */[0];
		}

		isValidForItemType(creatorTypeID, itemTypeID) {
			const itemType = itemTypes[itemTypeID];
			return itemType[3]/* creatorTypes */.includes(creatorTypeID);
		}
	})();

	const ItemFields = new (class extends Types {
		constructor() {
			super("fields");
		}

		isValidForType(fieldIdOrName, typeIdOrName) {
			const field = fields[fieldIdOrName], itemType = itemTypes[typeIdOrName];

			// mimics itemFields.js
			if (!field || !itemType) return false;

			/* fields */        /* id */
			return itemType[4].indexOf(field[0]) !== -1;
		}

		isBaseField(fieldID) {
			return fields[fieldID][2];
		}

		getFieldIDFromTypeAndBase(typeIdOrName, fieldIdOrName) {
			let baseField = fields[fieldIdOrName], itemType = itemTypes[typeIdOrName];

			if (!baseField || !itemType) return false;

			// get as ID
			baseField = baseField[0]/* id */;

			// loop through base fields for item type
			const baseFields = itemType[5];
			for (let i in baseFields) {
				if (baseFields[i] === baseField) {
					return i;
				}
			}

			return false;
		}

		getBaseIDFromTypeAndField(typeIdOrName, fieldIdOrName) {
			const field = fields[fieldIdOrName], itemType = itemTypes[typeIdOrName];
			if (!field || !itemType) {
				throw new Error("Invalid field or type ID");
			}

			const baseField = itemType[5]/* baseFields */[field[0]/* id */];
			return baseField ? baseField : false;
		}

		getItemTypeFields(typeIdOrName) {
			return itemTypes[typeIdOrName][4]/* fields */.slice();
		}
	})();

	return { ItemTypes, CreatorTypes, ItemFields };
}

module.exports = { makeCachedTypes };
