/** The protocols a probe speaks: a TCP connect, or as much of a database's opening as needs no secret. */
export const ProbeProtocol = {
  Tcp: 'tcp',
  Mysql: 'mysql',
  Postgres: 'postgres',
} as const;
export type ProbeProtocol = (typeof ProbeProtocol)[keyof typeof ProbeProtocol];
