// Validates every document of the YAML files named on the command line against the Kubernetes schemas of
// kubernetes-models. Prints one JSON line per document: {file, index, apiVersion, kind, status, error}.
// status: "valid", "invalid", or "unknown" (a kind kubernetes-models does not model; the caller checks those).
'use strict';
const fs = require('fs');
const yaml = require('js-yaml');

const results = [];
for (const file of process.argv.slice(2)) {
  let docs;
  try {
    docs = yaml.loadAll(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    results.push({ file, index: -1, status: 'invalid', error: 'YAML: ' + e.message });
    continue;
  }
  docs.forEach((doc, index) => {
    if (doc === null || doc === undefined) return;
    const apiVersion = doc.apiVersion || '';
    const kind = doc.kind || '';
    const slash = apiVersion.indexOf('/');
    const modulePath = slash < 0 ? `kubernetes-models/${apiVersion}` : `kubernetes-models/${apiVersion.slice(0, slash)}/${apiVersion.slice(slash + 1)}`;
    let Model;
    try {
      Model = require(modulePath)[kind];
    } catch (e) {
      Model = undefined;
    }
    if (typeof Model !== 'function') {
      results.push({ file, index, apiVersion, kind, status: 'unknown', error: null });
      return;
    }
    try {
      new Model(doc).validate();
      results.push({ file, index, apiVersion, kind, status: 'valid', error: null });
    } catch (e) {
      results.push({ file, index, apiVersion, kind, status: 'invalid', error: String(e.message || e) });
    }
  });
}
process.stdout.write(JSON.stringify(results));
