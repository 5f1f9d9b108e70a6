/**
 * A project file as the use cases read it: the ProjectSpec it declares with where each part of
 * it is written (so that a difference from the workspace can be shown at its line), or the errors
 * that keep it from being read. Plain JSON: the language server sends it to the editor.
 * core/projectFile/projectFile.ts makes it; plan, apply, drift and the access report consume it.
 */
import type { ProjectSpec } from './projectSpec';

/** A span of text: zero-based lines and UTF-16 characters, as LSP counts them. */
export interface Place {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Where the parts of a spec are written. */
export interface ProjectFileLayout {
  /** The `id` key. */
  id: Place;
  name?: Place;
  description?: Place;
  /** The `workspace` key. */
  workspace?: Place;
  /** The `members` key. */
  membersKey?: Place;
  /** The name (the `user` or `team` value) of each member, in the order of `spec.members`. */
  members: Place[];
  /** Each custom role's `id` value, by role ID. */
  roles: Record<string, Place>;
}

/** An error the engine reports in a project file (severity Error only). */
export interface FileError {
  line: number;
  character: number;
  code: string;
  message: string;
}

export type ProjectFileReading = { ok: true; spec: ProjectSpec; layout: ProjectFileLayout } | { ok: false; errors: FileError[] };
