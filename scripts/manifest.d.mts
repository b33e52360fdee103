/** The oclif devDependency's own entry point. */
export function oclifBin(): string;
/** The environment oclif runs in during the build: `env` with its update check switched off. */
export function buildEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
