// A scripted stand-in for the Gemini API, so Gemini CLI can be driven against our MCP server on a
// machine with no network to Google. Test tooling only: it is never part of the product or of npm test.
//
//   node scripts/gemini-fake-model.mjs [--port 0] [--log /tmp/fake-model.jsonl]
//   GOOGLE_GEMINI_BASE_URL=http://127.0.0.1:<port> GEMINI_API_KEY=dummy gemini ...
//
// Gemini CLI 0.61 sends model calls to GOOGLE_GEMINI_BASE_URL (its "gateway" auth type). The fake answers
// from the last user message, so the conversation itself is the script (no state kept here):
//   FAKE:CALL <tool> <json args>   ask for that function call, then summarise its response in text
//   FAKE:READ_RESOURCE             call list_mcp_resources, then read_mcp_resource on the first crm:// URI
//                                  listed, then summarise what was read
//   anything else (e.g. the text of an MCP prompt run as a slash command): a text answer quoting it
// Helper calls that ask for JSON (routing, next-speaker checks) get a value built from their schema.
// Every request is logged as one JSON line (method, model, last user text, function responses seen).
import fs from 'node:fs';
import http from 'node:http';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = Number(option('--port', process.env.FAKE_MODEL_PORT ?? 0));
const logFile = option('--log', process.env.FAKE_MODEL_LOG);

const log = (entry) => {
  const line = JSON.stringify({ at: new Date().toISOString(), ...entry });
  if (logFile) fs.appendFileSync(logFile, line + '\n');
  else console.log(line);
};

/** A value that satisfies a JSON schema well enough for the CLI's helper calls ("user" wins enums: next speaker). */
function sample(schema = {}) {
  const type = String(schema.type ?? '').toLowerCase();
  if (schema.enum) return schema.enum.includes('user') ? 'user' : schema.enum[0];
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value)]));
  }
  if (type === 'array') return [];
  if (type === 'number' || type === 'integer') return schema.minimum ?? 1; // the router's complexity score is 1-100
  if (type === 'boolean') return false;
  return 'fake';
}

// The CLI puts its session context and the first message in one turn: the typed text is the last text part.
const textOf = (content) => (content?.parts ?? []).filter((part) => part.text?.trim()).at(-1)?.text ?? '';
const responsesOf = (content) => (content?.parts ?? []).filter((part) => part.functionResponse).map((part) => part.functionResponse);
const clip = (text, size) => (text.length > size ? `${text.slice(0, size)}…` : text);

/** The reply parts for a conversation turn, read from the contents the CLI sent. */
function reply(contents) {
  // The last user turn that is typed text (function responses also travel as role "user").
  let userIndex = contents.length - 1;
  while (userIndex >= 0 && !(contents[userIndex].role === 'user' && responsesOf(contents[userIndex]).length === 0 && textOf(contents[userIndex]).trim())) userIndex -= 1;
  const userText = userIndex >= 0 ? textOf(contents[userIndex]) : '';
  const after = contents.slice(userIndex + 1);
  const responses = after.flatMap(responsesOf);
  const last = responses.at(-1);
  const call = (name, callArgs) => [{ functionCall: { name, args: callArgs } }];
  const summary = () => {
    const output = JSON.stringify(last.response ?? {});
    return [{ text: `FAKE-MODEL: ${last.name} answered (${output.length} chars): ${clip(output, 600)}` }];
  };

  const direct = /FAKE:CALL[ \t]+(\S+)[ \t]*(\{[^\n]*\})?/.exec(userText);
  if (direct) {
    if (last) return summary();
    try {
      return call(direct[1], direct[2] ? JSON.parse(direct[2]) : {});
    } catch {
      return [{ text: `FAKE-MODEL: the arguments of FAKE:CALL are not JSON: ${direct[2]}` }];
    }
  }
  if (/FAKE:READ_RESOURCE/.test(userText)) {
    if (!last) return call('list_mcp_resources', {});
    if (last.name === 'list_mcp_resources') {
      const uri = /crm:\/\/[a-z]+\/[0-9a-zA-Z-]+/.exec(JSON.stringify(last.response ?? {}))?.[0];
      if (!uri) return [{ text: 'FAKE-MODEL: list_mcp_resources listed no crm:// resource' }];
      return call('read_mcp_resource', { uri });
    }
    return summary();
  }
  // E.g. an MCP prompt run as a slash command (one text part), or a typed message whose @-mentioned
  // resources the CLI read and attached as further parts ("Content from @<uri>:" then the content).
  const parts = (contents[userIndex]?.parts ?? []).map((part) => part.text ?? '');
  const attachedAt = parts.findIndex((text) => text.includes('Content from @'));
  if (attachedAt >= 0) {
    const attached = parts.slice(attachedAt).join('').replace(/\s+/g, ' ');
    const typed = parts.slice(0, attachedAt).filter((text) => text.trim() && !/session_context|referenced files/.test(text)).at(-1) ?? '';
    return [{ text: `FAKE-MODEL got "${clip(typed.trim(), 200)}" with attached ${clip(attached.slice(attached.indexOf('Content from @')), 400)}` }];
  }
  const lines = userText.split(/\\n|\n/).filter((line) => line.trim());
  return [{ text: `FAKE-MODEL received ${userText.length} chars from the user turn. First lines: ${clip(lines.slice(0, 3).join(' | '), 500)}` }];
}

