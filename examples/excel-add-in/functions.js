// Registers every openspm sheet function with Excel. `npm run build` writes dist/excel/functions.js as the
// OpenSPM global bundle followed by this file, so one script serves both Excel runtimes (the JavaScript-only
// custom-functions runtime loads a single script). The ids match dist/excel/functions.json, generated from
// the same registry; the manifest's namespace makes them =SPM.TARGETSPLIT(…), =SPM.TIEREDCOMMISSION(…), …
/* global CustomFunctions, OpenSPM */
OpenSPM.sheets.registerExcelFunctions(CustomFunctions);
