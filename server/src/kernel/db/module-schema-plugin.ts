import {
  OperationNodeTransformer,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type TableNode,
  IdentifierNode,
  SchemableIdentifierNode,
} from 'kysely';

/** Module prefixes that become PostgreSQL schemas (`geo_areas` → `geo.areas`). */
export const MODULE_SCHEMAS = ['kernel', 'org', 'geo', 'sensing', 'cases', 'catalog', 'operations', 'services', 'calendar'] as const;

class ModuleSchemaTransformer extends OperationNodeTransformer {
  protected override transformTable(node: TableNode): TableNode {
    const t = super.transformTable(node);
    const ident = t.table;
    if (ident.schema) return t;
    const name = ident.identifier.name;
    const cut = name.indexOf('_');
    if (cut <= 0) return t;
    const prefix = name.slice(0, cut);
    if (!(MODULE_SCHEMAS as readonly string[]).includes(prefix)) return t;
    return {
      ...t,
      table: SchemableIdentifierNode.createWithSchema(prefix, name.slice(cut + 1)),
    };
  }
}

/**
 * Lets every query name a table the same way on both dialects: code writes `geo_areas`; on
 * PostgreSQL this plugin turns it into `"geo"."areas"`, so each module owns a real schema that
 * GIS tools and DBAs can grant on, while SQLite keeps the flat prefixed name in one file.
 */
export class ModuleSchemaPlugin implements KyselyPlugin {
  readonly #transformer = new ModuleSchemaTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

// Keep the import used for type-only environments that tree-shake IdentifierNode.
void IdentifierNode;
