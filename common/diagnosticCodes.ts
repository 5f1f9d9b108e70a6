/**
 * Stable codes of the diagnostics the language server and `zenml-projects validate` report.
 * They are part of the contract: quick fixes, the CLI's JSON output and users' CI scripts key on
 * them, so a code is never renamed or reused.
 */
export const DiagnosticCode = {
  /** The YAML itself does not parse. */
  yamlSyntax: 'yaml-syntax',
  /** More than one YAML document (`---`) in a project file. */
  multipleDocuments: 'multiple-documents',
  /** The file is empty or holds only comments. */
  emptyFile: 'empty-file',
  /** The root is a scalar or a list, not a mapping. */
  rootNotMapping: 'root-not-mapping',
  /** The file is larger than the server will analyse. */
  fileTooLarge: 'file-too-large',
  /** Aliases expand beyond the bound (e.g. a "billion laughs" bomb), or without end (an alias
   * inside its own anchor). */
  aliasLimit: 'alias-limit',
  /** An alias whose anchor is not defined before it. */
  undefinedAlias: 'undefined-alias',
  /** A character an editor does not show (zero width, direction marks) or shows as a plain
   * space (no-break space, ...), where it changes what YAML reads. */
  invisibleCharacter: 'invisible-character',
  /** Nesting deeper than any project file needs. */
  tooDeep: 'too-deep',
  /** The bytes are not text. */
  notText: 'not-text',
  /** The file is UTF-16 (NUL beside each ASCII character when read as UTF-8), not UTF-8. */
  utf16: 'utf-16',
  /** U+FFFD REPLACEMENT CHARACTER: bytes that were not UTF-8 were read as UTF-8, and the
   * character meant there is lost. */
  notUtf8: 'not-utf8',
  /** A key the schema does not know. */
  unknownKey: 'unknown-key',
  /** A required key is missing. */
  missingKey: 'missing-key',
  /** A value of the wrong type (a list where text belongs, ...). */
  wrongType: 'wrong-type',
  /** The project ID breaks ZenML's rule. */
  invalidProjectId: 'invalid-project-id',
  /** A custom role ID breaks the ID rule. */
  invalidRoleId: 'invalid-role-id',
  /** Text longer than ZenML stores. */
  tooLong: 'too-long',
  /** A value outside the allowed set (resource type, action, ...). */
  invalidValue: 'invalid-value',
  /** Any other schema violation. */
  schema: 'schema',
  /** A member needs exactly one of `user` and `team`. */
  memberSubject: 'member-subject',
  /** A member's role is neither a default role nor a custom role of the file. */
  unknownRole: 'unknown-role',
  /** The same user or team is listed twice. */
  duplicateMember: 'duplicate-member',
  /** Two custom roles share an ID. */
  duplicateRole: 'duplicate-role',
  /** A custom role takes the name of a default role. */
  roleShadowsDefault: 'role-shadows-default',
  /** No member holds the admin role. */
  noAdmin: 'no-admin',
  /** The project has no description. */
  missingDescription: 'missing-description',
  /** A custom role nobody holds. */
  unusedRole: 'unused-role',
  /** Two project files of the same workspace define the same project ID. */
  duplicateProjectId: 'duplicate-project-id',
  /** A file named like a project file that is some other tool's (information; it is not checked). */
  notProjectFile: 'not-a-project-file',
  /** `.zen/config.yaml`: `active_project_id` is not a UUID (the ZenML client cannot load it). */
  activeProjectNotUuid: 'active-project-not-uuid',
  /** `.zen/config.yaml`: the active project is not known in the workspace. */
  unknownActiveProject: 'unknown-active-project',
  /** A ZenML config file that is not valid YAML or not a mapping. */
  zenConfigSyntax: 'zen-config-syntax',
  /** A custom role that grants exactly what a default role grants. */
  roleEqualsDefault: 'role-equals-default',
  /** A custom role without a description. */
  roleWithoutDescription: 'role-without-description',
  /** A custom role that grants nothing, or exactly what another custom role of the file grants. */
  redundantRole: 'redundant-role',
  /** Several individual users hold the same role: a team would hold it once. */
  useTeam: 'use-team',
  /** The only admin is one user: ownership would not survive that person leaving. */
  singleAdmin: 'single-admin',
  /** The project ID or name breaks the naming convention the user configured. */
  namingConvention: 'naming-convention',
  /** A suppression comment names an unknown code, or one that cannot be switched off. */
  invalidSuppression: 'invalid-suppression',
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** The checks that teach ZenML Pro's project guidance (README, "Checks that teach"). */
export const TEACHING_CODES: readonly DiagnosticCode[] = [
  DiagnosticCode.roleEqualsDefault,
  DiagnosticCode.roleWithoutDescription,
  DiagnosticCode.redundantRole,
  DiagnosticCode.useTeam,
  DiagnosticCode.singleAdmin,
  DiagnosticCode.namingConvention,
];

/**
 * The codes a suppression comment (`# zenml-projects-disable-next-line <code>`,
 * `# zenml-projects-disable <code…>`) may switch off: advice, never a fault. An error means ZenML
 * would refuse or misread the file, so it cannot be hidden.
 */
export const SUPPRESSIBLE_CODES: readonly DiagnosticCode[] = [DiagnosticCode.noAdmin, DiagnosticCode.missingDescription, DiagnosticCode.unusedRole, ...TEACHING_CODES];

/** The `source` of every diagnostic we publish. */
export const DIAGNOSTIC_SOURCE = 'zenml-projects';
