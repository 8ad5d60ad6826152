// @ts-check
// A module's index.ts hands out services, types and read functions, never a repository's raw
// writes: another module's write goes through the owning module's service (STYLE.md, Server).
// Value exports of a *.repository.ts are allowed only when their name says they read.

const READ_NAME = /^(find|list|count|get|search|read|exists|is|has|stream)[A-Z]/;
const REPOSITORY = /\.repository(\.[cm]?[jt]s)?$/;

/** @type {import('eslint').Rule.RuleModule} */
export const moduleIndexExports = {
  meta: {
    type: 'problem',
    docs: { description: "A module's index.ts exports no repository write" },
    schema: [],
    messages: {
      write:
        "'{{name}}' from {{source}} is not a read: export a function of this module's service that does the write with its rules.",
      all: 'export * from {{source}} would hand out its writes: name the read functions and types.',
    },
  },
  create(context) {
    /** Local names imported (as values) from a repository, with their source. */
    const fromRepository = new Map();
    /**
     * @param {string} name
     * @param {string} source
     * @param {import('estree').Node} node
     */
    const check = (name, source, node) => {
      if (!READ_NAME.test(name))
        context.report({ node, messageId: 'write', data: { name, source } });
    };
    const isType = (/** @type {any} */ node) =>
      node.exportKind === 'type' || node.importKind === 'type';
    return {
      ImportDeclaration(node) {
        const source = String(node.source.value);
        if (!REPOSITORY.test(source) || isType(node)) return;
        for (const spec of node.specifiers) {
          if (spec.type === 'ImportSpecifier' && !isType(spec)) {
            const imported =
              spec.imported.type === 'Identifier'
                ? spec.imported.name
                : String(spec.imported.value);
            fromRepository.set(spec.local.name, { imported, source });
          } else if (spec.type !== 'ImportSpecifier') {
            fromRepository.set(spec.local.name, { imported: spec.local.name, source });
          }
        }
      },
      ExportAllDeclaration(node) {
        const source = String(node.source.value);
        if (REPOSITORY.test(source) && !isType(node))
          context.report({ node, messageId: 'all', data: { source } });
      },
      ExportNamedDeclaration(node) {
        if (isType(node)) return;
        const source = node.source ? String(node.source.value) : undefined;
        for (const spec of node.specifiers) {
          if (isType(spec)) continue;
          const local =
            spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
          if (source !== undefined) {
            if (REPOSITORY.test(source)) check(local, source, spec);
          } else {
            const imported = fromRepository.get(local);
            if (imported) check(imported.imported, imported.source, spec);
          }
        }
      },
    };
  },
};
