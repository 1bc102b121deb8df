// Errors the CLI turns into exit code 2. Kept apart so that starting the CLI does not load the
// config module (and its glob matcher) just to know these classes.

/** The config file or an option in it is wrong; the message is a sentence naming the key. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The command line is wrong. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
