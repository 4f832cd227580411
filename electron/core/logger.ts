// A tiny logger interface so the core never decides where lines go (console in the CLI, a file in Electron).
export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

export const consoleLogger: Logger = {
  info: (msg) => console.log(msg),
  warn: (msg) => console.warn(msg),
  error: (msg) => console.error(msg),
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
