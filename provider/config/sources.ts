// Where the configuration is read from: the stack config and the environment, each handed in by a
// composition root (host.ts, program/program.ts, preflight-cli.ts), never read here.

/** A reader of `macie:*` stack config by bare key (`maxAttempts`), e.g. `pulumi.Config#get`. */
export type ConfigGetter = (key: string) => string | undefined;

/** The environment variables the provider looks at; `process.env` only at the composition roots. */
export type Environment = Readonly<Record<string, string | undefined>>;
