// The one format in the winget 1.9.0 schemas that ajv-formats does not define, for ajv-cli's -c.
// "long" (InstallerReturnCode) is an integer, bounded by the schema's minimum and maximum. With
// it defined, ajv keeps its strict mode, which refuses a schema naming a format it does not know.
"use strict";
module.exports = (ajv) => {
  ajv.addFormat("long", { type: "number", validate: Number.isInteger });
};
