/**
 * Several answers asked in one input box that stays open between them ("Step 1 of 3"), instead
 * of a box closing and another opening: no flicker, and focus never returns to the view in
 * between (where a keystroke meant for the next box would land).
 */
import * as vscode from 'vscode';
import { Dismissed } from './commandSupport';

export interface StepQuestion {
  prompt: string;
  value?: string;
  placeholder?: string;
  /** A sentence when the value cannot be accepted, checked as the user types. */
  validate?: (value: string) => string | undefined;
}

/** What the open step input shows, for tests and automation. */
export interface StepInputSnapshot {
  title?: string;
  step?: number;
  totalSteps?: number;
  value: string;
  prompt?: string;
  validationMessage?: string;
}

let open: StepInput | undefined;

export function stepInputSnapshot(): StepInputSnapshot | undefined {
  return open?.snapshot();
}

export class StepInput implements vscode.Disposable {
  private readonly box = vscode.window.createInputBox();
  private step = 0;

  constructor(title: string, totalSteps: number) {
    this.box.title = title;
    this.box.totalSteps = totalSteps;
    this.box.ignoreFocusOut = true;
    open = this;
  }

  snapshot(): StepInputSnapshot {
    const b = this.box;
    const message = b.validationMessage;
    return { title: b.title, step: b.step, totalSteps: b.totalSteps, value: b.value, prompt: b.prompt, validationMessage: typeof message === 'string' ? message : message?.message };
  }

  /** The next answer; throws Dismissed when the user presses Escape. */
  ask(q: StepQuestion): Promise<string> {
    const box = this.box;
    box.step = ++this.step;
    box.prompt = q.prompt;
    box.placeholder = q.placeholder;
    box.value = q.value ?? '';
    box.valueSelection = undefined;
    // A prefilled value is checked at once; an empty box only once the user types.
    box.validationMessage = box.value ? q.validate?.(box.value) : undefined;
    box.busy = false;
    box.enabled = true;
    return new Promise<string>((resolve, reject) => {
      const subscriptions: vscode.Disposable[] = [];
      const done = () => subscriptions.forEach((d) => d.dispose());
      subscriptions.push(
        box.onDidChangeValue((v) => (box.validationMessage = q.validate?.(v))),
        box.onDidAccept(() => {
          const problem = q.validate?.(box.value);
          box.validationMessage = problem;
          if (problem) return;
          done();
          resolve(box.value);
        }),
        box.onDidHide(() => {
          done();
          reject(new Dismissed());
        }),
      );
      box.show();
    });
  }

  dispose(): void {
    if (open === this) open = undefined;
    this.box.dispose();
  }
}
