/** Named errors of the lab, each saying what to do next where there is something to do. */
export class LabError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabError';
  }
}

export class NotRootError extends LabError {
  constructor(what: string) {
    super(`${what} needs root (network namespaces, daemons, a test user): run it with sudo`);
    this.name = 'NotRootError';
  }
}

export class LabNotUpError extends LabError {
  constructor(stateFile: string) {
    super(`the lab is not up (no state at ${stateFile}): run \`vigil lab up\` first`);
    this.name = 'LabNotUpError';
  }
}

export class LabAlreadyUpError extends LabError {
  constructor(detail: string) {
    super(`the lab is already up or was left behind (${detail}): run \`vigil lab down\` first`);
    this.name = 'LabAlreadyUpError';
  }
}

export class CommandFailedError extends LabError {
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`command failed (exit ${exitCode ?? 'signal'}): ${argv.join(' ')}${stderr ? `: ${stderr.trim()}` : ''}`, options);
    this.name = 'CommandFailedError';
  }
}

export class ScenarioError extends LabError {
  constructor(
    readonly file: string,
    readonly problems: string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid scenario ${file}:\n  ${problems.join('\n  ')}`, options);
    this.name = 'ScenarioError';
  }
}
