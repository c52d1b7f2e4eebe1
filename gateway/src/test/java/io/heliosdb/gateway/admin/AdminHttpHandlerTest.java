package io.heliosdb.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminHttpHandlerTest {
  private final List<String> notReady = new ArrayList<>();
  private final AdminHttpHandler handler = new AdminHttpHandler(() -> List.copyOf(notReady),
      () -> "# TYPE heliosdb_statements_total counter\nheliosdb_statements_total 3.0\n");

  /** Sends the request through a real HTTP encoder and decodes the response the same way. */
  private FullHttpResponse get(String uri, HttpMethod method) {
    EmbeddedChannel server = new EmbeddedChannel(new AdminHttpInitializer(handler, null));
    EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
    client.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri));
    for (Object bytes = client.readOutbound(); bytes != null; bytes = client.readOutbound()) {
      server.writeInbound(bytes);
    }
    for (Object bytes = server.readOutbound(); bytes != null; bytes = server.readOutbound()) {
      client.writeInbound(bytes);
    }
    return client.readInbound();
  }

  private static String body(FullHttpResponse response) {
    return response.content().toString(StandardCharsets.UTF_8);
  }

  @Test
  void livenessIsAlwaysOk() {
    notReady.add("metadata");
    FullHttpResponse response = get("/health/liveness", HttpMethod.GET);
    assertEquals(HttpResponseStatus.OK, response.status());
    response.release();
  }

  @Test
  void readinessIsOkWhenNothingIsPending() {
    FullHttpResponse response = get("/health/readiness", HttpMethod.GET);
    assertEquals(HttpResponseStatus.OK, response.status());
    assertTrue(response.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("application/json"));
    assertEquals("{\"status\":\"ready\",\"notReady\":[]}", body(response).trim());
    response.release();
  }

  @Test
  void readinessIs503AndNamesWhatIsNotReady() {
    notReady.add("metadata");
    notReady.add("cell-1");
    FullHttpResponse response = get("/health/readiness", HttpMethod.GET);
    assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, response.status());
    assertEquals("{\"status\":\"not ready\",\"notReady\":[\"metadata\",\"cell-1\"]}", body(response).trim());
    response.release();
  }

  @Test
  void aFailingProbeCountsAsNotReady() {
    AdminHttpHandler failing = new AdminHttpHandler(() -> {
      throw new IllegalStateException("boom");
    }, () -> "");
    EmbeddedChannel server = new EmbeddedChannel(new AdminHttpInitializer(failing, null));
    EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
    client.writeOutbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/health/readiness"));
    server.writeInbound((Object) client.readOutbound());
    client.writeInbound((Object) server.readOutbound());
    FullHttpResponse response = client.readInbound();
    assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, response.status());
    assertTrue(body(response).contains("probe-error"));
    response.release();
  }

  @Test
  void metricsAreServedAsPrometheusText() {
    FullHttpResponse response = get("/metrics?x=1", HttpMethod.GET);
    assertEquals(HttpResponseStatus.OK, response.status());
    assertTrue(response.headers().get(HttpHeaderNames.CONTENT_TYPE).startsWith("text/plain; version=0.0.4"));
    assertTrue(body(response).contains("heliosdb_statements_total 3.0"));
    response.release();
  }

  @Test
  void unknownPathsAre404AndOtherMethods405() {
    FullHttpResponse missing = get("/nope", HttpMethod.GET);
    assertEquals(HttpResponseStatus.NOT_FOUND, missing.status());
    missing.release();
    FullHttpResponse post = get("/metrics", HttpMethod.POST);
    assertEquals(HttpResponseStatus.METHOD_NOT_ALLOWED, post.status());
    post.release();
  }
}
