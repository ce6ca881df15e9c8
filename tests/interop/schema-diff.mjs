// The breaking-change gate: schema/schema.graphql (the live schema) against schema/v1.graphql (the
// released v1 baseline). Within a major version the schema only grows; anything graphql-inspector
// calls breaking fails the run. A self-check proves the gate can fail: removing a field from the
// baseline must be reported as breaking.
// Prints "schema-diff: N/M ok"; the exit code is non-zero unless every check passed.
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { diff, CriticalityLevel } from '@graphql-inspector/core';
import { checks } from './support.mjs';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8').replace(/^\uFEFF/, '');
const baselineSdl = read('../../schema/v1.graphql');
const liveSdl = read('../../schema/schema.graphql');

const { check, finish } = checks('schema-diff');

const breaking = async (before, after) =>
  (await diff(buildSchema(before), buildSchema(after))).filter((c) => c.criticality.level === CriticalityLevel.Breaking);

await check('schema/schema.graphql has no breaking change against schema/v1.graphql', async () => {
  const changes = await breaking(baselineSdl, liveSdl);
  if (changes.length) throw new Error(changes.map((c) => `\n  - ${c.message}`).join(''));
});

await check('the gate notices a removed field', async () => {
  const withoutMe = baselineSdl.replace(/^ *"[^\n]*"\n *me: User\n/m, '');
  if (withoutMe === baselineSdl) throw new Error('the self-check could not remove Query.me from the baseline');
  if ((await breaking(baselineSdl, withoutMe)).length === 0) throw new Error('removing Query.me was not reported as breaking');
});

finish();
