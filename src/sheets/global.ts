// Entry of the global bundle `dist/openspm.global.js` (`var OpenSPM`): the whole root API, plus the
// sheet functions under `OpenSPM.sheets`, so one script serves browsers, Excel and Apps Script.
export * from '../index';
export * as sheets from './index';
