// Validates Kubernetes objects against the OpenAPI schemas compiled into kubernetes-models.
// node validate.mjs <kubernetes-models directory> <objects.json>   (objects.json: a JSON array of objects)
// Prints one line per problem ("Kind/name: message") and exits 1 when there is any; 2 when a kind is unknown.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [modelsDir, file] = process.argv.slice(2);
const objects = JSON.parse(readFileSync(file, "utf8"));
let problems = 0;
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const module = group ? join(modelsDir, group, version, object.kind + ".js") : join(modelsDir, version, object.kind + ".js");
  const name = `${object.kind}/${object.metadata?.name}`;
  if (!existsSync(module)) {
    console.log(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
    process.exitCode = 2;
    continue;
  }
  const models = await import(pathToFileURL(module).href);
  try {
    new models[object.kind](object).validate();
  } catch (error) {
    console.log(`${name}: ${error.message}`);
    problems++;
  }
}
if (problems > 0 && !process.exitCode) process.exitCode = 1;
