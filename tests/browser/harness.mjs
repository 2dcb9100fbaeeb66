// The world of the browser tests: a throw-away PostgreSQL database, the real
// concierge-server with the demo sites, the real concierge-web in front of
// it, and Debian's chromium driven by puppeteer-core. Every port is a free
// one chosen at run time (a developer may be running scripts/run.sh).
//
// Environment (ctest sets these; scripts/screenshots.sh too):
//   CONCIERGE_SERVER_BIN, CONCIERGE_WEB_BIN, CONCIERGE_STAFF_BIN  binaries
//   CONCIERGE_TEST_DATABASE_URL  a maintenance database URL (scripts/test.sh
//       starts the cluster); without it a cluster of our own is started
//       with scripts/pg-cluster.sh --throwaway
//   CONCIERGE_SCREENSHOTS  a directory: every page is saved there at
//       390x844 in both languages
//   CHROMIUM  the browser (default /usr/bin/chromium)

import { spawn, execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BUILD = process.env.CONCIERGE_BUILD_DIR ?? path.join(ROOT, "build");
export const BIN = {
  server: process.env.CONCIERGE_SERVER_BIN ?? path.join(BUILD, "server/concierge-server"),
  web: process.env.CONCIERGE_WEB_BIN ?? path.join(BUILD, "clients/concierge-web"),
  staff: process.env.CONCIERGE_STAFF_BIN ?? path.join(BUILD, "clients/concierge-staff"),
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(what, check, seconds = 30) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${seconds}s`);
}

function parseEnvFile(file) {
  const out = {};
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^(?:export\s+)?([A-Z0-9_]+)=(.*)$/);
    if (m) out[m[1]] = m[2].replace(/^['"]|['"]$/g, "");
  }
  return out;
}

// A fresh database: in the cluster scripts/test.sh started, or in one of
// our own.
async function makeDatabase(dir) {
  const maintenance = process.env.CONCIERGE_TEST_DATABASE_URL;
  if (maintenance) {
    const name = `browser_${process.pid}_${Date.now() % 100000}`;
    await run("psql", [maintenance, "-X", "-q", "-c", `CREATE DATABASE ${name}`]);
    return {
      url: maintenance.replace(/\/[^/?]*(\?|$)/, `/${name}$1`),
      drop: () => run("psql", [maintenance, "-X", "-q", "-c",
                               `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]).catch(() => {}),
    };
  }
  const pgDir = path.join(dir, "pg");
  fs.mkdirSync(pgDir, { mode: 0o755 });
  fs.chmodSync(dir, 0o755);  // the cluster's owner must reach it
  const { stdout } = await run(path.join(ROOT, "scripts/pg-cluster.sh"),
                               ["start", pgDir, String(await freePort()), "--throwaway"]);
  return {
    url: stdout.trim(),
    drop: () => run(path.join(ROOT, "scripts/pg-cluster.sh"), ["stop", pgDir]).catch(() => {}),
  };
}

