// Participants submitting back to back, as browsers do: fetch (keep-alive), one connection each.
//
//   node tests/benchmarks/submit_load.mjs < plan.json > outcome.json
//
// plan: {"url": ".../api/v1/answers", "tokens": [...], "answers": [[exercise id, answer], ...],
//        "introduce": ".../api/v1/participant" (optional: each participant asks it first, untimed)}
// Every participant (one per token) submits every answer, one after the other, all participants at
// once. A load generator in Python spent as much of the 2 cores as the service it measured; this one
// leaves them to the service. Prints {"latencies", "stored", "failures", "elapsed"} (seconds):
// each Submit→reply, and the service's own share from its Server-Timing header.

const plan = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => { text += chunk; });
  process.stdin.on("end", () => resolve(text));
}));

const latencies = [];
const stored = [];
const failures = [];

async function participant(token) {
  for (const [exercise, answer] of plan.answers) {
    const begun = performance.now();
    try {
      const reply = await fetch(plan.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `token ${token}` },
        body: JSON.stringify({ exercise, answer }),
      });
      await reply.arrayBuffer();
      if (!reply.ok) {
        failures.push(`${exercise}: ${reply.status}`);
        continue;
      }
      latencies.push((performance.now() - begun) / 1000);
      const timing = /stored;dur=([\d.]+)/.exec(reply.headers.get("server-timing") || "");
      if (timing) stored.push(Number(timing[1]) / 1000);
    } catch (error) {
      failures.push(`${exercise}: ${error.cause?.code || error.message}`);
    }
  }
}

if (plan.introduce) {  // the widget does this when it is shown, long before the first Submit
  await Promise.all(plan.tokens.map(async (token) => {
    const reply = await fetch(plan.introduce, { headers: { Authorization: `token ${token}` } });
    await reply.arrayBuffer();
  }));
}
const begun = performance.now();
await Promise.all(plan.tokens.map(participant));
const elapsed = (performance.now() - begun) / 1000;
process.stdout.write(JSON.stringify({ latencies, stored, failures, elapsed }));
