/**
 * The OpenAPI document (shared/http/openapi.ts): every route of the table in it, every $ref resolving, every
 * example valid against its schema (ajv, JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { openApiDocument, ROUTE_DOCS } from '../../shared/http/openapi.ts';
import { ROUTES, routeKey } from '../../shared/http/routes.ts';

type Json = Record<string, unknown>;
const document = openApiDocument() as unknown as Json & {
  paths: Record<string, Record<string, Json>>;
  components: Json;
};

/** The value a local JSON pointer (`#/a/b~1c`) names in the document, or undefined. */
function resolve(pointer: string): unknown {
  if (!pointer.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const raw of pointer.slice(2).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** Every $ref in a JSON value, with where it was found. */
function refs(value: unknown, at = '#', out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) refs(item, `${at}/${i}`, out);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out.push([at, child]);
      else refs(child, `${at}/${key}`, out);
    }
  }
  return out;
}

/** Each media type of a request body or an answer, with its schema, example and where. */
function examples(): { where: string; schema: Json; example: unknown }[] {
  const out: { where: string; schema: Json; example: unknown }[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const bodies: [string, Json | undefined][] = [
        ['request', (operation.requestBody as Json | undefined)?.content as Json | undefined],
        ...Object.entries(operation.responses as Record<string, Json>).map(
          ([status, answer]) => [status, answer.content as Json | undefined] as [string, Json | undefined],
        ),
      ];
      for (const [what, content] of bodies) {
        for (const [type, media] of Object.entries(content ?? {})) {
          const { schema, example } = media as { schema: Json; example: unknown };
          out.push({ where: `${method.toUpperCase()} ${path} ${what} ${type}`, schema, example });
        }
      }
    }
  }
  return out;
}

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1.0 with every route of the table, and nothing else', () => {
    // Arrange
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Assert
    expect(document.openapi).toBe('3.1.0');
    expect(documented.sort()).toEqual(ROUTES.map((route) => routeKey(route)).sort());
    expect(Object.keys(ROUTE_DOCS).sort()).toEqual(ROUTES.map((route) => routeKey(route)).sort());
  });

  it('describes each operation from the table: summary, path parameters, security, local-only mark', () => {
    const operationIds = new Set<string>();
    for (const route of ROUTES) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Json;
      expect(operation.summary).toBe(route.description);
      operationIds.add(operation.operationId as string);
      const pathNames = [...route.path.matchAll(/\{(\w+\+?)\}/g)].map((m) => m[1]);
      const parameters = (operation.parameters ?? []) as { name: string; in: string }[];
      expect(parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathNames);
      const security = operation.security as Json[];
      if (route.auth === 'required') {
        expect(security).toEqual([{ apiKey: [] }]);
        expect(Object.keys(operation.responses as Json)).toEqual(expect.arrayContaining(['401', '403']));
      }
      if (route.auth === 'optional') expect(security).toContainEqual({});
      expect(operation['x-gongkai-local-only']).toBe('localOnly' in route ? true : undefined);
      expect(Object.keys(operation.responses as Json)).toContain('500');
    }
    expect(operationIds.size).toBe(ROUTES.length);
    expect(Object.keys((document.components as Json).securitySchemes as Json)).toEqual(['apiKey']);
  });

  it('has a $ref that resolves for every $ref', () => {
    const found = refs(document);
    expect(found.length).toBeGreaterThan(10);
    const broken = found.filter(([, ref]) => resolve(ref) === undefined);
    expect(broken).toEqual([]);
  });

  it('has an example valid against its schema for every body and answer', () => {
    // Arrange: the components ride along in each schema, so that `#/components/…` resolves in it.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const all = examples();
    // Act
    const invalid = all.flatMap(({ where, schema, example }) => {
      const validate = ajv.compile({ ...schema, components: document.components });
      return validate(example) ? [] : [`${where}: ${ajv.errorsText(validate.errors)}`];
    });
    // Assert: every route has at least one documented answer with an example, and none fails.
    expect(all.length).toBeGreaterThan(ROUTES.length * 2);
    expect(all.every(({ example }) => example !== undefined)).toBe(true);
    expect(invalid).toEqual([]);
  });

  it('refuses an example that does not match (the check can fail)', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const correction = document.paths['/v1/agencies/{id}/reports/{year}/corrections']?.post as Json;
    const media = ((correction.requestBody as Json).content as Json)['application/json'] as Json;
    const validate = ajv.compile({ ...(media.schema as Json), components: document.components });
    expect(validate({ version: 3, reason: '' })).toBe(false);
    expect(validate({ version: 3 })).toBe(false);
    expect(validate({ version: 3, reason: '更正说明' })).toBe(true);
  });
});
