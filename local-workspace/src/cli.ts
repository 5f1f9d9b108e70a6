export async function runWorkspaceCommand(_args: string[]): Promise<number> {
  throw new Error('workspace serve is being written');
}
