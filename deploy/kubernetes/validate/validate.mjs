// Validates Kubernetes manifests against the API schema that the kubernetes-models package ships
// (its generated validators: types, required fields, enums, formats), with no cluster and no
// network. Usage: node validate.mjs FILE.yaml... (default: every ../*.yaml). Prints one line per
// document; exits 1 when any is invalid or cannot be checked.
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(join(here, "..")).filter((f) => f.endsWith(".yaml")).sort().map((f) => join(here, "..", f));

let invalid = 0;
let valid = 0;
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [index, document] of documents.entries()) {
    const where = `${file} document ${index + 1}`;
    if (document.errors.length > 0) {
      console.log(`${where}: INVALID: not YAML: ${document.errors[0].message.split("\n")[0]}`);
      invalid++;
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) {
      continue;
    }
    const apiVersion = String(object.apiVersion ?? "");
    const kind = String(object.kind ?? "");
    const name = `${kind || "?"} ${object.metadata?.name ?? "?"}`;
    if (!/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) {
      console.log(`${where}: INVALID: apiVersion '${apiVersion}' and kind '${kind}', expected e.g. batch/v1 and Job`);
      invalid++;
      continue;
    }
    let Model;
    try {
      // Core types are kubernetes-models/v1/KIND, the others kubernetes-models/GROUP/VERSION/KIND.
      ({ [kind]: Model } = await import(`kubernetes-models/${apiVersion}/${kind}`));
    } catch {
      Model = undefined;
    }
    if (Model === undefined) {
      console.log(`${where} (${name}): INVALID: ${apiVersion} ${kind} is not a Kubernetes API type`);
      invalid++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`${where} (${name}, ${apiVersion}): valid`);
      valid++;
    } catch (error) {
      console.log(`${where} (${name}, ${apiVersion}): INVALID: ${String(error.message).split("\n")[0]}`);
      invalid++;
    }
  }
}
console.log(`${valid} valid, ${invalid} invalid`);
process.exit(invalid > 0 || valid === 0 ? 1 : 0);
