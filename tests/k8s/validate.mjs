#!/usr/bin/env node
// Offline validation of the Kubernetes manifests under k8s/.
//
// Usage: node validate.mjs <k8s-dir>      (validate.sh passes ../../k8s)
//
// No kubectl and no network: a small kustomize subset is implemented here.
// Every directory under <k8s-dir> that holds a kustomization.yaml (base and
// each overlay) is built and each resulting document is
//   1. matched to a model class by apiVersion + kind (kubernetes-models,
//      @kubernetes-models/cloudnative-pg, @kubernetes-models/prometheus-operator);
//      an unknown or removed apiVersion/kind is a failure;
//   2. validated against the model's JSON schema (.validate());
//   3. checked for fields the schema does not define (typos such as
//      "contaners"), which .validate() alone accepts;
//   4. checked against the project rules (see checkProjectRules).
// Each build is also checked for dangling references (checkReferences), and
// every YAML file under <k8s-dir> must be used by some kustomization.
// Kustomize subset: resources (files and directories), patches (strategic
// merge patch files listed as `- path: ...`), namespace, images. Any other
// kustomization field is reported as unsupported, so that the validator is
// extended rather than silently ignoring a transformation.
//
// Exit status: 0 when everything passes, 1 on any failure, 2 on bad usage.

import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import * as coreModels from "kubernetes-models";
import * as cnpgModels from "@kubernetes-models/cloudnative-pg";
import * as promModels from "@kubernetes-models/prometheus-operator";

// ---------------------------------------------------------------- models --

const MODELS = new Map(); // "apiVersion/kind" -> model class
const BUILTIN = new Set(); // keys served by kubernetes-models (strategic merge applies)
{
  const seen = new Set();
  const walk = (ns, builtin) => {
    if (!ns || seen.has(ns)) return;
    seen.add(ns);
    for (const value of Object.values(ns)) {
      if (typeof value === "function" && typeof value.apiVersion === "string" &&
          typeof value.kind === "string") {
        const key = `${value.apiVersion}/${value.kind}`;
        MODELS.set(key, value);
        if (builtin) BUILTIN.add(key);
      } else if (value && typeof value === "object") {
        walk(value, builtin);
      }
    }
  };
  walk(coreModels, true);
  walk(cnpgModels, false);
  walk(promModels, false);
}

// API groups/versions that a current cluster (>= 1.26) no longer serves.
const REMOVED_API_VERSIONS = {
  "extensions/v1beta1": "1.22",
  "apps/v1beta1": "1.16",
  "apps/v1beta2": "1.16",
  "batch/v1beta1": "1.25",
  "policy/v1beta1": "1.25",
  "autoscaling/v2beta1": "1.25",
  "autoscaling/v2beta2": "1.26",
  "networking.k8s.io/v1beta1": "1.22",
  "rbac.authorization.k8s.io/v1beta1": "1.22",
  "discovery.k8s.io/v1beta1": "1.25",
  "events.k8s.io/v1beta1": "1.25",
  "storage.k8s.io/v1beta1": "1.22",
  "scheduling.k8s.io/v1beta1": "1.22",
  "node.k8s.io/v1beta1": "1.25",
  "coordination.k8s.io/v1beta1": "1.22",
  "certificates.k8s.io/v1beta1": "1.22",
  "admissionregistration.k8s.io/v1beta1": "1.22",
  "apiextensions.k8s.io/v1beta1": "1.22",
  "apiregistration.k8s.io/v1beta1": "1.22",
  "flowcontrol.apiserver.k8s.io/v1beta1": "1.26",
  "flowcontrol.apiserver.k8s.io/v1beta2": "1.29",
};

// Kinds that are not namespaced (the namespace transformer leaves them alone).
const CLUSTER_SCOPED = new Set([
  "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole",
  "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
  "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
  "APIService", "CSIDriver", "CSINode", "RuntimeClass", "IngressClass",
  "ClusterImageCatalog", "VolumeAttachment", "CertificateSigningRequest",
  "FlowSchema", "PriorityLevelConfiguration",
]);

