/**
 * The web gateway: one node:http server that serves the student page and, on /ws, a WebSocket
 * per browser student (a SocketStudent each); and the teacher console (/teach), whose socket
 * (/teach/ws) uploads the teacher's screen for a broadcast run here (a TeacherSocket each). The students of a class share one Kafka reader per
 * gateway (ClassFanOut); each student's position is committed to its own group. Dead connections
 * are found with pings and closed, so their seats do not linger.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { createKafkaClient, type KafkaConnection } from '@classcast/kafka';
import {
  escapeControlCharacters,
  LOGIN_METHOD_PATH,
  SHARE_SOCKET_PATH,
  TEACHER_LOGIN_METHOD_PATH,
  TEACHER_SOCKET_PATH,
  WARM_UP_GROUP_ID,
} from '@classcast/protocol';
import { createJoinLimits, createSessionRegistry, DEFAULT_JOIN_LIMITS } from './session-registry.js';
import { createOidcSignIn } from './oidc-sign-in.js';
import { assertNoGatewayLogin, loginMethodOf, type StudentLogin } from './student-login.js';
import { DEFAULT_PUBLIC_DIR, reply, serveGatewayPage } from './student-page.js';
import { createShareSocket, type ShareSocket } from './share-socket.js';
import { createTeacherSocket, type TeacherSocket } from './teacher-socket.js';
import { createSocketStudent, DEFAULT_MAX_MESSAGE_BYTES, type SessionInfo, type SocketStudent } from './socket-student.js';
import { WebError } from './web-errors.js';
import { createClassFanOut, type ClassFanOut } from '@classcast/stream';

export interface GatewayOptions {
  /**
   * Where Kafka is (and its TLS). With `studentLogin` other than open, it must hold no SASL login:
   * each student's clients log in as that student.
   */
  connection: KafkaConnection;
  /**
   * How students prove who they are. Default `{ method: 'open' }`: every student reads through
   * `connection`, so anyone who reaches the gateway may watch (the open classroom). With
   * `{ method: 'password' }` each join carries the student's own Kafka password and the broker's
   * ACLs decide what that student may read. With `{ method: 'oidc', provider, issuer, clientId, … }`
   * students sign in with the school's provider and join with its ID token (oidc-sign-in.ts).
   */
  studentLogin?: StudentLogin;
  /** Refused logins taken from one address per minute before its joins wait (CC_GATEWAY_TOO_MANY_LOGINS). Default 5. */
  loginFailuresPerAddressPerMinute?: number;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default '0.0.0.0': students' machines must reach it. */
  host?: string;
  /**
   * Back-pressure limit per browser: above this much unsent data the gateway stops sending and
   * skips ahead to the newest keyframe. Default 1 MiB (a few 720p keyframes).
   */
  maxBufferedBytes?: number;
  /** Folder with the bundled app.js. Default apps/web/dist/public. */
  publicDir?: string;
  /** Interval of the dead-connection check. Default 30 s. */
  keepaliveMs?: number;
  /**
   * The biggest message a browser may send (a join is about 100 bytes). A bigger one gets a
   * CC_GATEWAY_MESSAGE_TOO_BIG error and the socket closes (1009). Default 4096.
   */
  maxMessageBytes?: number;
  /** Seek, speed and live messages taken per socket per second; the excess is dropped with an error, the student stays. Default 20. */
  controlsPerSecond?: number;
  /** How many of them may come at once above that pace. Default 40. */
  controlBurst?: number;
  /**
   * Pages of other origins whose WebSocket the gateway takes, e.g. `https://school.example`
   * (scheme, host and port; no path). The page's own origin (same host:port as the request's
   * Host header, http or https) is always allowed. Default: none.
   */
  allowedOrigins?: readonly string[];
  /**
   * Join attempts taken from one remote address per minute; the next get CC_GATEWAY_TOO_MANY_JOINS.
   * The address is the socket's own, or behind a trusted load balancer (`trustedProxies`) the
   * student's as the balancer says. Joins from the server's own 127.0.0.1 or ::1 (a proxy on
   * this machine that is not trusted, a load test) are not counted; their refused logins are.
   * Default 20.
   */
  joinsPerAddressPerMinute?: number;
  /**
   * Load balancers in front of this gateway (their addresses, as the gateway sees them). From
   * one of them, the student's address is the last one in X-Forwarded-For that is not itself a
   * trusted balancer; from anyone else the header is ignored, since any client can write it.
   * Default: none.
   */
  trustedProxies?: readonly string[];
  /** Students watching one class at once on this gateway; the next get CC_GATEWAY_CLASS_FULL. Default 1000. */
  maxStudentsPerClass?: number;
  /** Students watching on this gateway at once; the next get CC_GATEWAY_FULL. Default 2000. */
  maxStudents?: number;
  /**
   * HTTPS and WSS with this certificate and key (PEM). Without it the gateway speaks plain HTTP:
   * pictures, names and (with logins) passwords cross the network readable by anyone on it.
   */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Join and leave lines (names a browser sent are escaped). Default: none. */
  log?(line: string): void;
  /**
   * The biggest picture upload a teacher console may send: a whole picture, raw when the console
   * runs on this machine (a 4K screen is 33 MB), deflated otherwise. Default 64 MiB.
   */
  maxUploadBytes?: number;
  /** Teacher consoles connected at once; the next is refused (CC_GATEWAY_FULL). Default 20. */
  maxTeacherConsoles?: number;
  /**
   * Names this gateway in the positions it commits for its students (`classcast students` shows
   * it). Default: a random id per start.
   */
  gatewayId?: string;
}

