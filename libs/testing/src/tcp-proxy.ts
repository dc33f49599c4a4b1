import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a drill can cut: while cut, it refuses connections and has dropped every open
 * one, as a network partition or a crashed server would. Put it between services and Postgres
 * (or Redis) to take them out of reach without stopping the real server others share.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private listenPort = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Starts listening (on `port`, or any free one); returns the port. */
  async start(port = 0): Promise<number> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    const address = server.address();
    this.listenPort = typeof address === 'object' && address ? address.port : port;
    return this.listenPort;
  }

  get port(): number {
    return this.listenPort;
  }

  /** Out of reach: open connections dropped, new ones refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  /** Back in reach, on the same port. */
  async restore(): Promise<void> {
    await this.start(this.listenPort);
  }

  async stop(): Promise<void> {
    await this.cut();
  }
}
