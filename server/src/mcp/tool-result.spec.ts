import { successResult, toolResponseJson } from './tool-result.js';

describe('toolResponseJson', () => {
  const outputs: Record<string, unknown>[] = [
    { items: [], nextCursor: null },
    { items: [{ name: 'Zoë "Quote" \\ back', notes: 'line\nbreak \u2028 \u0000 ✓ 😀', amount: '12.50', open: true, n: -0.5 }], nextCursor: 'abc' },
  ];

  test.each(outputs)('a success result spliced from its JSON equals serializing the whole response', (output) => {
    for (const id of [1, 'request-7']) {
      const result = successResult(output);
      expect(JSON.parse(toolResponseJson(id, result))).toEqual({ jsonrpc: '2.0', id, result: JSON.parse(JSON.stringify(result)) });
    }
  });

  test('the text block and structuredContent carry the same output', () => {
    const result = successResult(outputs[1]!);
    const parsed = JSON.parse(toolResponseJson(3, result)).result;
    expect(JSON.parse(parsed.content[0].text)).toEqual(parsed.structuredContent);
    expect(parsed.structuredContent).toEqual(outputs[1]);
  });

  test('any other result (an error, say) is serialized as it is', () => {
    const result = { isError: true, content: [{ type: 'text' as const, text: 'contact not found' }] };
    expect(toolResponseJson(9, result)).toBe(JSON.stringify({ jsonrpc: '2.0', id: 9, result }));
  });
});
