// The little Markdown knowledge the documentation tools share: heading anchors as GitHub makes
// them, and the text of a document outside its code.

/**
 * The anchor GitHub gives a heading: the heading's text in lower case, without punctuation and
 * symbols (hyphens and underscores stay), spaces turned into hyphens.
 */
export function slug(headingText) {
  return plainText(headingText)
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** A heading's Markdown as the text a reader sees: no code marks, link targets, emphasis or tags. */
export function plainText(markdown) {
  // Code spans keep what is inside them (TokenIM__Api__Ide is not emphasis): only the text between them loses its marks.
  return markdown
    .split(/(`+[^`]*?`+)/)
    .map((part, i) => (i % 2 === 1
      ? part.replace(/`+/g, '')
      : part
        .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
        .replace(/<[^>]+>/g, '')
        .replace(/(^|\s)[*_]+|[*_]+(\s|$)/g, '$1$2')
        .replace(/\*\*|__/g, '')))
    .join('')
    .trim();
}

/**
 * Splits a document into its lines, marking those inside fenced code blocks, and returns the
 * fenced blocks with their info strings.
 */
export function scan(markdown) {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const prose = [];
  const blocks = [];
  let fence = null;
  lines.forEach((line, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/.exec(line);
    if (fence) {
      if (marker && marker[1][0] === fence.char && marker[1].length >= fence.length && !marker[2]) {
        blocks.push({ info: fence.info, text: fence.body.join('\n'), line: fence.line });
        fence = null;
      } else fence.body.push(line);
      prose.push({ text: '', line: index + 1 });
      return;
    }
    if (marker) {
      fence = { char: marker[1][0], length: marker[1].length, info: marker[2], body: [], line: index + 1 };
      prose.push({ text: '', line: index + 1 });
      return;
    }
    prose.push({ text: line, line: index + 1 });
  });
  return { prose, blocks, unclosedFenceLine: fence?.line };
}

/** The anchors a document defines: its headings (with GitHub's -1, -2 for repeats) and HTML ids. */
export function anchors(markdown) {
  const found = new Set();
  const seen = new Map();
  for (const { text } of scan(markdown).prose) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading) {
      const base = slug(heading[1]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      found.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const match of text.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) found.add(match[1]);
  }
  return found;
}

/** Every link target written in a document's prose (inline links, images, definitions, HTML). */
export function links(markdown) {
  const found = [];
  for (const { text, line } of scan(markdown).prose) {
    const withoutCode = text.replace(/(`+)[^`]*?\1/g, '');
    for (const match of withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ target: match[1], line });
    const definition = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(withoutCode);
    if (definition) found.push({ target: definition[1], line });
    for (const match of withoutCode.matchAll(/<a\s[^>]*href="([^"]+)"/g)) found.push({ target: match[1], line });
  }
  return found;
}
