// Read a GIFT file with gift-pegjs or a Twee file with extwee, and print what the tool saw as JSON.
// Used by tests/test_interchange_tools.py: what kit export writes must be read by the formats' own tools.
//   node read.mjs gift FILE   ->  [{type, title, stem, choices|matchPairs|isTrue…}, …]
//   node read.mjs twee FILE   ->  {name, ifid, start, format, passages: [{name, tags, text}, …]}
import fs from 'node:fs';
import { parse as parseGift } from 'gift-pegjs';
import { parseTwee } from 'extwee';

const [format, file] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
try {
  if (format === 'gift') {
    console.log(JSON.stringify(parseGift(text)));
  } else if (format === 'twee') {
    const story = parseTwee(text);
    console.log(JSON.stringify({
      name: story.name,
      ifid: story.IFID,
      start: story.start,
      format: story.format,
      passages: story.passages.map((p) => ({ name: p.name, tags: p.tags, text: p.text })),
    }));
  } else {
    throw new Error(`unknown format ${format}; use gift or twee`);
  }
} catch (error) {
  console.error(`${file}: ${error.message}`);
  process.exit(1);
}
