package io.heliosdb.gateway.embedded;

import io.heliosdb.gateway.ServerConfig;
import io.heliosdb.wire.core.tls.TlsContexts;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the server certificate: the configured PEM pair, else a self-signed one kept in the data dir. */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

  private ServerTls() {}

  public static SslContext load(ServerConfig config) {
    Path cert;
    Path key;
    if (config.tlsCert().isPresent()) {
      cert = config.tlsCert().get();
      key = config.tlsKey().orElseThrow();
    } else {
      Path[] pair = TlsContexts.ensureSelfSigned(config.dataDir());
      cert = pair[0];
      key = pair[1];
    }
    LOG.info("TLS certificate {}", cert);
    return TlsContexts.server(cert, key);
  }
}