// ------------------------------------------------------------- reporting --

const failures = [];
let passed = 0;
let failedDocs = 0;
let failuresInDocs = 0; // failures recorded while checking documents

function docLabel(doc) {
  const kind = doc.obj && typeof doc.obj === "object" ? doc.obj.kind ?? "<no kind>" : "<not a mapping>";
  const name = doc.obj?.metadata?.name ?? "<no name>";
  return `${kind}/${name}`;
}

function where(doc) {
  return `${doc.file}${doc.count > 1 ? ` (document ${doc.index + 1})` : ""}`;
}

function fail(context, message) {
  failures.push(`${context}: ${message}`);
}

// --------------------------------------------------------------- loading --

let ROOT = ".";
const rel = (p) => path.relative(ROOT, p) || ".";

function readYamlDocs(file) {
  const text = fs.readFileSync(file, "utf8");
  // Kubernetes (sigs.k8s.io/yaml) reads YAML 1.1: yes/no/on/off are booleans.
  const parsed = YAML.parseAllDocuments(text, { version: "1.1", uniqueKeys: true });
  const docs = [];
  const list = Array.isArray(parsed) ? parsed : [parsed];
  list.forEach((d, index) => {
    if (d.errors && d.errors.length) {
      throw new Error(`YAML parse error in ${rel(file)}: ${d.errors.map((e) => e.message.split("\n")[0].replace(/:$/, "")).join("; ")}`);
    }
    const obj = d.toJS({ maxAliasCount: 100 });
    if (obj === null || obj === undefined) return; // empty document (e.g. trailing ---)
    docs.push({ file: rel(file), index, obj });
  });
  docs.forEach((d) => { d.count = docs.length; });
  return docs;
}

function findKustomizationFile(dir) {
  for (const name of ["kustomization.yaml", "kustomization.yml", "Kustomization"]) {
    const p = path.join(dir, name);
    if (fs.existsSync(p)) return p;
  }
  return null;
}

const SUPPORTED_KUSTOMIZATION_FIELDS = new Set([
  "apiVersion", "kind", "resources", "patches", "namespace", "images",
]);

function sameResource(a, b) {
  return a.apiVersion === b.apiVersion && a.kind === b.kind &&
    a.metadata?.name === b.metadata?.name;
}

