export interface SqlStatement {
  /** From the statement's first non-comment character up to and including its `;`. */
  text: string;
  /** Character offset of `text` in the script. */
  offset: number;
}

/**
 * Splits a PostgreSQL script at top-level semicolons, skipping those inside quotes,
 * comments and dollar-quoted bodies. Comment-only pieces are dropped.
 */
export function splitStatements(script: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = -1;
  let i = 0;
  const end = (to: number) => {
    if (start >= 0) statements.push({ text: script.slice(start, to), offset: start });
    start = -1;
  };
  while (i < script.length) {
    const char = script[i];
    const next = script[i + 1];
    if (char === '-' && next === '-') {
      i = lineEnd(script, i);
    } else if (char === '/' && next === '*') {
      i = blockCommentEnd(script, i);
    } else if (/\s/.test(char)) {
      i++;
    } else if (char === ';') {
      end(i + 1);
      i++;
    } else {
      if (start < 0) start = i;
      i = tokenEnd(script, i);
    }
  }
  end(script.length);
  return statements;
}

/** Index just past a quoted string, quoted identifier, dollar-quoted body or single character at `i`. */
function tokenEnd(script: string, i: number): number {
  const char = script[i];
  if (char === "'" || char === '"') {
    // A doubled quote is an escaped quote, so scanning on to the next lone one is right.
    const close = script.indexOf(char, i + 1);
    return close < 0 ? script.length : close + 1;
  }
  const tag = char === '$' ? /^\$[A-Za-z_]\w*\$|^\$\$/.exec(script.slice(i))?.[0] : undefined;
  if (tag) {
    const close = script.indexOf(tag, i + tag.length);
    return close < 0 ? script.length : close + tag.length;
  }
  return i + 1;
}

function lineEnd(script: string, i: number): number {
  const newline = script.indexOf('\n', i);
  return newline < 0 ? script.length : newline + 1;
}

/** PostgreSQL block comments nest. */
function blockCommentEnd(script: string, i: number): number {
  let depth = 0;
  while (i < script.length) {
    if (script.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (script.startsWith('*/', i)) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return i;
}
