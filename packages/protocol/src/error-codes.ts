/**
 * The one table of classcast error codes: what each means, which part of classcast raises it, and
 * whether trying the same thing again can help (like kafkajs's table of broker error codes).
 * Every ClasscastError's code is a key of this table; docs/ERRORS.md lists the same rows, and a
 * test keeps the two, and the code that raises them, in step.
 *
 * `retriable` is the default of ClasscastError.retriable for the code; 'depends' means the raiser
 * decides each time (the cause tells), and the default is false.
 */
export type ErrorArea = 'protocol' | 'codec' | 'capture' | 'broker' | 'flume' | 'kafka' | 'stream' | 'desktop' | 'ui' | 'web' | 'cli' | 'teacher' | 'student';

export interface ErrorCodeInfo {
  readonly area: ErrorArea;
  readonly retriable: boolean | 'depends';
  readonly meaning: string;
}

export const ERROR_CODES = {
  // protocol: names and the bytes on a class topic or the gateway socket
  CC_INVALID_NAME: { area: 'protocol', retriable: false, meaning: 'A class, student, user or pool name that cannot be part of a Kafka topic or group name.' },
  CC_FRAME_NOT_CLASSCAST: {
    area: 'protocol',
    retriable: false,
    meaning: 'A message on a class topic without the classcast version header: something else wrote it.',
  },
  CC_FRAME_UNSUPPORTED_VERSION: { area: 'protocol', retriable: false, meaning: 'A frame written by a newer classcast, in a format this one cannot read.' },
  CC_FRAME_BAD_HEADER: { area: 'protocol', retriable: false, meaning: 'A frame whose headers are missing, malformed or contradict each other.' },
  CC_FRAME_BAD_PAYLOAD: {
    area: 'protocol',
    retriable: false,
    meaning: 'A frame whose value does not match its kind (a tile container that does not parse, a marker with bytes).',
  },
  CC_PICTURE_TOO_LARGE: {
    area: 'protocol',
    retriable: false,
    meaning:
      "A picture whose frame or image header declares more pixels than the class's limit (its max-picture setting, 4K by default; or a viewer's --max-pixels): refused before decoding, counted as skipped.",
  },
  CC_GATEWAY_BAD_REQUEST: {
    area: 'protocol',
    retriable: false,
    meaning:
      'A browser sent the gateway something it does not take: a student page, other than one join message followed by seek, speed or live messages; a teacher console, a malformed command or frame upload.',
  },
  // codec: encoding and decoding pictures
  CC_CODEC_BAD_OPTIONS: { area: 'codec', retriable: false, meaning: 'An encoder option outside its range.' },
  CC_CODEC_BAD_FRAME: { area: 'codec', retriable: false, meaning: 'A raw frame whose size, pixel format and buffer length do not agree.' },
  CC_CODEC_BAD_IMAGE: { area: 'codec', retriable: false, meaning: 'Bytes that are not a picture the decoder can read.' },
  CC_MISSING_KEYFRAME: {
    area: 'codec',
    retriable: false,
    meaning: 'A delta that builds on a keyframe other than the picture at hand: wait for the next keyframe.',
  },
  // capture: frame sources
  CC_CAPTURE_BAD_OPTIONS: { area: 'capture', retriable: false, meaning: 'A source spec or option that makes no sense (`--source tv`, width 0).' },
  CC_CAPTURE_NO_DISPLAY: { area: 'capture', retriable: false, meaning: 'No X11 or Wayland display to capture from.' },
  CC_CAPTURE_NO_MONITOR: { area: 'capture', retriable: false, meaning: 'The display has no monitor with the asked index.' },
  CC_CAPTURE_FAILED: { area: 'capture', retriable: true, meaning: 'A capture failed on a display that was there before; the next one may work.' },
  CC_CAPTURE_NO_SLIDES: { area: 'capture', retriable: false, meaning: 'The slide folder is missing, is not a folder, or has no pictures.' },
  CC_CAPTURE_BAD_SLIDE: { area: 'capture', retriable: false, meaning: 'A slide file that is not a picture.' },
  CC_CAPTURE_CLOSED: { area: 'capture', retriable: false, meaning: 'A frame was asked of a source after it was closed.' },
  // broker: the embedded Kafka
  CC_BROKER_JAVA_MISSING: { area: 'broker', retriable: false, meaning: 'Java 17+ is not installed, and the embedded Kafka broker needs it.' },
  CC_BROKER_MAVEN_MISSING: { area: 'broker', retriable: false, meaning: 'Maven is not installed, and the first start downloads Kafka with it.' },
  CC_BROKER_DOWNLOAD_FAILED: {
    area: 'broker',
    retriable: 'depends',
    meaning: 'Downloading the Kafka jars failed: retriable when Maven Central could not be reached.',
  },
  CC_BROKER_FORMAT_FAILED: { area: 'broker', retriable: false, meaning: "Kafka's storage tool could not format a node's data directory." },
  CC_BROKER_DATA_DIR_MISMATCH: { area: 'broker', retriable: false, meaning: 'The data directory holds a cluster with another number of nodes.' },
  CC_BROKER_START_FAILED: { area: 'broker', retriable: true, meaning: 'A broker node exited or did not become ready in time.' },
  CC_BROKER_PORT_TAKEN: {
    area: 'broker',
    retriable: false,
    meaning: 'Another program listens on a port the embedded cluster keeps for one of its nodes (clients know the node by it).',
  },
  CC_BROKER_UNKNOWN_NODE: {
    area: 'broker',
    retriable: false,
    meaning: '`broker start --node N` names a node the embedded cluster does not have, or no cluster was started with `broker up`.',
  },
  CC_BROKER_BAD_USER: { area: 'broker', retriable: false, meaning: 'A user name or password the broker cannot store (spaces, commas, quotes, too long).' },
  CC_BROKER_SECURITY_MISMATCH: {
    area: 'broker',
    retriable: false,
    meaning: 'The data directory holds a secured cluster, started now without security or with another admin.',
  },
  CC_BROKER_USER_UPDATE_FAILED: { area: 'broker', retriable: false, meaning: "Kafka's tool could not store a user's password." },
  CC_BROKER_OPENSSL_MISSING: {
    area: 'broker',
    retriable: false,
    meaning: 'The openssl tool is not installed, and the secured broker needs it for its certificates.',
  },
  CC_BROKER_TLS_FAILED: { area: 'broker', retriable: false, meaning: 'The openssl tool failed while making the TLS certificates.' },
  CC_BROKER_UNKNOWN_TOOL: { area: 'broker', retriable: false, meaning: 'A Kafka command-line tool classcast does not wrap.' },
  CC_BROKER_METRICS_UNREADABLE: {
    area: 'broker',
    retriable: false,
    meaning: "The brokers' JMX counters could not be read (no JDK, or the broker JVM refused the attach).",
  },
  CC_BROKER_OIDC_UNREACHABLE: {
    area: 'broker',
    retriable: true,
    meaning: "The school sign-in provider's OpenID configuration (issuer/.well-known/openid-configuration) could not be fetched.",
  },
  CC_BROKER_OIDC_BAD_DISCOVERY: {
    area: 'broker',
    retriable: false,
    meaning: "The provider's OpenID configuration is not JSON, names another issuer, or has no jwks_uri.",
  },
  // flume: the Flume agents
  CC_FLUME_DOWNLOAD_FAILED: {
    area: 'flume',
    retriable: 'depends',
    meaning: 'Downloading the Flume jars failed (or Maven is missing): retriable when Maven Central could not be reached.',
  },
  CC_FLUME_START_FAILED: { area: 'flume', retriable: false, meaning: 'A Flume agent could not start (no Java, or it exited).' },
  CC_FLUME_BAD_CONFIG: { area: 'flume', retriable: false, meaning: 'An agent configuration with values missing.' },
  // kafka: connecting, security, classes
  CC_BAD_BROKER_ADDRESS: { area: 'kafka', retriable: false, meaning: 'A broker address that is not host:port, or none at all.' },
  CC_BAD_SASL_MECHANISM: { area: 'kafka', retriable: false, meaning: 'A SASL mechanism other than plain, scram-sha-256 or scram-sha-512.' },
  CC_SECRET_FILE: {
    area: 'kafka',
    retriable: false,
    meaning:
      'A password or users file (--password-file, CLASSCAST_SASL_PASSWORD_FILE, --users-file) that is missing, empty, or readable by other users (it must be mode 0600).',
  },
  CC_BROKER_UNREACHABLE: { area: 'kafka', retriable: true, meaning: 'No Kafka broker answers at the given addresses.' },
  CC_SASL_MECHANISM_REFUSED: {
    area: 'kafka',
    retriable: false,
    meaning: 'The cluster does not offer the SASL mechanism asked for; the command line names the ones it offers (--sasl-mechanism).',
  },
  CC_LOGIN_REQUIRED: {
    area: 'kafka',
    retriable: false,
    meaning: 'The cluster wants a login and none was given: --username with --password-file, or CLASSCAST_SASL_USERNAME and CLASSCAST_SASL_PASSWORD.',
  },
  CC_AUTH_FAILED: { area: 'kafka', retriable: false, meaning: 'Kafka refused the user name and password.' },
  CC_TOKEN_REFUSED: {
    area: 'kafka',
    retriable: false,
    meaning: 'Kafka refused a school sign-in token (SASL/OAUTHBEARER): expired, for another app or issuer, or not signed by the school provider.',
  },
  CC_NOT_AUTHORIZED: { area: 'kafka', retriable: false, meaning: "Kafka's access rules do not let this user do that." },
  CC_ACCESS_ENDED: {
    area: 'kafka',
    retriable: false,
    meaning: 'While a student watched, Kafka stopped letting them: access to the class was revoked, or the password or sign-in is no longer valid.',
  },
  CC_TLS_UNTRUSTED: { area: 'kafka', retriable: false, meaning: "Kafka's TLS certificate is not signed by a CA this client trusts." },
  CC_TLS_HANDSHAKE_FAILED: { area: 'kafka', retriable: false, meaning: 'The port did not complete a TLS handshake: it is probably not the TLS port.' },
  CC_ACLS_DISABLED: { area: 'kafka', retriable: false, meaning: 'The cluster has no authorizer, so it keeps no access rules to show or change.' },
  CC_KAFKA_ERROR: { area: 'kafka', retriable: 'depends', meaning: 'Any other Kafka failure, with its first line; retriable when Kafka says so.' },
  CC_CLASS_NOT_FOUND: {
    area: 'kafka',
    retriable: 'depends',
    meaning: 'The class has no topic: retriable while waiting for the teacher to start, not for an admin command.',
  },
  CC_CLASS_TOPIC_DELETED: {
    area: 'kafka',
    retriable: 'depends',
    meaning: 'The class topic was deleted during the lesson: retriable when it was created again.',
  },
  CC_BAD_PARTITION_COUNT: { area: 'kafka', retriable: false, meaning: 'A partition count that does not grow the topic: Kafka can only add partitions.' },
  CC_BAD_REPLICATION_FACTOR: { area: 'kafka', retriable: false, meaning: 'A replication factor larger than the number of brokers, or below 1.' },
  CC_BAD_MIN_INSYNC: {
    area: 'kafka',
    retriable: false,
    meaning: "A min.insync.replicas (--min-insync) below 1 or above the class's replication factor: Kafka could never confirm a frame.",
  },
  CC_BAD_RETENTION: {
    area: 'kafka',
    retriable: false,
    meaning: 'A retention shorter than 1 s, or a byte limit (--retention-bytes) that does not hold two of the largest frames.',
  },
  CC_BAD_REASSIGNMENT_PLAN: { area: 'kafka', retriable: false, meaning: 'A partition reassignment plan that cannot be read or is not a valid plan.' },
  CC_NOT_ENOUGH_REPLICAS: {
    area: 'kafka',
    retriable: true,
    meaning: 'Too few brokers hold an up-to-date copy of the class to accept frames; it resumes when one returns.',
  },
  CC_FRAME_TOO_LARGE: {
    area: 'kafka',
    retriable: false,
    meaning: 'A frame larger than the class topic accepts: raise its limit (`classcast class config --max-frame-bytes`) or lower the quality or the scale.',
  },
  CC_STUDENT_CONNECTED: { area: 'kafka', retriable: false, meaning: "A student's position cannot be reset while the student is connected." },
  CC_BAD_ANNOUNCEMENT: { area: 'kafka', retriable: false, meaning: 'An announcement that is empty, not text, or holds control characters.' },
  CC_REPLAY_CLOSED: { area: 'kafka', retriable: false, meaning: 'A replay was asked of, or cut short by, a closed replay session.' },
  CC_BAD_PARTITION: { area: 'kafka', retriable: false, meaning: 'A replay position on a partition the class topic does not have.' },
  // stream: the class stream as each side runs it
  CC_BROADCAST_STALLED: { area: 'stream', retriable: true, meaning: 'Kafka has not confirmed a frame for a while; the broadcast resumes by itself.' },
  CC_BROADCAST_FAILED: { area: 'stream', retriable: false, meaning: 'The broadcast stopped on a failure that is not a Kafka error.' },
  CC_NOTHING_TO_REPLAY: {
    area: 'stream',
    retriable: true,
    meaning: 'A student asked to move in a lesson that has no frame yet: the student stays live and sees the lesson once it starts.',
  },
  // desktop: the Electron shells' IPC
  CC_IPC_UNTRUSTED_SENDER: { area: 'desktop', retriable: false, meaning: 'An IPC call from a window or frame the app did not create: refused, never handled.' },
  CC_IPC_BAD_REQUEST: { area: 'desktop', retriable: false, meaning: 'An IPC payload of the wrong shape.' },
  // ui: the viewer in a browser or a desktop window
  CC_VIEWER_DECODE_FAILED: { area: 'ui', retriable: false, meaning: 'A keyframe or delta atlas the browser could not decode as a picture.' },
  CC_VIEWER_DELTA_WITHOUT_BASE: {
    area: 'ui',
    retriable: false,
    meaning: 'A delta that does not fit the picture on screen: the viewer waits for the next keyframe.',
  },
  CC_VIEWER_NO_CANVAS: { area: 'ui', retriable: false, meaning: 'The browser gave no 2D canvas context (out of memory, or canvas disabled).' },
  // web: the gateway
  CC_STUDENT_ALREADY_WATCHING: { area: 'web', retriable: false, meaning: 'The same student name is already watching this class from a live connection.' },
  CC_GATEWAY_BAD_OPTIONS: { area: 'web', retriable: false, meaning: 'A gateway command-line option that makes no sense (`--port x`).' },
  CC_GATEWAY_LISTEN_FAILED: { area: 'web', retriable: false, meaning: 'The gateway could not listen (port taken, no permission).' },
  CC_GATEWAY_RATE_LIMITED: {
    area: 'web',
    retriable: true,
    meaning: 'A browser sent seek, speed or live messages faster than the gateway takes them: the excess was dropped, the student stays connected.',
  },
  CC_GATEWAY_TOO_MANY_JOINS: {
    area: 'web',
    retriable: true,
    meaning: 'More join attempts from one address than the gateway takes in a minute (default 20): the join is refused before any Kafka consumer is made.',
  },
  CC_GATEWAY_CLASS_FULL: {
    area: 'web',
    retriable: true,
    meaning: 'The class has as many students on this gateway as it takes (default 1000): the join is refused before the student takes a seat.',
  },
  CC_GATEWAY_FULL: {
    area: 'web',
    retriable: true,
    meaning: 'The gateway has as many students as it takes (default 2000): the join is refused before the student takes a seat.',
  },
  CC_GATEWAY_LOGIN_REQUIRED: {
    area: 'web',
    retriable: false,
    meaning: 'The class server needs each student to log in (a password or a school sign-in) and the join carried none, or the wrong kind.',
  },
  CC_GATEWAY_SIGN_IN_FAILED: {
    area: 'web',
    retriable: true,
    meaning: "The school's sign-in (OpenID Connect) could not be finished: the provider could not be reached, or gave no usable token.",
  },
  CC_GATEWAY_TOO_MANY_LOGINS: {
    area: 'web',
    retriable: true,
    meaning:
      'Too many refused logins from one address in a minute (default 5): further joins from it wait, so passwords cannot be guessed through the gateway.',
  },
  CC_GATEWAY_UNREACHABLE: {
    area: 'web',
    retriable: true,
    meaning: 'The teacher console could not open, or lost, its connection to the class server: its broadcast has ended.',
  },
  CC_GATEWAY_MESSAGE_TOO_BIG: {
    area: 'web',
    retriable: false,
    meaning: 'A browser sent the gateway a message over its size limit: the socket is closed (1009).',
  },
  // cli: command-line flags and exports
  CC_BAD_ACCESS_FLAGS: { area: 'cli', retriable: false, meaning: '`class access` needs exactly one of --teacher or --student.' },
  CC_BAD_CLASSROOM_FLAGS: {
    area: 'cli',
    retriable: false,
    meaning:
      '`classroom` cannot be set up as asked (--secure with --brokers, no student names, a student named like the teacher, a broker that did not start secured).',
  },
  CC_BAD_BROKER_FLAGS: {
    area: 'cli',
    retriable: false,
    meaning: '`broker up` flags that do not go together (--users-file without --secure), or a users file line that is not name:password.',
  },
  CC_BAD_BROKER_LIST: { area: 'cli', retriable: false, meaning: 'A --broker-list that is not a list of broker ids.' },
  CC_NOTHING_TO_CHANGE: { area: 'cli', retriable: false, meaning: '`class config` without a setting to change.' },
  CC_BAD_ANNOUNCE_FLAGS: { area: 'cli', retriable: false, meaning: '`announce` needs a notice or --eyes-on-me, not both and not neither.' },
  CC_EXPORT_EMPTY: { area: 'cli', retriable: false, meaning: 'No pictures in the asked time range: nothing to export.' },
  CC_EXPORT_FAILED: { area: 'cli', retriable: false, meaning: 'The ffmpeg tool could not write the video (or is not installed).' },
  CC_EXPORT_OUT_UNUSABLE: { area: 'cli', retriable: false, meaning: 'The folder for `export --out` cannot be created (a file is in the way, no permission).' },
  CC_LOCAL_BROKER_CA_MISSING: {
    area: 'cli',
    retriable: false,
    meaning: 'The running local broker (`broker up --secure`) serves TLS, but its CA certificate file is gone: restart it, or give --brokers.',
  },
  CC_SECRET_ON_COMMAND_LINE: {
    area: 'cli',
    retriable: false,
    meaning: 'A password given as a command-line flag, where `ps` shows it to every user of the machine: use the environment, a file or the prompt.',
  },
  // teacher and student desktop apps
  CC_ALREADY_BROADCASTING: { area: 'teacher', retriable: false, meaning: 'The teacher app was asked to start a broadcast while one runs.' },
  CC_JOIN_FAILED: { area: 'student', retriable: false, meaning: "The student app's window could not ask its main process to join." },
} as const satisfies Record<`CC_${string}`, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes one part of classcast raises: `type XErrorCode = ErrorCodeOf<'x'>`. */
export type ErrorCodeOf<Area extends ErrorArea> = { [Code in ErrorCode]: (typeof ERROR_CODES)[Code]['area'] extends Area ? Code : never }[ErrorCode];
