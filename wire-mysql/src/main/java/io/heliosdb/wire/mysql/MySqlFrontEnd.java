package io.heliosdb.wire.mysql;

import io.heliosdb.wire.core.FrontEnd;
import io.heliosdb.wire.core.FrontEndContext;
import io.heliosdb.wire.core.SniffResult;
import io.heliosdb.wire.mysql.auth.RsaKeys;
import io.heliosdb.wire.mysql.auth.Sha2Cache;
import io.heliosdb.wire.mysql.codec.MySqlPacketDecoder;
import io.heliosdb.wire.mysql.codec.SslRequestHandler;
import io.heliosdb.wire.mysql.session.MySqlFrontendHandler;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MySQL front end (registered for ServiceLoader). MySQL's server speaks first, so on the
 * shared port it is chosen when the client stays silent; it never claims bytes a client sent
 * first. Holds what all its connections share: the RSA key pair generated at startup, the
 * caching_sha2_password cache and the connection id counter.
 */
public final class MySqlFrontEnd implements FrontEnd {
  private final RsaKeys rsa = RsaKeys.generate();
  private final Sha2Cache sha2Cache = new Sha2Cache();
  private final AtomicLong connectionIds = new AtomicLong();

  public MySqlFrontEnd() {}

  @Override
  public String name() {
    return "mysql";
  }

  @Override
  public int defaultPort() {
    return 3306;
  }

  @Override
  public boolean serverSpeaksFirst() {
    return true;
  }

  @Override
  public SniffResult sniff(ByteBuf firstBytes) {
    return SniffResult.NO_MATCH;
  }

  @Override
  public void install(ChannelPipeline pipeline, FrontEndContext context, boolean tlsAlreadyActive) {
    MySqlFrontendHandler handler = new MySqlFrontendHandler(context, rsa, sha2Cache,
        connectionIds.incrementAndGet(), tlsAlreadyActive);
    if (context.serverTls() != null && !tlsAlreadyActive) {
      pipeline.addLast("mysql-ssl-request", new SslRequestHandler(context.serverTls(), handler::tlsStarted));
    }
    pipeline.addLast("mysql-decoder", new MySqlPacketDecoder());
    pipeline.addLast("mysql-handler", handler);
  }
}
