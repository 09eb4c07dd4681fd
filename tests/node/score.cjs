// Run the self-study scorer of kit/player/static/player.js on cases read from standard input.
// Used by tests/test_player_scoring.py. One JSON object per line in: {"data": PAGE_DATA, "answer": "JSON"};
// one line out: {"status", "score", "max_score", "feedback", "answer": the answer as the page would download it}.
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const vm = require('node:vm');

const script = path.join(__dirname, '..', '..', 'kit', 'player', 'static', 'player.js');
const context = vm.createContext({ console });
vm.runInContext(fs.readFileSync(script, 'utf8'), context, { filename: script });
const { score } = context.kit.scoring;

const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let reply;
  try {
    const { data, answer } = JSON.parse(line);
    const parsed = JSON.parse(answer);
    const out = score(data, parsed);
    reply = { status: out.status, score: out.score, max_score: out.max_score, feedback: out.feedback,
              answer: JSON.stringify(parsed) };
  } catch (error) {
    reply = { error: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(reply) + '\n');
});