// Starts a server process and waits for its own "serving" log line. Its
// port came from freePort(), which only says the port was free a moment
// ago: another test may listen there by now, and then an answer on the
// port is not ours (this one exits: concierge-server and concierge-web
// refuse a port another process holds). So: our log line, or another port.
// The log is appended to by every start: only what this start wrote counts.
async function startServing(what, start, logFile, attempts) {
  for (let attempt = 1; ; attempt++) {
    const from = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
    const child = await start();
    const until = Date.now() + 60000;
    let log = "";
    while (true) {
      log = fs.existsSync(logFile) ? fs.readFileSync(logFile).subarray(from).toString("utf8") : "";
      if (log.includes('"msg":"serving"')) return child;
      if (child.exitCode !== null) break;
      if (Date.now() > until) throw new Error(`${what} did not start:\n${log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    if (attempt >= attempts) throw new Error(`${what} exited at start:\n${log.slice(-2000)}`);
  }
}

function startProcess(bin, args, env, logFile) {
  const log = fs.openSync(logFile, "a");
  const child = spawn(bin, args, {
    env: { ...process.env, ...env },
    stdio: ["ignore", log, log],
  });
  child.exited = new Promise((resolve) => child.on("exit", resolve));
  return child;
}

async function stopProcess(child) {
  if (!child || child.exitCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
  await child.exited;
  clearTimeout(timer);
}

export class World {
  async start() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), "concierge-browser-"));
    this.db = await makeDatabase(this.dir);
    const serverEnv = {
      CONCIERGE_DATABASE_URL: this.db.url,
      CONCIERGE_ADMIN_TOKEN_FILE: path.join(this.dir, "admin-token"),
      CONCIERGE_LOG_LEVEL: "info",  // its "serving" line (startServing)
    };
    await run(BIN.server, ["demo", `--demo_out=${path.join(this.dir, "demo.env")}`],
              { env: { ...process.env, ...serverEnv } });
    this.tokens = parseEnvFile(path.join(this.dir, "demo.env"));

    this.serverEnv = serverEnv;
    await this.startServer();

    await this.startWeb();
    await waitFor("concierge-server (through concierge-web's /readyz)",
                  async () => (await fetch(`${this.base}/readyz`)).ok);

    this.browser = await puppeteer.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
             "--font-render-hinting=none"],
    });
    return this;
  }

  // concierge-server on this.serverAddress (again, after stopServer).
  async startServer() {
    const fresh = !this.serverAddress;
    this.server = await startServing("concierge-server", async () => {
      if (fresh) this.serverAddress = `127.0.0.1:${await freePort()}`;
      return startProcess(BIN.server, [], {
        ...this.serverEnv,
        CONCIERGE_LISTEN_ADDRESS: this.serverAddress,
        CONCIERGE_METRICS_ADDRESS: `127.0.0.1:${await freePort()}`,
      }, path.join(this.dir, "server.log"));
    }, path.join(this.dir, "server.log"), fresh ? 3 : 1);
  }

  async stopServer() { await stopProcess(this.server); }

  // concierge-web stopped and started again on the same port (browsers
  // reconnect to the same address).
  async restartWeb() {
    await stopProcess(this.web);
    await this.startWeb(this.webPort);
  }

  async startWeb(port) {
    this.web = await startServing("concierge-web", async () => {
      this.webPort = port ?? await freePort();
      this.base = `http://127.0.0.1:${this.webPort}`;
      return startProcess(BIN.web, [], {
        CONCIERGE_WEB_LISTEN_ADDRESS: `127.0.0.1:${this.webPort}`,
        CONCIERGE_WEB_SERVER: this.serverAddress,
        CONCIERGE_WEB_SESSION_SECRET: "browser-tests-secret-0123456789abcdef",
        CONCIERGE_WEB_POLL_SECONDS: "1",
        CONCIERGE_WEB_LOG_LEVEL: "info",
      }, this.webLog());
    }, this.webLog(), port ? 1 : 3);
    await waitFor("concierge-web", async () => (await fetch(`${this.base}/healthz`)).ok);
  }

  webLog() { return path.join(this.dir, "web.log"); }

  async stop() {
    await this.browser?.close().catch(() => {});
    await stopProcess(this.web);
    await stopProcess(this.server);
    // The logs' last lines, as TAP comments: ctest shows them when a test
    // failed (--output-on-failure), where nothing else tells what the
    // server and concierge-web saw.
    for (const log of ["web.log", "server.log"]) {
      const file = path.join(this.dir ?? "", log);
      if (!this.dir || !fs.existsSync(file)) continue;
      const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-40);
      console.log(`# last lines of ${log}:\n${lines.map((l) => `#   ${l}`).join("\n")}`);
    }
    await this.db?.drop();
    if (process.env.CONCIERGE_KEEP_BROWSER_WORLD) {
      console.log(`kept ${this.dir}`);
    } else {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  // A client binary against the server with `token`; its stdout.
  async staff(token, args, input) {
    const child = spawn(BIN.staff, ["--server", this.serverAddress, ...args], {
      env: { ...process.env, CONCIERGE_TOKEN: token },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => { out += d; });
    child.stderr.on("data", (d) => { err += d; });
    if (input !== undefined) child.stdin.end(input);
    const code = await new Promise((r) => child.on("exit", r));
    if (code !== 0) throw new Error(`concierge-staff ${args.join(" ")}: ${code} ${err}`);
    return out;
  }

  // The sign-in link the desk prints for `token` (concierge-staff).
  async signInLink(token) {
    const out = await this.staff(this.tokens.RES_RECEPTION_TOKEN,
                                 ["signin", "link", "--web", this.base, "--no-qr"], token);
    const link = out.split("\n").find((l) => l.startsWith("http"));
    if (!link) throw new Error(`no link in: ${out}`);
    return link;
  }

  // A fresh browser context (its own cookies) with a phone's viewport.
  async newPage({ lang = "en", width = 390, height = 844 } = {}) {
    const context = await this.browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width, height, deviceScaleFactor: 1 });
    await page.setExtraHTTPHeaders({
      "Accept-Language": lang === "zh" ? "zh-TW,zh;q=0.9" : "en-GB,en;q=0.9",
    });
    page.problems = [];
    page.on("console", (m) => {
      // An error page answers 4xx/5xx on purpose, and a live region's poll
      // that finds the server away keeps what it shows (htmx logs it);
      // anything else (a CSP violation, a script error) is a problem.
      const expected = /^Failed to load resource: the server responded with a status of (4\d\d|503)|^Response Status Error Code 503 from \S*part=/;
      if (m.type() === "error" && !expected.test(m.text())) {
        page.problems.push(`console: ${m.text()}`);
      }
    });
    page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
    page.on("dialog", async (d) => {
      page.problems.push(`dialog: ${d.message()}`);
      await d.dismiss();
    });
    page.closeContext = () => context.close();
    return page;
  }

  // Opens the desk's sign-in link for `token` in a new page.
  async signedIn(token, options) {
    const page = await this.newPage(options);
    await page.goto(await this.signInLink(token), { waitUntil: "load" });
    return page;
  }
}
