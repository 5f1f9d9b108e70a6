/** The names a project file is found by (besides the `zenmlProjects.projectFiles` globs). */
export const DEFAULT_PROJECT_FILE_NAMES = ['project.yaml', 'project.yml'] as const;

/** The same as glob patterns, for file watchers and document selectors. */
export const DEFAULT_PROJECT_FILE_PATTERNS = DEFAULT_PROJECT_FILE_NAMES.map((name) => `**/${name}`);
