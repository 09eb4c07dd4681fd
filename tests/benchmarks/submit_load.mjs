// Participants submitting back to back, as browsers do: one kept-alive connection each.
//
//   node tests/benchmarks/submit_load.mjs < plan.json > outcome.json
//
// plan: {"url": ".../api/v1/answers", "tokens": [...], "phases": [[[exercise id, answer], ...], ...],
//        "introduce": ".../api/v1/participant" (optional: each participant asks it first, untimed)}
// In each phase every participant (one per token) submits every answer of the phase, one after the
// other, all participants at once; the next phase starts when the last participant is done, on the
// same connections, as a browser keeps its own. A load generator in Python (or on Node's fetch) spent
// as much of the 2 cores as the service it measured; this one leaves them to the service. Prints, per phase,
// {"latencies", "stored", "failures", "elapsed"} (seconds): each Submit→reply, and the service's own
// share from its Server-Timing header.

import http from "node:http";

const plan = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { text += chunk; });
  process.stdin.on("end", () => resolve(text));
}));

// node:http rather than fetch: fetch spent as much CPU per request as the service it measured
function post(agent, token, body) {
  return new Promise((resolve, reject) => {
    const request = http.request(plan.url, {
      method: "POST", agent,
      headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body),
        Authorization: `token ${token}` },
    }, (reply) => {
      reply.resume();
      reply.on("end", () => resolve(reply));
      reply.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
}

function get(agent, url, token) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { Authorization: `token ${token}` } }, (reply) => {
      reply.resume();
      reply.on("end", () => resolve(reply));
    }).on("error", reject);
  });
}

async function participant(token, answers, outcome) {
  const agent = agents.get(token);
  for (const [exercise, answer] of answers) {
    const begun = performance.now();
    try {
      const reply = await post(agent, token, JSON.stringify({ exercise, answer }));
      if (reply.statusCode !== 200) {
        outcome.failures.push(`${exercise}: ${reply.statusCode}`);
        continue;
      }
      outcome.latencies.push((performance.now() - begun) / 1000);
      const timing = /stored;dur=([\d.]+)/.exec(reply.headers["server-timing"] || "");
      if (timing) outcome.stored.push(Number(timing[1]) / 1000);
    } catch (error) {
      outcome.failures.push(`${exercise}: ${error.code || error.message}`);
    }
  }
}

// one kept-alive connection per participant, as a browser keeps its own
const agents = new Map(plan.tokens.map((token) => [token, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
if (plan.introduce) {  // the widget does this when it is shown, long before the first Submit
  await Promise.all(plan.tokens.map((token) => get(agents.get(token), plan.introduce, token)));
}
const outcomes = [];
for (const answers of plan.phases) {
  const outcome = { latencies: [], stored: [], failures: [], elapsed: 0 };
  const begun = performance.now();
  await Promise.all(plan.tokens.map((token) => participant(token, answers, outcome)));
  outcome.elapsed = (performance.now() - begun) / 1000;
  outcomes.push(outcome);
}
process.stdout.write(JSON.stringify(outcomes));
for (const agent of agents.values()) agent.destroy();
