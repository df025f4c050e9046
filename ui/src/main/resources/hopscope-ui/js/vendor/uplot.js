// uPlot from its webjar. Maven's resource filtering writes the version (uplot.version in the parent
// POM) into this file and index.html, so no other file names it.
export { default } from '/webjars/uplot/${uplot.version}/dist/uPlot.esm.js';