// Builds the kustomization in `dir`. Returns the documents it produces;
// problems (missing files, parse errors, patch targets that do not exist...)
// are pushed to `problems` and the build goes on with what it could read.
// Every file read is recorded in `usedFiles`.
function build(dir, usedFiles, problems, stack = []) {
  const kfile = findKustomizationFile(dir);
  if (!kfile) { problems.push(`${rel(dir)}: no kustomization.yaml`); return []; }
  if (stack.includes(dir)) { problems.push(`${rel(kfile)}: resource cycle through ${rel(dir)}`); return []; }
  usedFiles.add(path.resolve(kfile));
  let k;
  try {
    k = readYamlDocs(kfile)[0]?.obj ?? {};
  } catch (e) {
    problems.push(e.message);
    return [];
  }
  const ctx = rel(kfile);
  if (!isPlainObject(k)) { problems.push(`${ctx}: not a mapping`); return []; }
  if (k.kind !== undefined && k.kind !== "Kustomization") {
    problems.push(`${ctx}: kind must be Kustomization, got ${k.kind}`);
  }
  for (const field of Object.keys(k)) {
    if (!SUPPORTED_KUSTOMIZATION_FIELDS.has(field)) {
      problems.push(`${ctx}: field "${field}" is not supported by tests/k8s/validate.mjs ` +
        `(supported: ${[...SUPPORTED_KUSTOMIZATION_FIELDS].join(", ")}); extend the validator`);
    }
  }

  let docs = [];
  for (const entry of k.resources ?? []) {
    if (typeof entry !== "string") { problems.push(`${ctx}: resources entries must be strings`); continue; }
    if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith("github.com/")) {
      problems.push(`${ctx}: remote resource "${entry}" cannot be validated offline`);
      continue;
    }
    const p = path.resolve(dir, entry);
    if (!fs.existsSync(p)) { problems.push(`${ctx}: resource "${entry}" does not exist`); continue; }
    if (fs.statSync(p).isDirectory()) {
      docs = docs.concat(build(p, usedFiles, problems, [...stack, dir]));
    } else {
      usedFiles.add(p);
      try {
        docs = docs.concat(readYamlDocs(p));
      } catch (e) {
        problems.push(e.message);
      }
    }
  }

  // Patches: strategic merge patch files. Target = apiVersion + kind + name.
  for (const entry of k.patches ?? []) {
    if (!isPlainObject(entry) || typeof entry.path !== "string" || entry.target || entry.patch || entry.options) {
      problems.push(`${ctx}: only "- path: <file>" patches are supported, got ${JSON.stringify(entry)}`);
      continue;
    }
    const p = path.resolve(dir, entry.path);
    if (!fs.existsSync(p)) { problems.push(`${ctx}: patch "${entry.path}" does not exist`); continue; }
    usedFiles.add(p);
    let pdocs;
    try {
      pdocs = readYamlDocs(p);
    } catch (e) {
      problems.push(e.message);
      continue;
    }
    for (const pdoc of pdocs) {
      const patch = pdoc.obj;
      const pctx = `${where(pdoc)} (patch)`;
      if (!isPlainObject(patch) || !patch.apiVersion || !patch.kind || !patch.metadata?.name) {
        problems.push(`${pctx}: a patch needs apiVersion, kind and metadata.name`);
        continue;
      }
      const i = docs.findIndex((d) => sameResource(d.obj, patch));
      if (i < 0) {
        problems.push(`${pctx}: target ${patch.apiVersion} ${patch.kind}/${patch.metadata.name} ` +
          `is not among the resources of ${ctx}`);
        continue;
      }
      console.log(`OK   patch ${pdoc.file}: target ${patch.kind}/${patch.metadata.name} found`);
      if (patch.$patch === "delete") {
        docs.splice(i, 1);
        continue;
      }
      const builtin = BUILTIN.has(`${patch.apiVersion}/${patch.kind}`);
      const merged = mergePatch(docs[i].obj, patch, builtin, "");
      docs[i] = { ...docs[i], obj: merged, patched: [...(docs[i].patched ?? []), pdoc.file] };
    }
  }

  if (k.namespace !== undefined) {
    docs = docs.map((d) => {
      if (!isPlainObject(d.obj) || CLUSTER_SCOPED.has(d.obj.kind)) return d;
      return { ...d, obj: { ...d.obj, metadata: { ...d.obj.metadata, namespace: k.namespace } } };
    });
  }

  for (const img of k.images ?? []) {
    if (!img?.name) { problems.push(`${ctx}: images entries need a name`); continue; }
    let matched = 0;
    docs = docs.map((d) => {
      const obj = structuredClone(d.obj);
      for (const c of allContainers(obj)) {
        if (typeof c.image === "string" && imageName(c.image) === img.name) {
          const name = img.newName ?? img.name;
          if (img.digest) c.image = `${name}@${img.digest}`;
          else if (img.newTag) c.image = `${name}:${img.newTag}`;
          else c.image = name + c.image.slice(imageName(c.image).length);
          matched++;
        }
      }
      return { ...d, obj };
    });
    if (!matched) problems.push(`${ctx}: images entry "${img.name}" matches no container image`);
  }
  return docs;
}

function imageName(image) {
  const at = image.indexOf("@");
  const noDigest = at >= 0 ? image.slice(0, at) : image;
  const colon = noDigest.lastIndexOf(":");
  return colon > noDigest.lastIndexOf("/") ? noDigest.slice(0, colon) : noDigest;
}

