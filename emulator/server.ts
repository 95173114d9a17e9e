// The HTTP server: listens on 127.0.0.1, hands every request to one handler, and on stop closes
// every connection, idle or not, so stop() never waits for a client.
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export class EmulatorServer {
  private server: http.Server | undefined;

  /** Starts listening (port 0: any free port); the base URL. */
  async start(handler: Handler, port: number): Promise<string> {
    const server = http.createServer(handler);
    // Longer than the SDK's idle sockets live, so a pooled connection is never closed under a request.
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    this.server = server;
    return this.url;
  }

  get url(): string {
    if (!this.server) throw new Error("the emulator is not started");
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