export interface Gateway {
  /** The student page, e.g. http://127.0.0.1:8080/ (loopback when listening on every interface). */
  readonly url: string;
  readonly port: number;
  /** One entry per open connection: who, status, frames sent and dropped, buffered bytes. */
  sessions(): SessionInfo[];
  /** One entry per teacher console: its class, broadcast state, and what it uploaded. */
  teacherConsoles(): Array<ReturnType<TeacherSocket['info']>>;
  /** Classes this gateway reads, and how many students share their readers. */
  fanOut(): ReturnType<ClassFanOut['stats']>;
  /** Closes every connection (their consumers leave their groups) and the server. */
  close(): Promise<void>;
}

export const DEFAULT_GATEWAY_PORT = 8080;
/** Every interface: students on the classroom's network reach it. */
export const DEFAULT_GATEWAY_HOST = '0.0.0.0';
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
export const DEFAULT_MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_TEACHER_CONSOLES = 20;
/** Pages sharing or offering a student's screen at once: one student holds a class's screen, a few more offer. */
const MAX_SHARING_PAGES = 64;
/**
 * ws itself cuts a bigger message off (close 1009) before the session can say why; up to this
 * many times the gateway's limit, the session reads it and sends CC_GATEWAY_MESSAGE_TOO_BIG first.
 */