// List fields that strategic merge patch merges by key (for built-in kinds);
// other lists are replaced, as with JSON merge patch (used for custom resources).
const MERGE_KEYS = {
  containers: "name", initContainers: "name", ephemeralContainers: "name",
  env: "name", volumes: "name", volumeMounts: "mountPath", imagePullSecrets: "name",
  hostAliases: "ip", topologySpreadConstraints: "topologyKey",
};

function isPlainObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function mergePatch(target, patch, builtin, field) {
  if (isPlainObject(patch)) {
    if (patch.$patch === "replace") {
      const { $patch, ...rest } = patch;
      return structuredClone(rest);
    }
    const out = isPlainObject(target) ? { ...target } : {};
    for (const [key, value] of Object.entries(patch)) {
      if (key === "$patch") continue;
      if (value === null) delete out[key];
      else out[key] = mergePatch(out[key], value, builtin, key);
    }
    return out;
  }
  if (Array.isArray(patch) && builtin && Array.isArray(target)) {
    const mergeKey = field === "ports" ? (target[0]?.containerPort !== undefined ? "containerPort" : "port")
      : MERGE_KEYS[field];
    if (mergeKey && patch.every((p) => isPlainObject(p) && p[mergeKey] !== undefined)) {
      const out = target.map((t) => structuredClone(t));
      for (const item of patch) {
        const i = out.findIndex((t) => isPlainObject(t) && t[mergeKey] === item[mergeKey]);
        if (item.$patch === "delete") { if (i >= 0) out.splice(i, 1); continue; }
        if (i >= 0) out[i] = mergePatch(out[i], item, builtin, "");
        else out.push(mergePatch(undefined, item, builtin, ""));
      }
      return out;
    }
  }
  return structuredClone(patch);
}

// ------------------------------------------------------------ validation --

function podSpecOf(obj) {
  switch (obj?.kind) {
    case "Pod": return obj.spec;
    case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet": case "Job":
      return obj.spec?.template?.spec;
    case "CronJob": return obj.spec?.jobTemplate?.spec?.template?.spec;
    default: return undefined;
  }
}

function allContainers(obj) {
  const spec = podSpecOf(obj);
  if (!spec) return [];
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])].filter(isPlainObject);
}

// Fields that the schema does not define. The generated validators read every
// property they know (`data.<name>`) and enumerate the keys of free-form maps
// (labels, ConfigMap data, ...). Running the validator over a recording Proxy
// tells which keys of each object it knows; any other key is unknown.
// Objects the validator never looked into (free-form or preserve-unknown-fields)
// are not judged.
function unknownFields(model) {
  const data = structuredClone(model.toJSON());
  const read = new WeakMap();
  const enumerated = new WeakSet();
  const proxies = new WeakMap();
  const note = (t, k) => {
    if (typeof k !== "string") return;
    if (!read.has(t)) read.set(t, new Set());
    read.get(t).add(k);
  };
  const handler = {
    get(t, k, r) { note(t, k); return wrap(Reflect.get(t, k, r)); },
    has(t, k) { note(t, k); return Reflect.has(t, k); },
    getOwnPropertyDescriptor(t, k) { note(t, k); return Reflect.getOwnPropertyDescriptor(t, k); },
    ownKeys(t) { enumerated.add(t); return Reflect.ownKeys(t); },
  };
  function wrap(v) {
    if (v === null || typeof v !== "object") return v;
    if (!proxies.has(v)) proxies.set(v, new Proxy(v, handler));
    return proxies.get(v);
  }
  try { model.validate.call(wrap(data)); } catch { /* schema errors are reported separately */ }
  const unknown = [];
  (function visit(v, p) {
    if (Array.isArray(v)) { v.forEach((x, i) => visit(x, `${p}/${i}`)); return; }
    if (!isPlainObject(v)) return;
    const seen = read.get(v);
    const judge = seen && seen.size > 0 && !enumerated.has(v);
    for (const [k, x] of Object.entries(v)) {
      if (judge && !seen.has(k)) unknown.push(`${p}/${k}`);
      visit(x, `${p}/${k}`);
    }
  })(data, "");
  return unknown;
}

