/** Finds the part of project.schema.json that describes a path of keys (for completion and hover). */
import projectSchema from '../../schemas/project.schema.json';

export interface SchemaNode {
  title?: string;
  description?: string;
  markdownDescription?: string;
  type?: string;
  enum?: string[];
  markdownEnumDescriptions?: string[];
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  required?: string[];
  $ref?: string;
}

const root = projectSchema as unknown as SchemaNode & { definitions: Record<string, SchemaNode> };

/** Follows `$ref`; what the referring node says itself (its description) wins over the target's. */
function resolve(node: SchemaNode | undefined, depth = 0): SchemaNode | undefined {
  if (!node?.$ref || depth > 10) return node;
  const { $ref, ...own } = node;
  return { ...resolve(root.definitions[$ref.replace('#/definitions/', '')], depth + 1), ...own };
}

/** The schema of the value at `path` (keys, and `[]` for list entries); undefined when unknown. */
export function schemaAt(path: readonly string[]): SchemaNode | undefined {
  let node: SchemaNode | undefined = root;
  for (const seg of path) {
    node = resolve(node);
    if (!node) return undefined;
    if (seg === '[]') node = node.items;
    else {
      node = node.properties?.[seg];
      if (!node) return undefined;
    }
  }
  return resolve(node);
}

/** The text to show for a schema node on hover or beside a completion. */
export function documentationOf(node: SchemaNode | undefined): string | undefined {
  return node?.markdownDescription ?? node?.description;
}
