// Runs before Decap CMS: our script (hhz-beheer.js) registers the YAML format and the
// preview first, then starts the CMS itself.
window.CMS_MANUAL_INIT = true;
