// The live board's benchmark (scripts/bench.sh board; docs/PERFORMANCE.md):
//  1. render: GET /desk/board RENDERS times for a site with many open
//     requests; concierge-web's own time per page comes from its log (the
//     "us" of each request, debug level), the client's from here;
//  2. fan-out: BOARDS Server-Sent Events streams (/desk/board/events) held
//     open at once, spread over the given sessions (concierge-server allows
//     8 WatchTasks streams per caller); concierge-web's memory with them
//     open; then CHANGES moves made through the API (concierge-staff), each
//     timed from just before the call until every board has its card.
// Node's own http client: no browser, one socket per board.
//
//   node scripts/board-bench.mjs --web HOST:PORT --web_pid PID \
//     --tokens FILE --boards 1000 --changes 10 --renders 30 \
//     --staff BIN --server HOST:PORT --mover TOKEN --household 1 --item CODE

import http from "node:http";
import fs from "node:fs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const [host, port] = args.web.split(":");
const tokens = fs.readFileSync(args.tokens, "utf8").split("\n").filter(Boolean);
const BOARDS = Number(args.boards ?? 100);
const CHANGES = Number(args.changes ?? 10);
const RENDERS = Number(args.renders ?? 30);
const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

function get(path, cookie) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host, port, path, agent, headers: cookie ? { cookie } : {} }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => { body += d; });
      res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on("error", reject);
  });
}

async function signIn(token) {
  const r = await get(`/signin?token=${encodeURIComponent(token)}`);
  const set = [].concat(r.headers["set-cookie"] ?? []);
  const cookie = set.map((c) => c.split(";")[0]).join("; ");
  if (!cookie.includes("concierge_session=")) throw new Error(`sign-in failed: ${r.status}`);
  return cookie + "; concierge_lang=en";
}

const pct = (xs, p) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const rss = (pid) => {
  const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
  return m ? Number(m[1]) / 1024 : NaN;
};
const threads = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/Threads:\s+(\d+)/)[1]);

const cookies = [];
for (const t of tokens) cookies.push(await signIn(t));

// --- 1. render ----------------------------------------------------------------
{
  const times = [];
  let cards = 0;
  for (let i = 0; i < RENDERS; ++i) {
    const started = process.hrtime.bigint();
    const r = await get("/desk/board", cookies[0]);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (r.status !== 200) throw new Error(`board: ${r.status}`);
    cards = (r.body.match(/class="bcard/g) ?? []).length;
  }
  console.log(`RESULT scenario=board-render cards=${cards} renders=${RENDERS} ` +
              `client_p50_ms=${pct(times, 50).toFixed(1)} client_p95_ms=${pct(times, 95).toFixed(1)}`);
}

// --- 2. fan-out ---------------------------------------------------------------
const rssBefore = rss(args.web_pid);
const boards = [];
function openBoard(cookie) {
  return new Promise((resolve, reject) => {
    const board = { seen: new Map(), snapshot: false, buffer: "" };
    const req = http.get({ host, port, path: "/desk/board/events", agent,
                           headers: { cookie, accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`events: ${res.statusCode}`));
      res.setEncoding("utf8");
      res.on("data", (d) => {
        board.buffer += d;
        let end;
        while ((end = board.buffer.indexOf("\n\n")) >= 0) {
          const message = board.buffer.slice(0, end);
          board.buffer = board.buffer.slice(end + 2);
          if (message.startsWith("event: snapshot") || message.includes("\nevent: snapshot")) {
            board.snapshot = true;
            resolve(board);
          }
          const m = message.match(/id="card-(\d+)"/);
          if (m && message.includes("event: card")) {
            if (!board.seen.has(m[1])) board.seen.set(m[1], performance.now());
          }
        }
      });
    });
    req.on("error", reject);
    board.req = req;
  });
}
const opening = performance.now();
const BATCH = 25;
for (let i = 0; i < BOARDS; i += BATCH) {
  const batch = [];
  for (let j = i; j < Math.min(BOARDS, i + BATCH); ++j) {
    batch.push(openBoard(cookies[j % cookies.length]));
  }
  boards.push(...(await Promise.all(batch)));
}
const openSeconds = (performance.now() - opening) / 1000;
await new Promise((r) => setTimeout(r, 2000));
const rssOpen = rss(args.web_pid);
console.log(`RESULT scenario=board-open boards=${boards.length} open_s=${openSeconds.toFixed(1)} ` +
            `web_rss_mb_before=${rssBefore.toFixed(0)} web_rss_mb_open=${rssOpen.toFixed(0)} ` +
            `web_threads=${threads(args.web_pid)}`);

const latencies = [];
let missing = 0;
for (let c = 0; c < CHANGES; ++c) {
  const started = performance.now();
  const { stdout } = await run(args.staff, ["--server", args.server, "--output", "json",
    "register", "--household", args.household, "--resident", "1", "--item", args.item, "--content", `bench ${c}`],
    { env: { ...process.env, CONCIERGE_TOKEN: args.mover } });
  const id = JSON.parse(stdout).name.split("/").pop();
  const until = performance.now() + 10000;
  while (performance.now() < until && boards.some((b) => !b.seen.has(id))) {
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const b of boards) {
    if (b.seen.has(id)) latencies.push(b.seen.get(id) - started);
    else ++missing;
  }
  await new Promise((r) => setTimeout(r, 300));
}
console.log(`RESULT scenario=board-fanout boards=${boards.length} changes=${CHANGES} ` +
            `deliveries=${latencies.length} missing=${missing} ` +
            `p50_ms=${pct(latencies, 50).toFixed(1)} p99_ms=${pct(latencies, 99).toFixed(1)} ` +
            `max_ms=${Math.max(...latencies).toFixed(1)} web_rss_mb=${rss(args.web_pid).toFixed(0)}`);
for (const b of boards) b.req.destroy();
process.exit(0);
