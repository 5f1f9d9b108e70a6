export async function runValidate(_args: string[], _cwd: string): Promise<number> {
  throw new Error('validate is being written');
}
