/**
 * log4j2 configuration of a broker JVM: everything from INFO goes to `server.log` in the node's
 * dir (rolled at 20 MB, so a long-running classroom broker cannot fill the disk); WARN and above
 * also go to stdout, which the node process sends to `console.log` beside it. The console copy
 * leaves out stack traces, so any other line there is the JVM's own output (bad flag, crash).
 */
export function log4jConfig(serverLogFile: string): string {
  const rolled = serverLogFile.replace(/\.log$/, '') + '-%i.log';
  return `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <Console name="console" target="SYSTEM_OUT">
      <ThresholdFilter level="WARN"/>
      <PatternLayout pattern="[%d] %p %m (%c)%n" alwaysWriteExceptions="false"/>
    </Console>
    <RollingFile name="server" fileName="${escapeXml(serverLogFile)}" filePattern="${escapeXml(rolled)}">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
      <SizeBasedTriggeringPolicy size="20 MB"/>
      <DefaultRolloverStrategy max="2"/>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="INFO">
      <AppenderRef ref="server"/>
      <AppenderRef ref="console"/>
    </Root>
  </Loggers>
</Configuration>
`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}
