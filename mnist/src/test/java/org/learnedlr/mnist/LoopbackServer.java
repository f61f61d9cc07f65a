package org.learnedlr.mnist;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 serving fixed bodies by path (404 for the rest). No external network. */
final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  LoopbackServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = bodies.get(exchange.getRequestURI().getPath());
      try (exchange) {
        if (body == null) {
          exchange.sendResponseHeaders(404, -1);
        } else {
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      }
    });
    server.start();
  }

  /** Serves {@code body} at {@code path} (e.g. "/mnist/x.gz"). */
  LoopbackServer serve(String path, byte[] body) {
    bodies.put(path, body);
    return this;
  }

  /** The base URL of a directory on this server, e.g. base("/mnist/") = http://127.0.0.1:port/mnist/. */
  URI base(String dir) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + dir);
  }

  /** Requests received so far. */
  int requests() {
    return requests.get();
  }

  /** A loopback URL on which nothing listens (a port just released). */
  static URI closedPort(String dir) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort() + dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
