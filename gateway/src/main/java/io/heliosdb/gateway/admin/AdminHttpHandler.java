package io.heliosdb.gateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GET /health/liveness, /health/readiness and /metrics. Stateless, so one instance serves
 * every connection.
 */
@ChannelHandler.Sharable
public final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(AdminHttpHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final ReadinessProbe readiness;
  private final Supplier<String> metricsText;

  public AdminHttpHandler(ReadinessProbe readiness, Supplier<String> metricsText) {
    this.readiness = readiness;
    this.metricsText = metricsText;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    FullHttpResponse response;
    if (!request.decoderResult().isSuccess()) {
      response = text(HttpResponseStatus.BAD_REQUEST, "bad request\n", "text/plain; charset=utf-8");
    } else if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      response = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n", "text/plain; charset=utf-8");
    } else {
      response = route(new QueryStringDecoder(request.uri()).path());
    }
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    var write = ctx.writeAndFlush(response);
    if (!keepAlive) {
      write.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Admin connection failed", cause);
    ctx.close();
  }

  private FullHttpResponse route(String path) {
    return switch (path) {
      case "/health/liveness" -> json(HttpResponseStatus.OK, JSON.createObjectNode().put("status", "alive"));
      case "/health/readiness" -> readiness();
      case "/metrics" -> text(HttpResponseStatus.OK, metricsText.get(), PROMETHEUS_TEXT);
      default -> text(HttpResponseStatus.NOT_FOUND, "not found\n", "text/plain; charset=utf-8");
    };
  }

  private FullHttpResponse readiness() {
    List<String> notReady;
    try {
      notReady = readiness.notReady();
    } catch (RuntimeException e) {
      LOG.warn("Readiness probe failed", e);
      notReady = List.of("probe-error");
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("status", notReady.isEmpty() ? "ready" : "not ready");
    notReady.forEach(body.putArray("notReady")::add);
    return json(notReady.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, body);
  }

  private static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
    return text(status, body.toString() + "\n", HttpHeaderValues.APPLICATION_JSON + "; charset=utf-8");
  }

  private static FullHttpResponse text(HttpResponseStatus status, String body, String contentType) {
    ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    return response;
  }
}