function validateSchema(doc, ctx) {
  const obj = doc.obj;
  if (!isPlainObject(obj)) return fail(ctx, "document is not a mapping");
  if (!obj.apiVersion || !obj.kind) return fail(ctx, "missing apiVersion or kind");
  if (!obj.metadata?.name) return fail(ctx, "missing metadata.name");
  const removedIn = REMOVED_API_VERSIONS[obj.apiVersion];
  if (removedIn) {
    return fail(ctx, `apiVersion ${obj.apiVersion} was removed in Kubernetes ${removedIn}`);
  }
  const Model = MODELS.get(`${obj.apiVersion}/${obj.kind}`);
  if (!Model) return fail(ctx, `unknown apiVersion/kind ${obj.apiVersion} ${obj.kind} (no model)`);
  let model;
  try {
    model = new Model(obj);
  } catch (e) {
    return fail(ctx, `cannot build the ${obj.kind} model: ${e.message}`);
  }
  try {
    model.validate();
  } catch (e) {
    const detail = Array.isArray(e.errors)
      ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message}${x.params?.allowedValues ? ` (${x.params.allowedValues.join(", ")})` : ""}`).join("; ")
      : e.message;
    fail(ctx, `schema error: ${detail}`);
  }
  const unknown = unknownFields(model);
  if (unknown.length) fail(ctx, `unknown field(s) not in the ${obj.kind} schema: ${unknown.join(", ")}`);
}

const DB_URL_RE = /\b(postgres|postgresql):\/\//i;
const DB_URL_KEY_RE = /database[-_]?url/i;

function checkProjectRules(doc, ctx) {
  const obj = doc.obj;
  if (!isPlainObject(obj)) return;

  if (["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"].includes(obj.kind)) {
    const containers = allContainers(obj);
    if (!containers.length) fail(ctx, "no containers");
    for (const c of containers) {
      const cctx = `${ctx} container "${c.name}"`;
      const sc = c.securityContext ?? {};
      if (sc.runAsNonRoot !== true) fail(cctx, "securityContext.runAsNonRoot must be true");
      if (sc.readOnlyRootFilesystem !== true) fail(cctx, "securityContext.readOnlyRootFilesystem must be true");
      if (sc.allowPrivilegeEscalation !== false) fail(cctx, "securityContext.allowPrivilegeEscalation must be false");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(cctx, "securityContext.capabilities.drop must include ALL");
      const limits = c.resources?.limits ?? {};
      if (limits.cpu === undefined || limits.memory === undefined) {
        fail(cctx, "resources.limits.cpu and resources.limits.memory are required");
      }
      const requests = c.resources?.requests ?? {};
      if (requests.cpu === undefined || requests.memory === undefined) {
        fail(cctx, "resources.requests.cpu and resources.requests.memory are required");
      }
      for (const e of c.env ?? []) {
        if (DB_URL_KEY_RE.test(e.name ?? "") && e.value !== undefined) {
          fail(cctx, `env ${e.name} must come from a Secret (valueFrom.secretKeyRef), not a literal value`);
        }
        if (typeof e.value === "string" && DB_URL_RE.test(e.value)) {
          fail(cctx, `env ${e.name} holds a literal database URL`);
        }
      }
    }
    const pod = podSpecOf(obj) ?? {};
    if (pod.securityContext?.seccompProfile?.type !== "RuntimeDefault" &&
        containers.some((c) => c.securityContext?.seccompProfile?.type !== "RuntimeDefault")) {
      fail(ctx, "seccompProfile RuntimeDefault is required (pod or every container)");
    }
  }

  if (obj.kind === "Deployment") {
    for (const c of obj.spec?.template?.spec?.containers ?? []) {
      // gRPC probes for gRPC servers; concierge-web answers HTTP
      // (/healthz, /readyz).
      for (const probe of ["readinessProbe", "livenessProbe"]) {
        if (!c[probe]?.grpc?.port && !c[probe]?.httpGet?.port) {
          fail(`${ctx} container "${c.name}"`, `${probe} must be a gRPC probe (grpc.port) or an HTTP probe (httpGet.port)`);
        }
      }
    }
    if ((obj.spec?.replicas ?? 1) < 2) fail(ctx, "spec.replicas must be at least 2");
    const ru = obj.spec?.strategy?.rollingUpdate;
    if (ru && ru.maxUnavailable !== 0) fail(ctx, "strategy.rollingUpdate.maxUnavailable must be 0");
  }

  if (obj.kind === "ConfigMap") {
    for (const [key, value] of Object.entries({ ...(obj.data ?? {}), ...(obj.binaryData ?? {}) })) {
      const text = String(value);
      let decoded = "";
      if (obj.binaryData && key in obj.binaryData) decoded = Buffer.from(text, "base64").toString("utf8");
      if (DB_URL_KEY_RE.test(key) || DB_URL_RE.test(text) || DB_URL_RE.test(decoded)) {
        fail(ctx, `ConfigMap key "${key}" holds a database URL; database URLs belong in a Secret`);
      }
    }
  }
}

// Cross-references inside one build output.
function matches(selector, labels) {
  if (!isPlainObject(selector) || !Object.keys(selector).length) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function checkReferences(docs, buildCtx) {
  const objs = docs.map((d) => d.obj).filter(isPlainObject);
  const find = (kind, name) => objs.find((o) => o.kind === kind && o.metadata?.name === name);
  const templates = objs.filter((o) => podSpecOf(o) && o.kind !== "Job" && o.kind !== "CronJob")
    .map((o) => o.spec?.template?.metadata?.labels ?? {});
  for (const d of docs) {
    const o = d.obj;
    if (!isPlainObject(o)) continue;
    const ctx = `${buildCtx} ${where(d)} ${docLabel(d)}`;
    for (const c of allContainers(o)) {
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef && ef.configMapRef.optional !== true && !find("ConfigMap", ef.configMapRef.name)) {
          fail(ctx, `container "${c.name}" envFrom ConfigMap "${ef.configMapRef.name}" is not defined`);
        }
      }
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.configMapKeyRef;
        if (ref && ref.optional !== true) {
          const cm = find("ConfigMap", ref.name);
          if (!cm || !(ref.key in (cm.data ?? {}))) fail(ctx, `env ${e.name}: ConfigMap key ${ref.name}/${ref.key} is not defined`);
        }
      }
    }
    if (o.kind === "Deployment") {
      const sel = o.spec?.selector?.matchLabels;
      if (!matches(sel, o.spec?.template?.metadata?.labels)) fail(ctx, "spec.selector does not match the pod template labels");
    }
    if (o.kind === "Service" && o.spec?.selector && !templates.some((l) => matches(o.spec.selector, l))) {
      fail(ctx, "Service selector matches no pod template");
    }
    if (o.kind === "PodDisruptionBudget" && !templates.some((l) => matches(o.spec?.selector?.matchLabels, l))) {
      fail(ctx, "PodDisruptionBudget selector matches no pod template");
    }
    if (o.kind === "HorizontalPodAutoscaler") {
      const t = o.spec?.scaleTargetRef ?? {};
      if (!find(t.kind, t.name)) fail(ctx, `scaleTargetRef ${t.kind}/${t.name} is not defined`);
    }
    if (o.kind === "ServiceMonitor") {
      const services = objs.filter((s) => s.kind === "Service" && matches(o.spec?.selector?.matchLabels, s.metadata?.labels));
      if (!services.length) fail(ctx, "ServiceMonitor selector matches no Service");
      for (const ep of o.spec?.endpoints ?? []) {
        if (ep.port && !services.some((s) => (s.spec?.ports ?? []).some((p) => p.name === ep.port))) {
          fail(ctx, `ServiceMonitor endpoint port "${ep.port}" is not a named port of the selected Service`);
        }
      }
    }
    if (o.kind === "ScheduledBackup" && !find("Cluster", o.spec?.cluster?.name)) {
      fail(ctx, `ScheduledBackup cluster "${o.spec?.cluster?.name}" is not defined`);
    }
  }
}

// ------------------------------------------------------------------ main --

function findKustomizationDirs(dir) {
  const out = [];
  if (findKustomizationFile(dir)) out.push(dir);
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.isDirectory() && !e.name.startsWith(".")) out.push(...findKustomizationDirs(path.join(dir, e.name)));
  }
  return out;
}

function yamlFilesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(e.name)) out.push(path.resolve(p));
  }
  return out;
}

function main() {
  const arg = process.argv[2];
  if (!arg || !fs.existsSync(arg) || !fs.statSync(arg).isDirectory()) {
    console.error("usage: node validate.mjs <k8s-directory>");
    process.exit(2);
  }
  ROOT = path.resolve(arg);
  const dirs = findKustomizationDirs(ROOT);
  if (!dirs.length) {
    console.error(`FAIL no kustomization.yaml under ${ROOT}`);
    process.exit(1);
  }
  const usedFiles = new Set();
  let documents = 0;
  for (const dir of dirs) {
    const buildCtx = `[${rel(dir)}]`;
    console.log(`== ${rel(dir)}`);
    const problems = [];
    const docs = build(dir, usedFiles, problems);
    for (const msg of problems) {
      fail(buildCtx, msg);
      console.log(`FAIL ${buildCtx} ${msg}`);
    }
    const keys = new Map();
    for (const d of docs) {
      const before = failures.length;
      const ctx = `${buildCtx} ${where(d)} ${docLabel(d)}`;
      const id = `${d.obj?.apiVersion} ${docLabel(d)} ${d.obj?.metadata?.namespace ?? ""}`;
      if (keys.has(id)) fail(ctx, `duplicate resource (also in ${keys.get(id)})`);
      keys.set(id, where(d));
      validateSchema(d, ctx);
      checkProjectRules(d, ctx);
      documents++;
      const patched = d.patched ? ` patched by ${d.patched.join(", ")}` : "";
      if (failures.length === before) {
        passed++;
        console.log(`OK   ${docLabel(d)} (${where(d)}${patched})`);
      } else {
        failedDocs++;
        failuresInDocs += failures.length - before;
        console.log(`FAIL ${docLabel(d)} (${where(d)}${patched})`);
        for (const f of failures.slice(before)) console.log(`     ${f}`);
      }
    }
    const before = failures.length;
    checkReferences(docs, buildCtx);
    for (const f of failures.slice(before)) console.log(`FAIL ${f}`);
  }

  // Every YAML file under k8s/ must be used by some kustomization.
  for (const f of yamlFilesUnder(ROOT)) {
    if (!usedFiles.has(f)) {
      const msg = `${rel(f)}: not listed in any kustomization (resources or patches), so never validated or applied`;
      fail("[files]", msg);
      console.log(`FAIL ${msg}`);
    }
  }

  console.log("");
  if (failures.length) {
    console.log(`${failures.length} failure(s):`);
    for (const f of failures) console.log(`  - ${f}`);
  }
  console.log(`k8s manifests: ${documents} documents in ${dirs.length} builds`);
  // Failures outside a document (build errors, references, unused files)
  // count as one failed item each.
  const otherFailures = failures.length - failuresInDocs;
  console.log(`validate: ${passed} passed, ${failedDocs + otherFailures} failed`);
  process.exit(failures.length ? 1 : 0);
}

main();