function answer(body, wantsJson) {
  // Calls without tools are the CLI's own helpers (a session title, a summary): they quote the
  // conversation, directives included, so they get a fixed text rather than a scripted turn.
  const helper = !(body.tools ?? []).some((tool) => tool.functionDeclarations?.length);
  const parts = wantsJson
    ? [{ text: JSON.stringify(sample(body.generationConfig?.responseJsonSchema ?? body.generationConfig?.responseSchema)) }]
    : helper ? [{ text: 'Fake model session' }] : reply(body.contents ?? []);
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 100, candidatesTokenCount: 20, totalTokenCount: 120 },
    modelVersion: 'fake-model',
  };
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk) => { raw += chunk; });
  req.on('end', () => {
    const url = new URL(req.url, 'http://fake');
    const match = /\/models\/([^/:]+):(\w+)$/.exec(url.pathname);
    let body = {};
    try { body = raw ? JSON.parse(raw) : {}; } catch { /* logged below as an empty body */ }
    const method = match?.[2];
    const contents = body.contents ?? [];
    const wantsJson = body.generationConfig?.responseMimeType === 'application/json';
    log({
      http: `${req.method} ${url.pathname}`, model: match?.[1], method, wantsJson,
      toolNames: (body.tools ?? []).flatMap((tool) => (tool.functionDeclarations ?? []).map((fn) => fn.name)),
      lastUser: clip(textOf([...contents].reverse().find((c) => c.role === 'user' && textOf(c).trim())), 300),
      functionResponses: contents.flatMap(responsesOf).map((fn) => fn.name),
      turns: contents.map((c) => `${c.role}:${(c.parts ?? []).map((part) => Object.keys(part).join('+')).join(',')}`).join(' '),
    });
    if (process.env.FAKE_MODEL_DUMP) log({ body });
    if (method === 'countTokens') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ totalTokens: 100 }));
    if (method === 'generateContent') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer(body, wantsJson)));
    if (method === 'streamGenerateContent') {
      const result = answer(body, wantsJson);
      log({ reply: result.candidates[0].content.parts });
      if (url.searchParams.get('alt') === 'sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return void res.end(`data: ${JSON.stringify(result)}\r\n\r\n`);
      }
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify([result]));
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 404, message: `fake model: no ${url.pathname}`, status: 'NOT_FOUND' } }));
  });
});

// The address goes to stdout too, so a script that asked for port 0 can read it.
server.listen(port, '127.0.0.1', () => {
  const listening = `http://127.0.0.1:${server.address().port}`;
  log({ listening });
  if (logFile) console.log(listening);
});
