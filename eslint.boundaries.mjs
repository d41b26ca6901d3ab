// Module boundaries, kept by ESLint's own `no-restricted-imports` (README, "Libs and what they may
// import"):
//   - a lib or app imports another lib through its index (`@lobby/<lib>`), never its files
//     (`@lobby/fleet/src/…`, `../../fleet/src/…`), and never an app's files;
//   - an app imports no other app;
//   - only the lib that owns an entity imports it (the others use the owner's services and ports);
//   - the edge side (what runs on a branch PC) imports no database code: TypeORM, its drivers and
//     the central libs that carry them.
// A file gets one `no-restricted-imports` setting (ESLint keeps the last that matches), so each
// block below lists every pattern that applies to its files.

const LIBS = ['contracts', 'runtime', 'platform', 'fleet', 'access', 'devices', 'edge', 'calendar', 'alerting', 'checklists'];
const APPS = ['central-server', 'edge-agent', 'device-simulator', 'demo', 'web'];
/** Libs whose tables are domain facts: their entities are theirs alone. */
const ENTITY_OWNERS = ['fleet', 'access', 'alerting', 'checklists'];
/** Runs on a branch PC (or next to the devices): no database code. */
const EDGE_SIDE = new Set(['lib:contracts', 'lib:runtime', 'lib:devices', 'lib:edge', 'lib:calendar', 'app:edge-agent', 'app:device-simulator']);

/**
 * The demo is the whole system in one process: it starts the central server through that app's
 * entry (`startCentralServer`). The one app-to-app import allowed, until the central server's
 * wiring moves into a lib.
 */
const APP_IMPORTS_ALLOWED = { demo: ['../../central-server/src/central-server'] };

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const deepImport = {
  regex: '^@lobby/[^/]+/',
  message: 'Import a lib through its index (`@lobby/<lib>`), never its files.',
};

/** A relative path that climbs into another lib's or app's `src`, or names `libs/` or `apps/`. */
function crossing(allowed = []) {
  const except = allowed.map((path) => `(?!${escape(path)}$)`).join('');
  return {
    regex: `^${except}\\.{1,2}/(?:.*/)?(?:[\\w-]+/src(?:/|$)|libs/|apps/)`,
    message: "Another lib's or app's files: import a lib by `@lobby/<lib>`; an app imports no other app.",
  };
}

function foreignEntities(ownLib) {
  const others = ENTITY_OWNERS.filter((lib) => lib !== ownLib);
  return {
    regex: `^@lobby/(?:${others.join('|')})$`,
    importNamePattern: '^[A-Z]\\w*Entity$',
    message: "Another lib's entity: its tables are its own. Use the owning lib's services or read port.",
  };
}

const databaseCode = {
  regex: '^(?:typeorm|@nestjs/typeorm|pg|sqlite3|better-sqlite3|@lobby/(?:platform|fleet|access|alerting|checklists))(?:/|$)',
  message: 'The edge side loads no database code: use `@lobby/runtime` (clock, logger, errors) and `@lobby/contracts`.',
};

function block(files, { lib, app }) {
  const patterns = [deepImport, crossing(app ? APP_IMPORTS_ALLOWED[app] : []), foreignEntities(lib)];
  if (EDGE_SIDE.has(lib ? `lib:${lib}` : `app:${app}`)) patterns.push(databaseCode);
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

export const boundaries = [
  ...LIBS.map((lib) => block([`libs/${lib}/**/*.ts`], { lib })),
  ...APPS.map((app) => block([`apps/${app}/**/*.ts`, `apps/${app}/**/*.tsx`], { app })),
];
