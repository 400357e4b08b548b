import { z } from 'zod';
import { toToolJsonSchema } from './json-schema.js';

describe('toToolJsonSchema', () => {
  test('input: rooted strict object, inline, no $schema, formats without their regexes', () => {
    const schema = toToolJsonSchema(z.strictObject({ id: z.uuid().describe('Id.'), at: z.iso.datetime().optional().describe('When.') }), 'input');
    expect(schema).toEqual({
      type: 'object',
      properties: { id: { type: 'string', format: 'uuid', description: 'Id.' }, at: { type: 'string', format: 'date-time', description: 'When.' } },
      required: ['id'],
      additionalProperties: false,
    });
  });

  test('nullable types become [X, "null"], so every property stays typed', () => {
    const schema = toToolJsonSchema(z.strictObject({
      phone: z.string().max(5).nullable().describe('Phone.'),
      level: z.enum(['LOW', 'HIGH']).nullable().describe('Level.'),
    }), 'input');
    expect(schema.properties.phone).toEqual({ type: ['string', 'null'], description: 'Phone.' });
    expect(schema.properties.level).toEqual({ type: ['string', 'null'], enum: ['LOW', 'HIGH', null], description: 'Level.' });
  });

  test('advertised input leaves out length bounds, nested closed-object markers and the root description; output keeps its shape', () => {
    const input = z.strictObject({
      name: z.string().min(1).max(100).regex(/\S/).describe('Name.'),
      deal: z.strictObject({ title: z.string().max(10).describe('Title.') }).describe('Deal fields, as for deal_create.'),
      count: z.number().int().describe('Count.'),
    }).describe('Root text the tool description already says.');
    const schema = toToolJsonSchema(input, 'input');
    expect(schema.description).toBeUndefined();
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.name).toEqual({ type: 'string', description: 'Name.' });
    // A nested object naming the tool that describes its fields leaves their descriptions out.
    expect(schema.properties.deal).toEqual({ type: 'object', description: 'Deal fields, as for deal_create.', properties: { title: { type: 'string' } }, required: ['title'] });
    expect(schema.properties.count).toEqual({ type: 'integer', description: 'Count.' });
  });

  test('a union of two non-null types is refused at boot (Gemini CLI\'s Ajv warns about it on every call)', () => {
    const amount = z.union([z.string(), z.number()]).describe('Amount.');
    expect(() => toToolJsonSchema(z.strictObject({ amount }), 'input')).toThrow(/type unions \(string, number\)/);
    expect(() => toToolJsonSchema(z.object({ amount }), 'output')).toThrow(/type unions/);
  });

  test('a parameterless tool still gets properties and required', () => {
    expect(toToolJsonSchema(z.strictObject({}), 'input')).toEqual({ type: 'object', properties: {}, required: [], additionalProperties: false });
  });

  test('output: root fields typed, nested shapes collapsed, array items typed, open to added fields', () => {
    const schema = toToolJsonSchema(z.object({
      id: z.uuid().describe('Id.'),
      stage: z.object({ name: z.string() }).describe('The stage.'),
      items: z.array(z.object({ a: z.string() })).describe('Rows.'),
      next: z.array(z.enum(['OPEN', 'DONE'])),
      grid: z.array(z.array(z.number())).nullable(),
    }), 'output');
    expect(schema).toEqual({
      type: 'object',
      properties: {
        id: { type: 'string' },
        stage: { type: 'object', description: 'The stage.' },
        items: { type: 'array', description: 'Rows.', items: { type: 'object' } },
        next: { type: 'array', items: { type: 'string', enum: ['OPEN', 'DONE'] } },
        grid: { type: ['array', 'null'], items: { type: 'array', items: { type: 'number' } } },
      },
      required: ['id', 'stage', 'items', 'next', 'grid'],
    });
  });

  test('refuses a schema that is not an object at the root', () => {
    expect(() => toToolJsonSchema(z.string() as unknown as z.ZodObject, 'input')).toThrow();
  });
});