const WS_PAYLOAD_ROOM = 16;

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? DEFAULT_GATEWAY_HOST;
  const publicDir = options.publicDir ?? DEFAULT_PUBLIC_DIR;
  const log = options.log ?? (() => undefined);
  const studentLogin = options.studentLogin ?? { method: 'open' };
  assertNoGatewayLogin(studentLogin, options.connection);
  const loginJson = JSON.stringify(loginMethodOf(studentLogin));
  // Teachers log in as students do: their Kafka password, or the school's sign-in (teacher-socket.ts
  // also takes a Kafka password there, for a cluster that has both).
  const teacherLoginJson = loginJson;
  const registry = createSessionRegistry();
  const limits = createJoinLimits({
    joinsPerAddress: positiveLimit('joinsPerAddressPerMinute', options.joinsPerAddressPerMinute ?? DEFAULT_JOIN_LIMITS.joinsPerAddress),
    loginFailuresPerAddress: positiveLimit(
      'loginFailuresPerAddressPerMinute',
      options.loginFailuresPerAddressPerMinute ?? DEFAULT_JOIN_LIMITS.loginFailuresPerAddress,
    ),
    windowMs: DEFAULT_JOIN_LIMITS.windowMs,
    maxStudentsPerClass: positiveLimit('maxStudentsPerClass', options.maxStudentsPerClass ?? DEFAULT_JOIN_LIMITS.maxStudentsPerClass),
    maxStudents: positiveLimit('maxStudents', options.maxStudents ?? DEFAULT_JOIN_LIMITS.maxStudents),
  });
  const sessions = new Map<WebSocket, SocketStudent>();
  const fanOut = createClassFanOut({
    connection: options.connection,
    ...(options.gatewayId === undefined ? {} : { gatewayId: options.gatewayId }),
    log,
  });

  const signIn = studentLogin.method === 'oidc' ? createOidcSignIn(studentLogin) : undefined;
  const servePage: RequestListener = (request, response) => {
    if (request.url === LOGIN_METHOD_PATH) return reply(response, 200, 'application/json', loginJson);
    if (request.url === TEACHER_LOGIN_METHOD_PATH) return reply(response, 200, 'application/json', teacherLoginJson);
    (signIn ? signIn.handle(request, response, options.tls !== undefined) : Promise.resolve(false))
      .then(async (handled) => handled || (await serveGatewayPage(request, response, publicDir)))
      .then((served) => served || reply(response, 404, 'text/plain; charset=utf-8', 'not found\n'))
      .catch(() => reply(response, 500, 'text/plain; charset=utf-8', 'internal error\n'));
  };
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, servePage) : createServer(servePage);
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const allowedOrigins = new Set((options.allowedOrigins ?? []).map(normalizeAllowedOrigin));
  const trustedProxies = new Set((options.trustedProxies ?? []).map(normalizeAddress));
  const verifyClient: ServerOptions['verifyClient'] = ({ req }, done) => {
    const found = originRefusal(req, allowedOrigins);
    if (found === undefined) return done(true);
    const refusal = escapeControlCharacters(found);
    log(escapeControlCharacters(`refused a WebSocket from ${req.socket.remoteAddress ?? 'an unknown address'}: ${refusal}`));
    done(false, 403, `${refusal}\n`, { 'Content-Type': 'text/plain; charset=utf-8' });
  };
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes * WS_PAYLOAD_ROOM, verifyClient });
  // A teacher console uploads whole pictures: its socket takes bigger messages.
  const teacherWss = new WebSocketServer({ noServer: true, maxPayload: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, verifyClient });
  // A student's shared screen is uploaded as a teacher console's is.
  const shareWss = new WebSocketServer({ noServer: true, maxPayload: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES, verifyClient });
  const socketServers = new Map([
    ['/ws', wss],
    [TEACHER_SOCKET_PATH, teacherWss],
    [SHARE_SOCKET_PATH, shareWss],
  ]);
  server.on('upgrade', (request, socket, head) => {
    const target = socketServers.get(new URL(request.url ?? '/', 'http://gateway').pathname);
    if (!target) return socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    target.handleUpgrade(request, socket, head, (client) => target.emit('connection', client, request));
  });
  // Errors after listen() (which reports its own) have nobody to tell; a socket's own are its session's.
  server.on('error', () => undefined);
  const alive = new WeakSet<WebSocket>();
  const teachers = new Map<WebSocket, TeacherSocket>();
  const broadcasting = new Set<string>();
  const maxTeacherConsoles = positiveLimit('maxTeacherConsoles', options.maxTeacherConsoles ?? DEFAULT_MAX_TEACHER_CONSOLES);
  teacherWss.on('connection', (socket, request) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    const address = clientAddress(request, trustedProxies);
    if (teachers.size >= maxTeacherConsoles) {
      socket.send(
        JSON.stringify({ type: 'error', code: 'CC_GATEWAY_FULL', message: `this class server takes ${maxTeacherConsoles} teacher consoles at once` }),
      );
      return socket.close(1013, 'CC_GATEWAY_FULL');
    }
    teachers.set(socket, createTeacherSocket({ socket, connection: options.connection, login: studentLogin, broadcasting, address, log }));
    socket.on('close', () => teachers.delete(socket));
  });
  const sharing = new Map<WebSocket, ShareSocket>();
  shareWss.on('connection', (socket, request) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    if (sharing.size >= MAX_SHARING_PAGES) {
      socket.send(JSON.stringify({ type: 'error', code: 'CC_GATEWAY_FULL', message: `this class server takes ${MAX_SHARING_PAGES} shared screens at once` }));
      return socket.close(1013, 'CC_GATEWAY_FULL');
    }
    sharing.set(
      socket,
      createShareSocket({ socket, connection: options.connection, login: studentLogin, address: clientAddress(request, trustedProxies), log }),
    );
    socket.on('close', () => sharing.delete(socket));
  });

  wss.on('connection', (socket, request) => {
    alive.add(socket);
    socket.on('pong', () => alive.add(socket));
    const session = createSocketStudent({
      socket,
      connection: options.connection,
      studentLogin,
      fanOut,
      registry,
      limits,
      address: clientAddress(request, trustedProxies),
      maxBufferedBytes: options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES,
      maxMessageBytes,
      ...(options.controlsPerSecond === undefined ? {} : { controlsPerSecond: options.controlsPerSecond }),
      ...(options.controlBurst === undefined ? {} : { controlBurst: options.controlBurst }),
      log,
    });
    sessions.set(socket, session);
    socket.on('close', () => sessions.delete(socket));
  });

  const keepalive = setInterval(() => {
    for (const socket of [...wss.clients, ...teacherWss.clients, ...shareWss.clients]) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, options.keepaliveMs ?? 30_000);
  keepalive.unref();

  try {
    await listen(server, options.port ?? DEFAULT_GATEWAY_PORT, host);
  } catch (error) {
    clearInterval(keepalive);
    wss.close();
    teacherWss.close();
    shareWss.close();
    throw error;
  }
  // With student logins the gateway has no login to ask with; the first join pays the wait.
  if (studentLogin.method === 'open') void warmUpGroupCoordinator(options.connection);
  const { port } = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}/`,
    port,
    sessions: () => [...sessions.values()].map((session) => session.info()).filter((info) => info.state !== 'closed'),
    fanOut: () => fanOut.stats(),
    teacherConsoles: () => [...teachers.values()].map((teacher) => teacher.info()),
    async close() {
      clearInterval(keepalive);
      // Stop taking connections first: a browser reconnecting during shutdown would start a
      // consumer that nobody stops.
      const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      // ws emits 'close' once its last client is gone, so wait for it only after closing them.
      const wssClosed = [wss, teacherWss, shareWss].map((socketServer) => new Promise<void>((resolve) => socketServer.close(() => resolve())));
      // A teacher console's broadcast ends with its end frame, so students see "ended", not a stall.
      await Promise.all([
        ...[...sessions.values()].map((session) => session.close('the gateway is shutting down')),
        ...[...teachers.values()].map((teacher) => teacher.close('the gateway is shutting down')),
        ...[...sharing.values()].map((share) => share.close('the gateway is shutting down')),
      ]);
      await fanOut.close();
      for (const socket of [...wss.clients, ...teacherWss.clients, ...shareWss.clients]) socket.terminate();
      server.closeAllConnections();
      await Promise.all([...wssClosed, serverClosed]);
    },
  };
}

/**
 * The WebSocket Origin check: why this upgrade is refused, or undefined when it is taken.
 * Browsers always send Origin on a WebSocket, and a page cannot forge it, so a page of another
 * site (one a student happens to visit) cannot watch through the gateway. A request without an
 * Origin header is not from a browser page (the bench's and the tests' ws clients, the CLI): it
 * is allowed, since whoever can open a raw socket needs no page to do so; this check stops
 * cross-site pages, not other programs.
 */
export function originRefusal(request: IncomingMessage, allowed: ReadonlySet<string>): string | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  const host = request.headers.host?.toLowerCase();
  const lower = origin.toLowerCase();
  if (host !== undefined && (lower === `http://${host}` || lower === `https://${host}`)) return undefined;
  if (allowed.has(lower)) return undefined;
  return `origin ${JSON.stringify(origin).slice(0, 200)} is not this gateway's page nor an allowed origin (--allow-origin)`;
}

