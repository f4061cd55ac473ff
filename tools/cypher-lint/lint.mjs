// Checks Cypher against Neo4j's own parser and semantic analysis (@neo4j-cypher/language-support),
// offline: no server. Reads JSON from stdin, [{name, cypher, params: [names]}], and prints JSON,
// [{name, version, errors: [...], warnings: [...]}], one entry per statement set and Cypher version.
//
// Functions and procedures are Neo4j's built-in ones only (the registry recorded from a real
// Neo4j that the package ships), so a FalkorDB-only call (db.idx.*, algo.*, toJSON, vecf32) or a
// plugin call (apoc.*, gds.*) is an error, as it would be on a plain Neo4j 5 server.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const VERSIONS = ['CYPHER 5', 'CYPHER 25'];
const BUILT_IN_PROCEDURE = /^(db|dbms|tx)\./;

function only(registry, keep) {
  return Object.fromEntries(Object.entries(registry ?? {}).filter(([name, v]) => keep(name, v)));
}

function schemaFor(version, params) {
  const recorded = testData.mockSchema;
  return {
    functions: { [version]: only(recorded.functions[version], (_, f) => f.isBuiltIn === true) },
    procedures: { [version]: only(recorded.procedures[version], (n) => BUILT_IN_PROCEDURE.test(n)) },
    defaultLanguage: version,
    parameters: Object.fromEntries(params.map((p) => [p, null])),
  };
}

function plain(d) {
  return { message: d.message, line: d.range.start.line + 1, column: d.range.start.character + 1 };
}

const input = JSON.parse(await new Promise((resolve, reject) => {
  let text = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
  process.stdin.on('error', reject);
}));

const report = [];
for (const { name, cypher, params } of input) {
  for (const version of VERSIONS) {
    const { diagnostics } = lintCypherQuery(cypher, schemaFor(version, params ?? []));
    // severity 1 = error, 2 = warning (LSP); deprecations count as errors: they stop working.
    const errors = diagnostics.filter((d) => d.severity === 1 || /deprecated/i.test(d.message));
    const warnings = diagnostics.filter((d) => !errors.includes(d));
    report.push({ name, version, errors: errors.map(plain), warnings: warnings.map(plain) });
  }
}
process.stdout.write(JSON.stringify(report));