/**
 * The student's address, which the join limits count: the socket's, or behind a trusted load
 * balancer the last address in X-Forwarded-For that is not a trusted balancer itself (each hop
 * appends the address it saw, so only the entries our own balancers wrote can be believed).
 */
export function clientAddress(request: IncomingMessage, trustedProxies: ReadonlySet<string>): string {
  const socketAddress = normalizeAddress(request.socket.remoteAddress ?? 'unknown');
  if (!trustedProxies.has(socketAddress)) return socketAddress;
  const header = request.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((hop) => normalizeAddress(hop.trim()))
    .filter((hop) => hop.length > 0);
  return hops.reverse().find((hop) => !trustedProxies.has(hop)) ?? socketAddress;
}

/** '::ffff:10.0.0.5' (an IPv4 client on a dual-stack socket) → '10.0.0.5'. */
function normalizeAddress(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1').toLowerCase();
}

/** `https://School.example/` → `https://school.example`; anything but an http(s) origin is a bad option. */
export function normalizeAllowedOrigin(origin: string): string {
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const bare = url !== undefined && (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash && !url.username;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || !bare) {
    throw new WebError('CC_GATEWAY_BAD_OPTIONS', `allowed origin ${JSON.stringify(origin)} is not an origin such as https://school.example:8443`);
  }
  return url.origin.toLowerCase();
}

function positiveLimit(name: string, value: number): number {
  if (!(Number.isInteger(value) && value >= 1)) throw new WebError('CC_GATEWAY_BAD_OPTIONS', `${name} must be a whole number of at least 1, not ${value}`);
  return value;
}

function listen(server: Server | NetServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      // A port taken is never swapped for another silently: the students' link would change.
      const why =
        error.code === 'EADDRINUSE'
          ? 'the port is in use (another gateway or classroom?): give another --port, or --port 0 for any free one'
          : error.code === 'EACCES'
            ? 'no permission (ports below 1024 need root): give another --port, or --port 0 for any free one'
            : error.message;
      reject(new WebError('CC_GATEWAY_LISTEN_FAILED', `cannot listen on ${host}:${port}: ${why}`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}

/**
 * Fails as the gateway would when it cannot listen on `port`: a classroom checks before it starts
 * a broker, rather than after. Port 0 (any free port) always can.
 */
export async function checkGatewayPort(port: number, host = DEFAULT_GATEWAY_HOST): Promise<void> {
  if (port === 0) return;
  const probe = createNetServer();
  await listen(probe, port, host);
  await new Promise((resolve) => probe.close(resolve));
}

/**
 * On a fresh cluster the first consumer group to join waits ~1.5 s while Kafka creates its
 * group-offsets topic; asking for any group's coordinator once at start-up pays that before the
 * first student arrives, so even they see the screen within a second. Failures are the students'
 * sessions' to report.
 */
async function warmUpGroupCoordinator(connection: KafkaConnection): Promise<void> {
  const admin = createKafkaClient({ ...connection, clientId: 'classcast-web-warm-up' }).admin();
  try {
    await admin.connect();
    await admin.describeGroups([WARM_UP_GROUP_ID]);
  } catch {
    // Nothing to do: a broker that is down now is reported when a student joins.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
